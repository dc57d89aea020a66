/**
 * PEM private keys, whole or in pieces: a BEGIN line and the body lines after it (to the END line,
 * or as far as the body goes when the text was cut), and an END line with the body lines before it
 * when the BEGIN line is not in the text (the tail of a log whose head was left out). Every line of
 * the key, armour included, becomes one marker, so the text keeps its line count.
 */
import type { Edits } from './edits';
import { PATTERNS } from './rules';

const RULE = 'private-key';
const PEM_HEADERS = ['Proc-Type:', 'DEK-Info:', 'Comment:', 'Version:'];
/** An RSA-8192 key's body is about 6,400 characters; looking further back above an END line finds nothing more. */
const MAX_BODY_LOOKBACK = 16_384;

/** The start of the line holding `at`, looking back no further than `floor` (text before it is already done). */
function lineStartOf(text: string, at: number, floor: number): number {
	return floor + text.slice(floor, at).lastIndexOf('\n') + 1;
}

function lineEndOf(text: string, at: number): number {
	const end = text.indexOf('\n', at);
	return end === -1 ? text.length : end;
}

const isBase64Char = (c: number) =>
	(c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 /* + */ || c === 47 /* / */ || c === 61; /* = */

/** A line of a key's body: base64 only (a line cut by a reader may end in "…"), or a PEM header. */
function isBodyLine(text: string, start: number, end: number): boolean {
	let i = start;
	while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
	if (PEM_HEADERS.some((header) => text.startsWith(header, i))) return true;
	const first = i;
	while (i < end && isBase64Char(text.charCodeAt(i))) i++;
	if (i === first) return false;
	const rest = text.slice(i, Math.min(end, i + 80)).trim();
	return rest === '' || (i - first >= 16 && (rest.startsWith('…') || rest.startsWith('[…')));
}

export function findPrivateKeys(text: string, edits: Edits): void {
	if (!text.includes('PRIVATE KEY-----')) return;
	const armour = new RegExp(PATTERNS.pemArmour.source, PATTERNS.pemArmour.flags);
	let covered = 0;
	let match: RegExpExecArray | null;
	while ((match = armour.exec(text))) {
		const begin = match[1] === 'BEGIN';
		const armourEnd = match.index + match[0].length;
		if (match.index < covered) continue;
		if (begin) {
			const lineEnd = lineEndOf(text, armourEnd);
			if (text.slice(armourEnd, lineEnd).trim()) {
				// The key on one line (JSON-escaped `\n`, or a log that joined the lines).
				const rest = text.slice(armourEnd, lineEnd);
				const close = rest.indexOf('-----END ');
				const closeEnd = close === -1 ? -1 : rest.indexOf('-----', close + 9);
				const end = closeEnd !== -1 ? armourEnd + closeEnd + 5 : lineEnd;
				edits.add(match.index, end, RULE);
				covered = end;
				armour.lastIndex = end;
				continue;
			}
			let end = lineEnd;
			let next = lineEnd + 1;
			while (next < text.length) {
				const nextEnd = lineEndOf(text, next);
				const line = text.slice(next, nextEnd);
				const endArmour = line.indexOf('-----END ');
				if (endArmour !== -1) {
					const closing = line.indexOf('-----', endArmour + 9);
					end = closing !== -1 ? next + closing + 5 : nextEnd;
					break;
				}
				if (!isBodyLine(text, next, nextEnd)) break;
				end = nextEnd;
				next = nextEnd + 1;
			}
			edits.add(match.index, end, RULE);
			covered = end;
			armour.lastIndex = Math.max(armour.lastIndex, end);
		} else {
			// An END line whose BEGIN is not in the text: its body lines are just above it.
			const floor = Math.max(covered, match.index - MAX_BODY_LOOKBACK);
			let start = lineStartOf(text, match.index, floor);
			const endLineStart = start;
			while (start > floor) {
				const previousStart = lineStartOf(text, start - 1, floor);
				if (!isBodyLine(text, previousStart, start - 1)) break;
				start = previousStart;
			}
			if (start < endLineStart) edits.add(start, armourEnd, RULE);
			covered = armourEnd;
		}
	}
}
