/**
 * The invisible markers that tie an issue to a failure. Gitea keeps HTML comments in the raw
 * body and does not render them, so they survive edits through the web editor unless a person
 * deletes them on purpose.
 *
 *   issue body:  <!-- fingerprint: <fp> -->  <!-- occurrences: <n> -->  <!-- last-seen: <iso> -->
 *   comment:     <!-- fingerprint-occurrence: <fp> -->  <!-- occurrences: <n> -->
 */
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

export const fingerprintMarker = (fingerprint: string) => `<!-- fingerprint: ${fingerprint} -->`;

const FINGERPRINT_MARKER = /<!-- fingerprint: (.+?) -->/g;
const OCCURRENCES_MARKER = /<!-- occurrences: (\d+) -->/;
const LAST_SEEN_MARKER = /<!-- last-seen: [^>]*? -->/;

export function fingerprintsIn(body: string | undefined): string[] {
	return [...(body ?? '').matchAll(FINGERPRINT_MARKER)].map((match) => match[1]);
}

export function carriesFingerprint(body: string | undefined, fingerprint: string): boolean {
	return fingerprintsIn(body).includes(fingerprint);
}

export function occurrencesIn(text: string | undefined): number | undefined {
	const match = OCCURRENCES_MARKER.exec(text ?? '');
	return match ? Number(match[1]) : undefined;
}

/** Our markers removed, so a body rendered with its own markers does not carry two sets. */
export function withoutMarkers(body: string): string {
	return body
		.replace(new RegExp(FINGERPRINT_MARKER.source, 'g'), '')
		.replace(new RegExp(OCCURRENCES_MARKER.source, 'g'), '')
		.replace(new RegExp(LAST_SEEN_MARKER.source, 'g'), '');
}

/** The body of a new issue: the user's text, then the markers. */
export function newIssueBody(userBody: string, fingerprint: string, seenAt: Date): string {
	const body = withoutMarkers(userBody);
	const markers = [fingerprintMarker(fingerprint), `<!-- occurrences: 1 -->`, `<!-- last-seen: ${seenAt.toISOString()} -->`];
	return `${body.trimEnd()}${body.trim() === '' ? '' : '\n\n'}${markers.join('\n')}\n`;
}

/** Sets the occurrence count and last-seen time in an issue body, adding the markers if a person removed them. */
export function withOccurrences(body: string, count: number, seenAt: Date): string {
	const occurrences = `<!-- occurrences: ${count} -->`;
	const lastSeen = `<!-- last-seen: ${seenAt.toISOString()} -->`;
	let updated = OCCURRENCES_MARKER.test(body) ? body.replace(OCCURRENCES_MARKER, occurrences) : `${body.trimEnd()}\n${occurrences}\n`;
	updated = LAST_SEEN_MARKER.test(updated) ? updated.replace(LAST_SEEN_MARKER, lastSeen) : `${updated.trimEnd()}\n${lastSeen}\n`;
	return updated;
}

export const occurrenceCommentMarker = (fingerprint: string) => `<!-- fingerprint-occurrence: ${fingerprint} -->`;

export interface OccurrenceComment {
	fingerprint: string;
	count: number;
	seenAt: Date;
	runUrl?: string;
	text?: string;
}

export function occurrenceComment({ fingerprint, count, seenAt, runUrl, text }: OccurrenceComment): string {
	const lines = [`**Seen ${count} times** - last seen ${seenAt.toISOString()}.`];
	if (runUrl) lines.push('', `New run: <${runUrl}>`);
	if (text && text.trim() !== '') lines.push('', text.trim());
	lines.push('', occurrenceCommentMarker(fingerprint), `<!-- occurrences: ${count} -->`);
	return `${lines.join('\n')}\n`;
}
