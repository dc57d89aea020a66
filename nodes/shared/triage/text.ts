import { stripVTControlCharacters } from 'node:util';

// C0 controls except tab, plus DEL and the C1 range: terminals interpret them, issues should not.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const HAS_ESCAPE_OR_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

// Terminal string sequences (OSC, DCS, APC, PM) carry no visible text: Buildkite stamps every line
// with `ESC _ bk;t=<ms> BEL`, terminals set titles and links with OSC. stripVTControlCharacters leaves
// their payload behind.
// eslint-disable-next-line no-control-regex
const STRING_SEQUENCE = /\u001b[_\]P^][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;

/**
 * One log line as a person would read it in a terminal: ANSI/VT sequences removed, a carriage-return
 * progress bar reduced to its last state, other control characters dropped.
 */
export function normaliseLine(raw: string): string {
	let line = raw;
	if (line.endsWith('\r')) line = line.slice(0, -1);
	if (!HAS_ESCAPE_OR_CONTROL.test(line)) return line;
	line = stripVTControlCharacters(line.replace(STRING_SEQUENCE, ''));
	const lastCr = line.lastIndexOf('\r');
	if (lastCr >= 0) {
		const after = line.slice(lastCr + 1);
		line = after.trim() ? after : line.slice(0, lastCr).split('\r').pop() ?? '';
	}
	return line.replace(CONTROL, '');
}

/** Text that is mostly unprintable (a binary dumped into a log) is reported, not quoted. */
export function isBinaryJunk(line: string): boolean {
	if (line.length < 16) return false;
	let unprintable = 0;
	for (let i = 0; i < line.length; i++) {
		const code = line.charCodeAt(i);
		if (code === 0xfffd || (code < 32 && code !== 9)) unprintable++;
	}
	return unprintable / line.length > 0.3;
}

/**
 * A key under which lines that say the same thing compare equal (times, numbers, hashes, addresses
 * and generated names stripped), so repeated lines count once. Deliberately coarse: it is for
 * collapsing repeats, not for deciding what counts as the same failure (`failure-fingerprint.ts`).
 */
export function normaliseForRepeats(line: string): string {
	return line
		.replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\b/g, '<time>')
		.replace(/\b\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, '<time>')
		.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
		.replace(/\bsha256:[0-9a-f]{16,}\b/gi, '<digest>')
		.replace(/\b[0-9a-f]{7,64}\b/gi, (hex) => (/\d/.test(hex) && /[a-f]/i.test(hex) ? '<hash>' : hex))
		.replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '<ip>')
		.replace(/\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b/gi, '<ip>')
		// Generated suffixes of pods, TaskRuns and ReplicaSets: name-7d9f8c6b5-x2x4z, run-abc12-build-pod
		.replace(/-[a-z0-9]{5}(?=\b|-)/g, (suffix) => (/\d/.test(suffix) ? '-<id>' : suffix))
		.replace(/-[0-9a-f]{8,10}-[a-z0-9]{5}\b/g, '-<id>')
		.replace(/\/tmp\/[^\s'"]+/g, '/tmp/<path>')
		.replace(/\d+(?:\.\d+)?/g, '<n>')
		.replace(/\s+/g, ' ')
		.trim()
		.toLowerCase();
}
