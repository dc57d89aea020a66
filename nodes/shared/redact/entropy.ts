/**
 * Long high-entropy values with no key and no known prefix: a token pasted into a command, key
 * material cut out of its PEM block. Kept: hex (git SHAs, image digests, checksums), UUIDs, values
 * after a hash prefix (`sha256:`, `sha512-`, go.sum's `h1:`), paths, and words and identifiers
 * (they lack one of upper case, lower case and digits, or score below the entropy threshold).
 */
import type { Edits } from './edits';
import { ENTROPY, HASH_PREFIX, HASH_RUN_PREFIX } from './rules';

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
	const counts = new Map<string, number>();
	for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
	let bits = 0;
	for (const n of counts.values()) {
		const p = n / text.length;
		bits -= p * Math.log2(p);
	}
	return bits;
}

function classes(text: string): { upper: boolean; lower: boolean; digit: boolean; hexOnly: boolean } {
	let upper = false;
	let lower = false;
	let digit = false;
	let hexOnly = true;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 65 && c <= 90) upper = true;
		else if (c >= 97 && c <= 122) lower = true;
		else if (c >= 48 && c <= 57) digit = true;
		const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45 || c === 95;
		if (!hex) hexOnly = false;
	}
	return { upper, lower, digit, hexOnly };
}

const isPadding = (c: string) => c === '-' || c === '_' || c === '=';

function trimPadding(run: string): string {
	let start = 0;
	let end = run.length;
	while (start < end && isPadding(run[start])) start++;
	while (end > start && isPadding(run[end - 1])) end--;
	return run.slice(start, end);
}

/** Whether a run (no `/`) is a secret by its make-up: the rule id, or undefined. */
export function judgeRun(run: string): 'high-entropy' | 'base64-blob' | undefined {
	const core = trimPadding(run);
	if (core.length < ENTROPY.minLength) return undefined;
	const { upper, lower, digit, hexOnly } = classes(core);
	if (hexOnly || !(upper && lower && digit)) return undefined;
	if (core.length >= ENTROPY.blobLength) return 'base64-blob';
	if (shannonEntropy(core) < ENTROPY.minBitsPerChar) return undefined;
	if (wordFraction(core) >= ENTROPY.maxWordFraction || classSwitchRate(core) < ENTROPY.minClassSwitchRate) return undefined;
	return 'high-entropy';
}

type CharClass = 0 | 1 | 2 | 3;
const classOf = (c: number): CharClass => (c >= 65 && c <= 90 ? 1 : c >= 97 && c <= 122 ? 2 : c >= 48 && c <= 57 ? 3 : 0);

/** The share of characters in words: an optional capital and 3+ lower-case letters, or 3+ capitals not starting a word. */
export function wordFraction(text: string): number {
	let inWords = 0;
	let i = 0;
	while (i < text.length) {
		const start = i;
		if (classOf(text.charCodeAt(i)) === 1) {
			while (i < text.length && classOf(text.charCodeAt(i)) === 1) i++;
			const capitals = i - start;
			let lower = i;
			while (lower < text.length && classOf(text.charCodeAt(lower)) === 2) lower++;
			if (lower - i >= 3) {
				// `HTTPServer`: the last capital starts the word, the ones before it are an acronym.
				if (capitals - 1 >= 3) inWords += capitals - 1;
				inWords += lower - i + 1;
				i = lower;
			} else if (lower === i && capitals >= 3) inWords += capitals;
			else i = Math.max(i, start + 1);
			continue;
		}
		if (classOf(text.charCodeAt(i)) === 2) {
			while (i < text.length && classOf(text.charCodeAt(i)) === 2) i++;
			if (i - start >= 3) inWords += i - start;
			continue;
		}
		i++;
	}
	return inWords / text.length;
}

/** How often neighbouring letters and digits differ in class (upper, lower, digit). */
export function classSwitchRate(text: string): number {
	let pairs = 0;
	let switches = 0;
	for (let i = 1; i < text.length; i++) {
		const a = classOf(text.charCodeAt(i - 1));
		const b = classOf(text.charCodeAt(i));
		if (!a || !b) continue;
		pairs++;
		if (a !== b) switches++;
	}
	return pairs ? switches / pairs : 0;
}

/** Runs shorter than this are not looked at: too short to be a credential by entropy alone. */
const CANDIDATE_RUN = ENTROPY.minLength;

/** Characters of a token, base64 or base64url: letters, digits, `+`, `/`, `_`, `-`. */
function isTokenChar(code: number): boolean {
	return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 43 || code === 47 || code === 95 || code === 45;
}

/**
 * Maximal runs of token characters of at least `minLength`, with up to two `=` of base64 padding.
 * A loop, not a regex: V8 keeps a backtracking entry per character of a `+` loop, and a run of a
 * few megabytes overflowed its stack (whether it did depended on how deep the caller's stack was).
 */
function* tokenRuns(text: string, minLength: number): Generator<[number, number]> {
	let i = 0;
	while (i < text.length) {
		if (!isTokenChar(text.charCodeAt(i))) {
			i++;
			continue;
		}
		const start = i;
		while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
		if (i - start < minLength) continue;
		let end = i;
		while (end < text.length && end - i < 2 && text.charCodeAt(end) === 61) end++;
		yield [start, end];
		i = end;
	}
}

export function findHighEntropy(text: string, edits: Edits): void {
	for (const [start, end] of tokenRuns(text, CANDIDATE_RUN)) {
		const run = text.slice(start, end);
		if (HASH_PREFIX.test(text.slice(Math.max(0, start - 8), start)) || HASH_RUN_PREFIX.test(run)) continue;
		if (run.includes('/')) {
			// A path is not a secret; base64 with a `/` in it still has a long high-entropy piece.
			if (run.startsWith('/') || run.includes('//')) continue;
			// Judged without its slashes: path words still read as words, base64 still as random.
			const joined = run.split('/').join('');
			const rule = run.length >= ENTROPY.blobLength ? (shannonEntropy(run) >= ENTROPY.minBlobBitsPerChar && judgeRun(joined) ? 'base64-blob' : undefined) : judgeRun(joined);
			if (rule) edits.add(start, start + run.length, rule);
			continue;
		}
		const rule = judgeRun(run);
		if (rule) edits.add(start, start + run.length, rule);
	}
}
