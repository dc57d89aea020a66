/**
 * Reads rendered markdown the way Gitea does, and lists what in it untrusted text could have made.
 *
 * The parser is micromark with its GFM extension (through mdast-util-from-markdown and
 * mdast-util-gfm): CommonMark plus GFM tables, autolink literals, strikethrough and task lists, the
 * same set Gitea enables in goldmark. Both follow the CommonMark and GFM specifications; where the
 * two differ on tables (a `\\|` before a pipe: micromark pairs the backslashes and splits the cell,
 * goldmark does not), micromark splits more, so a cell that holds here holds in Gitea. Gitea's own
 * post-processing (mentions, `#1` and `!1` references) runs on text outside code, and is checked on
 * the text nodes.
 */
import type { Nodes, Root, RootContent } from 'mdast';

export type ElementKind = 'link' | 'image' | 'reference' | 'html' | 'heading' | 'table cell' | 'mention' | 'issue reference' | 'untrusted text' | 'invisible character';

export interface UntrustedElement {
	kind: ElementKind;
	/** What was found, for the test's message. */
	text: string;
}

export interface OwnElements {
	/** Link targets the renderer itself writes (the run, the issue). */
	links?: string[];
	/** HTML the renderer itself writes. */
	html?: RegExp[];
	/** Headings the renderer itself writes. */
	headings?: RegExp[];
	/** Cells a table row of the renderer has. */
	tableColumns?: number;
	/** Text that only untrusted input contains; found outside code, it is untrusted text shown as markup. */
	untrustedMarker?: RegExp;
}

type FromMarkdown = typeof import('mdast-util-from-markdown', { with: { 'resolution-mode': 'import' } }).fromMarkdown;
type Gfm = typeof import('micromark-extension-gfm', { with: { 'resolution-mode': 'import' } }).gfm;
type GfmFromMarkdown = typeof import('mdast-util-gfm', { with: { 'resolution-mode': 'import' } }).gfmFromMarkdown;

let parser: Promise<(markdown: string) => Root> | undefined;

/** The markdown as Gitea's renderer reads it: CommonMark with the GFM extensions. */
export function parseGfm(markdown: string): Promise<Root> {
	parser ??= Promise.all([import('mdast-util-from-markdown'), import('micromark-extension-gfm'), import('mdast-util-gfm')]).then(
		([{ fromMarkdown }, { gfm }, { gfmFromMarkdown }]: [{ fromMarkdown: FromMarkdown }, { gfm: Gfm }, { gfmFromMarkdown: GfmFromMarkdown }]) =>
			(text: string) => fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }),
	);
	return parser.then((parse) => parse(markdown));
}

/** The text of a node and its children, code included. */
export function textOf(node: Nodes): string {
	if ('value' in node && typeof node.value === 'string') return node.value;
	return 'children' in node ? (node.children as Nodes[]).map(textOf).join('') : '';
}

// Gitea links `@user` and `#1` / `!1` / `owner/repo#1` when they start a word in text outside code.
const MENTION = /(?:^|[\s([])@[0-9A-Za-z_-]/;
const ISSUE_REFERENCE = /(?:^|[\s([])(?:[\w.-]+\/[\w.-]+)?[#!]\d/;

/** Every element of the markdown outside code that is not one the renderer writes itself. */
export async function untrustedElements(markdown: string, own: OwnElements = {}): Promise<UntrustedElement[]> {
	const found: UntrustedElement[] = [];
	const visit = (node: Nodes): void => {
		switch (node.type) {
			case 'code':
			case 'inlineCode':
				return;
			case 'link':
				if (!own.links?.includes(node.url)) found.push({ kind: 'link', text: node.url });
				break;
			case 'image':
				found.push({ kind: 'image', text: node.url });
				break;
			case 'imageReference':
			case 'linkReference':
			case 'definition':
			case 'footnoteReference':
			case 'footnoteDefinition':
				found.push({ kind: 'reference', text: textOf(node) || node.type });
				break;
			case 'html':
				if (!own.html?.some((pattern) => pattern.test(node.value))) found.push({ kind: 'html', text: node.value });
				break;
			case 'heading':
				if (!own.headings?.some((pattern) => pattern.test(textOf(node)))) found.push({ kind: 'heading', text: textOf(node) });
				break;
			case 'tableRow':
				if (own.tableColumns !== undefined && node.children.length !== own.tableColumns) {
					found.push({ kind: 'table cell', text: `a row of ${node.children.length} cells: ${node.children.map(textOf).join(' | ')}` });
				}
				break;
			case 'text':
				if (MENTION.test(node.value)) found.push({ kind: 'mention', text: node.value });
				if (ISSUE_REFERENCE.test(node.value)) found.push({ kind: 'issue reference', text: node.value });
				if (own.untrustedMarker?.test(node.value)) found.push({ kind: 'untrusted text', text: node.value });
				break;
		}
		if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
	};
	visit(await parseGfm(markdown));
	return found;
}
