/**
 * npm run bench:dedup — how well the failure fingerprint keeps the same failure together and
 * different failures apart, on the labelled pairs in test/fixtures/fingerprint-pairs, beside the
 * baseline: the fingerprint of version 0.1 (`legacyFingerprint`, the old normalisation, kept for the
 * upgrade path). Each side of a pair is collected and analysed as a real failure would be.
 */
import { loadPairs, reportOf, type LabelledPair } from '../test/support/fingerprint-pairs';

type Label = LabelledPair['label'];
interface Tally {
	pairs: number;
	right: { current: number; legacy: number };
}

const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '–');

async function main(): Promise<void> {
	const pairs = loadPairs();
	const started = process.hrtime.bigint();
	const byFamily = new Map<string, Record<Label, Tally>>();
	const totals: Record<Label, Tally> = { same: { pairs: 0, right: { current: 0, legacy: 0 } }, different: { pairs: 0, right: { current: 0, legacy: 0 } } };
	const misses: string[] = [];
	for (const pair of pairs) {
		const [a, b] = [await reportOf(pair.a), await reportOf(pair.b)];
		const wantTogether = pair.label === 'same';
		const current = (a.fingerprint === b.fingerprint) === wantTogether;
		const legacy = (a.legacyFingerprint === b.legacyFingerprint) === wantTogether;
		const family = byFamily.get(pair.family) ?? { same: { pairs: 0, right: { current: 0, legacy: 0 } }, different: { pairs: 0, right: { current: 0, legacy: 0 } } };
		byFamily.set(pair.family, family);
		for (const tally of [family[pair.label], totals[pair.label]]) {
			tally.pairs++;
			if (current) tally.right.current++;
			if (legacy) tally.right.legacy++;
		}
		if (!current) misses.push(`  ${pair.id} (${pair.label}): ${pair.why}`);
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;

	console.log(`Dedup pairs: ${pairs.length} labelled pairs (${totals.same.pairs} same, ${totals.different.pairs} different), ${byFamily.size} families\n`);
	console.log('| family | same pairs | kept together (0.1 → now) | different pairs | kept apart (0.1 → now) |');
	console.log('|---|---|---|---|---|');
	for (const [family, t] of [...byFamily].sort(([a], [b]) => a.localeCompare(b))) {
		console.log(`| ${family} | ${t.same.pairs} | ${t.same.right.legacy} → ${t.same.right.current} | ${t.different.pairs} | ${t.different.right.legacy} → ${t.different.right.current} |`);
	}
	console.log('\n| fingerprint | same kept together | different kept apart |');
	console.log('|---|---|---|');
	console.log(`| 0.1 (legacyFingerprint, the baseline) | ${percent(totals.same.right.legacy, totals.same.pairs)} (${totals.same.right.legacy}/${totals.same.pairs}) | ${percent(totals.different.right.legacy, totals.different.pairs)} (${totals.different.right.legacy}/${totals.different.pairs}) |`);
	console.log(`| now (fingerprint) | ${percent(totals.same.right.current, totals.same.pairs)} (${totals.same.right.current}/${totals.same.pairs}) | ${percent(totals.different.right.current, totals.different.pairs)} (${totals.different.right.current}/${totals.different.pairs}) |`);
	console.log(`\nMissed by the current fingerprint (${misses.length}):\n${misses.join('\n') || '  none'}`);
	console.log(`\n${pairs.length * 2} failures collected and fingerprinted in ${seconds.toFixed(1)} s (${((seconds * 1000) / (pairs.length * 2)).toFixed(1)} ms each, collection and analysis included)`);
}

void main();
