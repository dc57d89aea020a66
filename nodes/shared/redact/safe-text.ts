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

// Characters that change how text reads without being seen: zero-width characters, bidi overrides
// and isolates (Trojan-source text), and every other format or default-ignorable code point.
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const LINE_OR_PARAGRAPH_SEPARATOR = /[\u2028\u2029]/g;

/** Untrusted text without invisible characters; Unicode line separators become spaces. */
export function removeInvisible(text: string): string {
	return text.replace(INVISIBLE, '').replace(LINE_OR_PARAGRAPH_SEPARATOR, ' ');
}

/**
 * `<!--` and `-->` in untrusted text get look-alike angle brackets (`‹!--`, `--›`), until none is
 * left: such text can then never open or close an HTML comment, so it can never look like one of the
 * issue markers Gitea's Create or Comment reads, even where a renderer or a person takes it out of
 * its fence. Visible characters, not zero-width ones: the rendered body drops invisible characters.
 */
export function neutraliseHtmlComments(text: string): string {
	let current = text;
	for (let previous = ''; previous !== current; ) {
		previous = current;
		current = current.replace(/<!--/g, '‹!--').replace(/-->/g, '--›');
	}
	return current;
}

/**
 * For the few places untrusted text cannot be fenced (an issue title, which Gitea does not render
 * as markdown but does scan for mentions, #/! references and URLs; an email subject; a line of the
 * text email): break those so they stay text. Invisible characters are removed first, and only then
 * are zero-width spaces inserted, so the breaks are the only invisible characters left.
 */
export function neutraliseInline(text: string): string {
	return removeInvisible(text)
		.replace(/[\r\n]+/g, ' ')
		.replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
		.replace(/@(?=[\w.-])/g, `@${ZERO_WIDTH_SPACE}`)
		.replace(/([#!])(?=\d)/g, `$1${ZERO_WIDTH_SPACE}`)
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

/**
 * A GFM table cell showing `text` as code. GFM splits a row at every `|` that no backslash escapes,
 * inside code spans too: cmark-gfm and micromark pair backslashes (`\\|` splits), goldmark (Gitea)
 * looks only at the character before. A pipe after an odd run of backslashes splits in neither, and
 * both turn `\|` in a cell's code span back into `|`.
 */
export function codeCell(text: string): string {
	const span = code(text);
	let out = '';
	let backslashes = 0;
	for (const char of span) {
		if (char === '|' && backslashes % 2 === 0) out += '\\';
		backslashes = char === '\\' ? backslashes + 1 : 0;
		out += char;
	}
	return out;
}

// What ends or escapes a markdown link destination, or splits a table row.
const MARKDOWN_LINK_SPECIAL = /[\s()<>[\]\\|`"']/g;

/** An http(s) URL as a markdown link destination: characters markdown reads are percent-encoded. */
export function markdownHref(url: string | undefined): string | undefined {
	return safeHref(url)?.replace(MARKDOWN_LINK_SPECIAL, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
