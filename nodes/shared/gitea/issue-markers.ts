/**
 * The invisible markers that tie an issue to a failure. Gitea keeps HTML comments in the raw
 * body and does not render them, so they survive edits through the web editor unless a person
 * deletes them on purpose.
 *
 *   issue body:  <!-- fingerprint: <fp> -->  <!-- occurrences: <n> -->  <!-- last-seen: <iso> -->
 *   comment:     <!-- fingerprint-occurrence: <fp> -->  <!-- occurrences: <n> -->
 *
 * A marker counts only as a line of its own that the markdown parser reads as an HTML block at the
 * top level: never inside a fenced or indented code block, a quote, a list or another HTML block,
 * where issue text quotes logs. Only Create or Comment writes markers; text from elsewhere has its
 * markers removed until none is left, so nothing nested (`<!-- finger<!-- … -->print: … -->`) can
 * turn into one.
 */
import MarkdownIt from 'markdown-it';

import { invalidInput } from './errors';

const MAX_FINGERPRINT_LENGTH = 200;

/** A fingerprint must sit inside an HTML comment on one line: no `--`, `<`, `>` or line breaks. */
export function checkFingerprint(value: unknown, field = 'Fingerprint'): string {
	const fingerprint = String(value ?? '').trim();
	if (fingerprint === '') {
		throw invalidInput(field, `${field} is empty - map the fingerprint from the Failure Triage node, or any stable expression`);
	}
	if (fingerprint.length > MAX_FINGERPRINT_LENGTH) {
		throw invalidInput(field, `${field} is ${fingerprint.length} characters long; at most ${MAX_FINGERPRINT_LENGTH} fit - use a hash`);
	}
	if (/[\r\n<>]|--/.test(fingerprint)) {
		throw invalidInput(field, `${field} must not contain line breaks, "<", ">" or "--" (it is stored in an HTML comment)`);
	}
	return fingerprint;
}

type MarkerKind = 'fingerprint' | 'occurrences' | 'last-seen' | 'fingerprint-occurrence';

interface Marker {
	kind: MarkerKind;
	value: string;
	/** 0-based line of the body (line breaks normalised to \n). */
	line: number;
}

const marker = (kind: MarkerKind, value: string) => `<!-- ${kind}: ${value} -->`;
export const fingerprintMarker = (fingerprint: string) => marker('fingerprint', fingerprint);
export const occurrenceCommentMarker = (fingerprint: string) => marker('fingerprint-occurrence', fingerprint);

const MARKER_LINE = /^<!-- (fingerprint|occurrences|last-seen|fingerprint-occurrence): ([^\n]*?) -->$/;

// Only the block structure matters: where fences, code, quotes, lists and HTML blocks are.
const markdown = new MarkdownIt({ html: true });
markdown.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join'], true);

const linesOf = (text: string) => text.replace(/\r\n?/g, '\n').split('\n');

/** Our markers in a body, in order, where the markdown parser sees a top-level HTML block that is exactly one marker. */
function markersIn(lines: string[]): Marker[] {
	const markers: Marker[] = [];
	for (const token of markdown.parse(lines.join('\n'), {})) {
		if (token.type !== 'html_block' || token.level !== 0 || !token.map || token.map[1] - token.map[0] !== 1) continue;
		const match = MARKER_LINE.exec(lines[token.map[0]].trim());
		if (match) markers.push({ kind: match[1] as MarkerKind, value: match[2], line: token.map[0] });
	}
	return markers;
}

const mayCarryMarkers = (text: string | undefined): text is string => Boolean(text?.includes('<!-- '));

export function fingerprintsIn(body: string | undefined): string[] {
	if (!mayCarryMarkers(body)) return [];
	return markersIn(linesOf(body))
		.filter((m) => m.kind === 'fingerprint')
		.map((m) => m.value);
}

export function carriesFingerprint(body: string | undefined, fingerprint: string): boolean {
	return Boolean(body?.includes(fingerprintMarker(fingerprint))) && fingerprintsIn(body).includes(fingerprint);
}

/** The first occurrence count in a body or comment. */
export function occurrencesIn(text: string | undefined): number | undefined {
	if (!mayCarryMarkers(text)) return undefined;
	const found = markersIn(linesOf(text)).find((m) => m.kind === 'occurrences' && /^\d+$/.test(m.value));
	return found ? Number(found.value) : undefined;
}

/** Whether a comment is one of ours for one of these fingerprints. */
export function isOccurrenceCommentFor(comment: string | undefined, fingerprints: string[]): boolean {
	if (!mayCarryMarkers(comment)) return false;
	return markersIn(linesOf(comment)).some((m) => m.kind === 'fingerprint-occurrence' && fingerprints.includes(m.value));
}

/**
 * Our markers removed, again until none is left (removing one can never build another, but the
 * loop makes that a property of the code, not an argument): text from elsewhere carries no marker.
 */
export function withoutMarkers(text: string): string {
	let lines = linesOf(text);
	for (let found = markersIn(lines); found.length; found = markersIn(lines)) {
		const drop = new Set(found.map((m) => m.line));
		lines = lines.filter((_line, index) => !drop.has(index));
	}
	return lines.join('\n');
}

/** Markers go first: a body that ends inside an unclosed fence would otherwise swallow them. */
const withMarkersFirst = (markers: string[], text: string) => `${markers.join('\n')}\n${text.trim() === '' ? '' : `\n${text.trim()}\n`}`;

/** The body of a new issue: the markers, then the user's text with any markers it carried removed. */
export function newIssueBody(userBody: string, fingerprint: string, seenAt: Date): string {
	return withMarkersFirst([fingerprintMarker(fingerprint), marker('occurrences', '1'), marker('last-seen', seenAt.toISOString())], withoutMarkers(userBody));
}

export interface OccurrenceUpdate {
	count: number;
	seenAt: Date;
	/** The fingerprint the issue is on from now on. */
	fingerprint: string;
	/** Fingerprints whose markers it replaces (an older algorithm's). */
	replacing?: string[];
}

/**
 * Sets the occurrence count and last-seen time in an issue body and moves it to `fingerprint`,
 * replacing the markers of `replacing`; markers a person removed are put back.
 */
export function withOccurrences(body: string, { count, seenAt, fingerprint, replacing = [] }: OccurrenceUpdate): string {
	const lines = linesOf(body);
	const markers = markersIn(lines);
	const set = (kind: MarkerKind, value: string, missing: string[]) => {
		const found = markers.find((m) => m.kind === kind);
		if (found) lines[found.line] = marker(kind, value);
		else missing.push(marker(kind, value));
	};
	const missing: string[] = [];
	const fingerprints = markers.filter((m) => m.kind === 'fingerprint');
	const superseded = fingerprints.filter((m) => replacing.includes(m.value) && m.value !== fingerprint);
	if (!fingerprints.some((m) => m.value === fingerprint)) {
		if (superseded.length) lines[superseded[0].line] = fingerprintMarker(fingerprint);
		else missing.push(fingerprintMarker(fingerprint));
	}
	set('occurrences', String(count), missing);
	set('last-seen', seenAt.toISOString(), missing);
	const dropped = new Set(superseded.filter((m) => lines[m.line] !== fingerprintMarker(fingerprint)).map((m) => m.line));
	const kept = lines.filter((_line, index) => !dropped.has(index)).join('\n');
	return missing.length ? withMarkersFirst(missing, kept) : kept;
}

export interface OccurrenceComment {
	fingerprint: string;
	count: number;
	seenAt: Date;
	runUrl?: string;
	/** Text from elsewhere (the rendered comment): its markers are removed. */
	text?: string;
}

export function occurrenceComment({ fingerprint, count, seenAt, runUrl, text }: OccurrenceComment): string {
	const lines = [`**Seen ${count} times** - last seen ${seenAt.toISOString()}.`];
	if (runUrl) lines.push('', `New run: <${runUrl}>`);
	const clean = text === undefined ? '' : withoutMarkers(text).trim();
	if (clean !== '') lines.push('', clean);
	return withMarkersFirst([occurrenceCommentMarker(fingerprint), marker('occurrences', String(count))], lines.join('\n'));
}
