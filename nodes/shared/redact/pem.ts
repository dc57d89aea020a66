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

function lineStartOf(text: string, at: number): number {
	return text.lastIndexOf('\n', at - 1) + 1;
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
				const close = text.indexOf('-----END ', armourEnd);
				const closeEnd = close !== -1 && close < lineEnd ? text.indexOf('-----', close + 9) : -1;
				const end = closeEnd !== -1 && closeEnd < lineEnd ? closeEnd + 5 : lineEnd;
				edits.add(match.index, end, RULE);
				covered = end;
				armour.lastIndex = end;
				continue;
			}
			let end = lineEnd;
			let next = lineEnd + 1;
			while (next < text.length) {
				const nextEnd = lineEndOf(text, next);
				const endArmour = text.indexOf('-----END ', next);
				if (endArmour !== -1 && endArmour < nextEnd) {
					const closing = text.indexOf('-----', endArmour + 9);
					end = closing !== -1 && closing < nextEnd ? closing + 5 : nextEnd;
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
			let start = lineStartOf(text, match.index);
			const endLineStart = start;
			while (start > covered && start > 0) {
				const previousStart = lineStartOf(text, start - 1);
				if (!isBodyLine(text, previousStart, start - 1)) break;
				start = previousStart;
			}
			if (start < endLineStart) edits.add(start, armourEnd, RULE);
			covered = armourEnd;
		}
	}
}
