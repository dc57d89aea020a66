/**
 * Putting untrusted text (logs, events, model output) into markdown and HTML so it stays text:
 * no link, image, mention, issue reference, HTML or fence break-out can come from it.
 */

/** A fenced code block that the text cannot close: the fence is longer than any backtick run in it. */
export function fence(untrusted: string, info = 'text'): string {
	const text = neutraliseHtmlComments(untrusted);
	const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
	const ticks = '`'.repeat(Math.max(3, longestRun + 1));
	// A line of spaces and tildes/backticks inside cannot close a backtick fence longer than it.
	return `${ticks}${info}\n${text.replace(/\r/g, '')}\n${ticks}`;
}

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * `<!--` and `-->` in untrusted text broken with a zero-width space, until none is left: such text
 * can then never open or close an HTML comment, so it can never look like one of the issue markers
 * Gitea's Create or Comment reads, even where a renderer or a person takes it out of its fence.
 */
export function neutraliseHtmlComments(text: string): string {
	let current = text;
	for (let previous = ''; previous !== current; ) {
		previous = current;
		current = current.replace(/<!--/g, `<${ZERO_WIDTH_SPACE}!--`).replace(/-->/g, `--${ZERO_WIDTH_SPACE}>`);
	}
	return current;
}

/**
 * For the few places untrusted text cannot be fenced (an issue title, which Gitea does not render
 * as markdown but does scan for mentions, #references and URLs): break those so they stay text.
 */
export function neutraliseInline(text: string): string {
	return text
		.replace(/[\r\n]+/g, ' ')
		.replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
		.replace(/@(?=[\w.-])/g, `@${ZERO_WIDTH_SPACE}`)
		.replace(/#(?=\d)/g, `#${ZERO_WIDTH_SPACE}`)
		.replace(/!\[/g, `!${ZERO_WIDTH_SPACE}[`)
		.replace(/\]\(/g, `]${ZERO_WIDTH_SPACE}(`)
		.replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
		.replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Only http(s) URLs become links; anything else is shown as text. */
export function safeHref(url: string | undefined): string | undefined {
	if (!url) return undefined;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
	} catch {
		return undefined;
	}
}

/** Kubernetes names are validated, but they still go into code spans, never bare prose. */
export function code(text: string): string {
	const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
	const ticks = '`'.repeat(longestRun + 1);
	const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
	return `${ticks}${pad}${text.replace(/[\r\n]+/g, ' ')}${pad}${ticks}`;
}
