/**
 * Long high-entropy values with no key and no known prefix: a token pasted into a command, key
 * material cut out of its PEM block. Kept: hex (git SHAs, image digests, checksums), UUIDs, values
 * after a hash prefix (`sha256:`, `sha512-`, go.sum's `h1:`), paths, and words and identifiers
 * (they lack one of upper case, lower case and digits, or score below the entropy threshold).
 */
import type { Edits } from './edits';
import { ENTROPY, HASH_PREFIX, HASH_RUN_PREFIX, PATTERNS } from './rules';

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
	return shannonEntropy(core) >= ENTROPY.minBitsPerChar ? 'high-entropy' : undefined;
}

export function findHighEntropy(text: string, edits: Edits): void {
	const candidates = new RegExp(PATTERNS.entropyCandidate.source, PATTERNS.entropyCandidate.flags);
	let match: RegExpExecArray | null;
	while ((match = candidates.exec(text))) {
		const run = match[0];
		const start = match.index;
		if (HASH_PREFIX.test(text.slice(Math.max(0, start - 8), start)) || HASH_RUN_PREFIX.test(run)) continue;
		if (run.includes('/')) {
			// A path is not a secret; base64 with a `/` in it still has a long high-entropy piece.
			if (run.startsWith('/') || run.includes('//')) continue;
			const pieces = run.split('/');
			const rule = pieces.some((piece) => judgeRun(piece)) ? 'high-entropy' : undefined;
			const blob = run.length >= ENTROPY.blobLength && shannonEntropy(run) >= ENTROPY.minBlobBitsPerChar && judgeRun(pieces.join(''));
			if (rule || blob) edits.add(start, start + run.length, blob ? 'base64-blob' : 'high-entropy');
			continue;
		}
		const rule = judgeRun(run);
		if (rule) edits.add(start, start + run.length, rule);
	}
}
