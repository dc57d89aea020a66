/**
 * npm run bench:triage — evidence quality, digest recall and class accuracy of the Failure Triage
 * analyser on the labelled corpora of real failure logs, side by side with the baselines; then
 * analysis speed and memory on a 200 MB log (in a child process, so its peak RSS is its own).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { analyseLog } from '../nodes/shared/triage/analyser';
import { buildDigest } from '../nodes/shared/triage/digest';

interface Entry {
	id: string;
	file: string;
	class: string;
	split: string;
	rootCause: Array<{ line: number; text: string }>;
}

const ERRORISH = /error|exception|fail/i;

function load(dir: string): Array<Entry & { lines: string[]; text: string }> {
	const path = join(__dirname, '..', 'test', 'fixtures', dir, 'corpus.json');
	if (!existsSync(path)) return [];
	const entries = JSON.parse(readFileSync(path, 'utf8')) as Entry[];
	return entries.map((entry) => {
		const text = readFileSync(join(__dirname, '..', 'test', 'fixtures', dir, entry.file), 'utf8');
		return { ...entry, text, lines: text.replace(/\n$/, '').split('\n') };
	});
}

/** A root-cause line counts as present when its text (first 120 characters) is in the digest. */
const contains = (digest: string, root: { text: string }) => digest.includes(root.text.trim().slice(0, 120));

function lastLinesWithin(lines: string[], budget: number): string {
	const picked: string[] = [];
	let used = 0;
	for (let i = lines.length - 1; i >= 0; i--) {
		const cost = countTokens(lines[i]) + 1;
		if (used + cost > budget) break;
		used += cost;
		picked.unshift(lines[i]);
	}
	return picked.join('\n');
}

const pct = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(0)}%` : 'n/a');

function evaluate(name: string, corpus: ReturnType<typeof load>) {
	if (!corpus.length) return;
	const n = corpus.length;
	const tally = {
		hit1: 0,
		hit3: 0,
		k8sgptFirst: 0,
		lastMatch: 0,
		cls: 0,
		recall256: 0,
		recall2000: 0,
		last256: 0,
		last2000: 0,
		last10: 0,
		last100: 0,
		tokens256: 0,
		tokens2000: 0,
		tokensLast10: 0,
		tokensLast100: 0,
	};
	for (const entry of corpus) {
		const roots = new Set(entry.rootCause.map((r) => r.line));
		const analysis = analyseLog(entry.text);
		const picks = analysis.evidence.map((e) => e.line);
		if (roots.has(picks[0])) tally.hit1++;
		if (picks.slice(0, 3).some((line) => roots.has(line))) tally.hit3++;
		const matching = entry.lines.map((line, i) => (ERRORISH.test(line) ? i + 1 : 0)).filter(Boolean);
		if (roots.has(matching[0])) tally.k8sgptFirst++;
		if (roots.has(matching[matching.length - 1])) tally.lastMatch++;
		if (analysis.logClass === entry.class) tally.cls++;

		const input = { evidence: analysis.evidence, head: analysis.head, tail: analysis.tail, totalLines: analysis.lines };
		const digest256 = buildDigest(input, 256);
		const digest2000 = buildDigest(input, 2000);
		tally.tokens256 += countTokens(digest256);
		tally.tokens2000 += countTokens(digest2000);
		if (entry.rootCause.some((root) => contains(digest256, root))) tally.recall256++;
		if (entry.rootCause.some((root) => contains(digest2000, root))) tally.recall2000++;
		if (entry.rootCause.some((root) => contains(lastLinesWithin(entry.lines, 256), root))) tally.last256++;
		if (entry.rootCause.some((root) => contains(lastLinesWithin(entry.lines, 2000), root))) tally.last2000++;
		const last10 = entry.lines.slice(-10).join('\n');
		const last100 = entry.lines.slice(-100).join('\n');
		tally.tokensLast10 += countTokens(last10);
		tally.tokensLast100 += countTokens(last100);
		if (entry.rootCause.some((root) => root.line > entry.lines.length - 10)) tally.last10++;
		if (entry.rootCause.some((root) => root.line > entry.lines.length - 100)) tally.last100++;
	}
	const avgLines = corpus.reduce((sum, e) => sum + e.lines.length, 0) / n;
	console.log(`\n## ${name}: ${n} logs (mean ${avgLines.toFixed(0)} lines)\n`);
	console.log('| measure | this node | k8sgpt pick (first error|exception|fail line) | last such line | target |');
	console.log('|---|---|---|---|---|');
	console.log(`| evidence hit@1 | ${pct(tally.hit1, n)} | ${pct(tally.k8sgptFirst, n)} | ${pct(tally.lastMatch, n)} | ≥ 80% |`);
	console.log(`| evidence hit@3 | ${pct(tally.hit3, n)} | – | – | ≥ 90% |`);
	console.log(`| class accuracy | ${pct(tally.cls, n)} | – | – | ≥ 90% |`);
	console.log('\n| digest recall | this node | last lines in the same budget | last 10 lines | last 100 lines | target |');
	console.log('|---|---|---|---|---|---|');
	console.log(`| within 256 tokens | ${pct(tally.recall256, n)} (mean ${(tally.tokens256 / n).toFixed(0)} tokens) | ${pct(tally.last256, n)} | ${pct(tally.last10, n)} (mean ${(tally.tokensLast10 / n).toFixed(0)} tokens) | ${pct(tally.last100, n)} (mean ${(tally.tokensLast100 / n).toFixed(0)} tokens) | ≥ 95% |`);
	console.log(`| within 2,000 tokens | ${pct(tally.recall2000, n)} (mean ${(tally.tokens2000 / n).toFixed(0)} tokens) | ${pct(tally.last2000, n)} | | | 100% |`);
}

const corpus = load('triage-corpus');
const fresh = load('triage-corpus-fresh');
console.log('# Failure Triage benchmark');
evaluate('whole labelled corpus', corpus);
evaluate('dev split (the rules were tuned on it)', corpus.filter((e) => e.split === 'dev'));
evaluate('holdout split (inspected once, after which general rules were added)', corpus.filter((e) => e.split === 'holdout'));
evaluate('fresh held-out corpus (collected after tuning, never inspected before this run)', fresh);

console.log('\n## Speed and memory: a 200 MB log, streamed from a file\n');
const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'triage-speed.ts'), process.env.BENCH_LOG_MB ?? '200'], { stdio: ['ignore', 'inherit', 'inherit'] });
process.exit(child.status ?? 1);
