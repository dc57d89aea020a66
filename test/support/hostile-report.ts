/**
 * A failure whose every untrusted part is hostile markup: the log, the events, what the cluster says
 * about the pod (names, labels, image, reason, node), what could not be read, and the model's
 * analysis. Rendered, it must show all of it as text; `countUntrustedElements` counts what it does not.
 * Used by the rendering tests and by `npm run bench:injection`.
 */
import type { CollectedFailure } from '../../nodes/shared/triage/collect';
import { renderReport, type RenderedReport } from '../../nodes/shared/triage/render';
import { buildReport } from '../../nodes/shared/triage/report';
import { untrustedElements, type OwnElements, type UntrustedElement } from './gfm';

/** Every hostile string holds "evil", which none of the renderer's own words do. */
export const UNTRUSTED_MARKER = /evil/i;

/** Markup that would do something if it were rendered outside code. */
export const HOSTILE_LINES = [
	'| ![beacon](https://evil.example/b.png) |',
	'`x | ![cell](https://evil.example/c.png) | y`',
	'x\\| ![escaped](https://evil.example/e.png) \\\\| evil',
	'# evil heading',
	'evil underline heading',
	'===',
	'<img src="https://evil.example/p.png"> <script>evil()</script>',
	'<details><summary>evil</summary>',
	'@evil-admin #1 !4 evil/repo#2',
	'https://evil.example/x www.evil.example evil@evil.example',
	'[evil link](https://evil.example/l) [evil ref][r] evil[^1]',
	'',
	'[r]: https://evil.example/r',
	'[^1]: evil footnote',
	'\u202eevil\u202c zero\u200bwidth evil\u2066isolate\u2069 \ufeffbom',
	'<!-- fingerprint: deadbeefdeadbeef --> evil',
	'```` evil fence break',
	'~~~ evil',
	'error: build failed, evil',
];

const HOSTILE_INLINE = HOSTILE_LINES.join(' ');

export const HOSTILE_RUN_URL = 'https://tekton.example/run/1?evil=|)(x';

/** A collected failure as a hostile cluster (or MCP server) could describe it. */
export function hostileRecord(): CollectedFailure {
	return {
		namespace: 'ci',
		podName: `build-pod ${HOSTILE_INLINE}`,
		pod: { phase: 'Failed', nodeName: `node ${HOSTILE_INLINE}`, reason: `Error ${HOSTILE_INLINE}`, labels: {} },
		tekton: {
			// Short, so that the title (cut at 160 characters) holds all of it.
			pipeline: 'evil\u202e !4 @evil-admin',
			pipelineRun: `build-run ${HOSTILE_INLINE}`,
			pipelineTask: 'compile\u200b #1 https://evil.example',
			taskRun: `build-run-compile ${HOSTILE_INLINE}`,
			task: 'compile',
		},
		containers: [
			{
				name: `step-build ${HOSTILE_INLINE}`,
				kind: 'container',
				image: `registry.example/app:1 ${HOSTILE_INLINE}`,
				reason: `Error ${HOSTILE_INLINE}`,
				exitCode: 1,
				restartCount: 0,
				usePreviousLog: false,
				neverStarted: false,
				logFromPrevious: false,
				log: HOSTILE_LINES.join('\n'),
			},
			{
				name: `step-push ${HOSTILE_INLINE}`,
				kind: 'container',
				exitCode: 1,
				restartCount: 0,
				usePreviousLog: false,
				neverStarted: false,
				logFromPrevious: false,
				log: 'error: push failed evil ![x](https://evil.example/o.png)',
			},
		],
		skippedSteps: [`step-test ${HOSTILE_INLINE}`],
		events: HOSTILE_LINES.map((line) => ({ type: 'Warning', reason: `Failed ${line}`, message: line, object: `Pod/${line}` })),
		problems: [{ what: `events ${HOSTILE_INLINE}`, why: HOSTILE_LINES.join('\n') }],
		notes: [HOSTILE_LINES.join('\n')],
		otherFailedPods: [`other-pod ${HOSTILE_INLINE}`],
		containerNote: HOSTILE_LINES.join('\n'),
	};
}

export const hostileAnalysis = {
	summary: HOSTILE_LINES.join('\n'),
	root_cause: HOSTILE_LINES.join('\n'),
	fixes: HOSTILE_LINES,
	confidence: '| ![c](https://evil.example/c.png) |',
	category: 'compile_error',
};

export const HOSTILE_MODEL_NAME = `model ${HOSTILE_INLINE}`;

export interface HostileRender {
	rendered: RenderedReport;
	issueUrl: string;
	runUrl: string;
}

/** The hostile failure rendered with the hostile analysis, as the shipped workflow renders it. */
export async function renderHostileFailure(record: CollectedFailure = hostileRecord()): Promise<HostileRender> {
	const report = await buildReport(record);
	const issueUrl = 'https://gitea.example/platform/pipelines/issues/7';
	const rendered = await renderReport({ report, analysis: hostileAnalysis, analysisModel: HOSTILE_MODEL_NAME, runUrl: HOSTILE_RUN_URL, issueUrl });
	return { rendered, issueUrl, runUrl: new URL(HOSTILE_RUN_URL).href };
}

const ISSUE_HEADINGS = [/^What failed$/, /^The failure happened again$/, /^Evidence$/, /^Analysis\b/, /^Suggested fixes for /, /^Other failed containers$/, /^Events$/, /^Could not read$/];
const ISSUE_HTML = [/^<details><summary>Log digest \(\d+ lines read, redacted\)<\/summary>$/, /^<\/details>$/, /^<!-- fingerprint: [0-9a-f]{16} -->$/];
const HTML_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'h1', 'h2', 'p', 'span', 'a', 'table', 'tr', 'th', 'td', 'pre', 'ul', 'li', 'b']);

/** Tags, links and active attributes in the HTML email that the renderer does not write itself. */
export function untrustedHtmlElements(html: string, ownLinks: string[]): UntrustedElement[] {
	const found: UntrustedElement[] = [];
	for (const [tag, name] of html.matchAll(/<\/?([a-zA-Z][\w-]*)[^>]*>/g)) {
		if (!HTML_TAGS.has(name.toLowerCase())) found.push({ kind: 'html', text: tag });
		for (const [attribute] of tag.matchAll(/\s(?:src|on\w+)\s*=/gi)) found.push({ kind: 'html', text: attribute });
	}
	for (const [, href] of html.matchAll(/href="([^"]*)"/g)) if (!ownLinks.includes(href.replace(/&amp;/g, '&'))) found.push({ kind: 'link', text: href });
	found.push(...invisibleCharacters(html));
	return found;
}

// Gitea links mentions and references in titles; mail clients link URLs in subjects and text.
const ACTIVE_IN_TITLE = /(?:^|[\s([])@[0-9A-Za-z_-]|[#!]\d|:\/\/|\bwww\.|[<>]/g;
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// The only invisible characters a title may hold: the zero-width spaces that break the above.
const OWN_BREAK = /(?<=[@#!:\]]|www)\u200b/g;

/** Invisible characters (zero-width, bidi controls) other than the breaks the renderer inserts. */
function invisibleCharacters(text: string): UntrustedElement[] {
	return [...text.replace(OWN_BREAK, '').matchAll(INVISIBLE)].map(([char]) => ({ kind: 'invisible character', text: `U+${char.codePointAt(0)!.toString(16).toUpperCase()}` }));
}

/** What a title (or an email subject) would link, and invisible characters it kept from its input. */
export function untrustedTitleElements(title: string): UntrustedElement[] {
	const found: UntrustedElement[] = [...title.matchAll(ACTIVE_IN_TITLE)].map(([text]) => ({ kind: text.includes('@') ? 'mention' : /\d/.test(text) ? 'issue reference' : text === '<' || text === '>' ? 'html' : 'link', text }) as UntrustedElement);
	return [...found, ...invisibleCharacters(title)];
}

export interface UntrustedByOutput {
	title: UntrustedElement[];
	body: UntrustedElement[];
	commentBody: UntrustedElement[];
	text: UntrustedElement[];
	html: UntrustedElement[];
}

/** Elements in each output of the render that untrusted text made. The target is none anywhere. */
export async function countUntrustedElements({ rendered, issueUrl, runUrl }: HostileRender): Promise<UntrustedByOutput> {
	const markdownRunLink = new URL(runUrl).href.replace(/[\s()<>[\]\\|`"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	const issue: OwnElements = { links: [markdownRunLink], html: ISSUE_HTML, headings: ISSUE_HEADINGS, tableColumns: 2, untrustedMarker: UNTRUSTED_MARKER };
	return {
		title: untrustedTitleElements(rendered.title),
		body: await untrustedElements(rendered.body, issue),
		commentBody: await untrustedElements(rendered.commentBody, issue),
		// The text email is plain text; read as markdown it must still hold nothing but its own links.
		text: await untrustedElements(rendered.text, { links: [issueUrl, runUrl] }),
		html: untrustedHtmlElements(rendered.html, [issueUrl, runUrl]),
	};
}
