/**
 * npm run bench:triage — evidence quality, digest recall and class accuracy of the Failure Triage
 * analyser on the labelled corpora of real failure logs, side by side with the baselines; then
 * analysis speed and memory on a 200 MB log (in a child process, so its peak RSS is its own).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countTokens } from 'gpt-tokenizer';
import { analyseLog } from '../nodes/shared/triage/analyser';
import { buildDigest } from '../nodes/shared/triage/digest';
import { normaliseLine } from '../nodes/shared/triage/text';

interface Entry {
	id: string;
	file: string;
	class: string;
	split: string;
	tool: string;
	rootCause: Array<{ line: number; text: string }>;
}

const ERRORISH = /error|exception|fail/i;

/** A corpus folder: `corpus.json`, or several `corpus-*.json` shares, with the logs they name. */
function load(dir: string): Array<Entry & { lines: string[]; text: string }> {
	const folder = join(__dirname, '..', 'test', 'fixtures', dir);
	if (!existsSync(folder)) return [];
	const files = readdirSync(folder).filter((file) => /^corpus(?:-[\w-]+)?\.json$/.test(file)).sort();
	const entries = files.flatMap((file) => JSON.parse(readFileSync(join(folder, file), 'utf8')) as Entry[]);
	return entries.map((entry) => {
		const text = readFileSync(join(folder, entry.file), 'utf8');
		return { ...entry, text, lines: text.replace(/\n$/, '').split('\n') };
	});
}

/**
 * A root-cause line counts as present when its first 120 characters are in the digest, read as a
 * person reads the line (colour codes and terminal stamps removed, as the digest shows it).
 */
const contains = (digest: string, root: { text: string }) => digest.includes(normaliseLine(root.text).trim().slice(0, 120));

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

interface Outcome {
	hit1: boolean;
	hit3: boolean;
	k8sgptFirst: boolean;
	lastMatch: boolean;
	cls: boolean;
	recall256: boolean;
	recall2000: boolean;
	last256: boolean;
	last2000: boolean;
	last10: boolean;
	last100: boolean;
	tokens256: number;
	tokens2000: number;
	tokensLast10: number;
	tokensLast100: number;
}

function score(entry: Entry & { lines: string[]; text: string }): Outcome {
	const roots = new Set(entry.rootCause.map((r) => r.line));
	const analysis = analyseLog(entry.text);
	const picks = analysis.evidence.map((e) => e.line);
	const matching = entry.lines.map((line, i) => (ERRORISH.test(line) ? i + 1 : 0)).filter(Boolean);
	const input = { evidence: analysis.evidence, head: analysis.head, tail: analysis.tail, totalLines: analysis.lines };
	const digest256 = buildDigest(input, 256);
	const digest2000 = buildDigest(input, 2000);
	const last10 = entry.lines.slice(-10).join('\n');
	const last100 = entry.lines.slice(-100).join('\n');
	const any = (view: string) => entry.rootCause.some((root) => contains(view, root));
	return {
		hit1: roots.has(picks[0]),
		hit3: picks.slice(0, 3).some((line) => roots.has(line)),
		k8sgptFirst: roots.has(matching[0]),
		lastMatch: roots.has(matching[matching.length - 1]),
		cls: analysis.logClass === entry.class,
		recall256: any(digest256),
		recall2000: any(digest2000),
		last256: any(lastLinesWithin(entry.lines, 256)),
		last2000: any(lastLinesWithin(entry.lines, 2000)),
		last10: any(last10),
		last100: any(last100),
		tokens256: countTokens(digest256),
		tokens2000: countTokens(digest2000),
		tokensLast10: countTokens(last10),
		tokensLast100: countTokens(last100),
	};
}

function evaluate(name: string, corpus: ReturnType<typeof load>, breakdown = false) {
	if (!corpus.length) return;
	const n = corpus.length;
	const outcomes = corpus.map(score);
	const count = (key: keyof Outcome) => outcomes.filter((o) => o[key] === true).length;
	const mean = (key: keyof Outcome) => (outcomes.reduce((sum, o) => sum + (o[key] as number), 0) / n).toFixed(0);
	const avgLines = corpus.reduce((sum, e) => sum + e.lines.length, 0) / n;
	console.log(`\n## ${name}: ${n} logs (mean ${avgLines.toFixed(0)} lines)\n`);
	console.log('| measure | this node | k8sgpt pick (first error|exception|fail line) | last such line | target |');
	console.log('|---|---|---|---|---|');
	console.log(`| evidence hit@1 | ${pct(count('hit1'), n)} | ${pct(count('k8sgptFirst'), n)} | ${pct(count('lastMatch'), n)} | ≥ 80% |`);
	console.log(`| evidence hit@3 | ${pct(count('hit3'), n)} | – | – | ≥ 90% |`);
	console.log(`| class accuracy | ${pct(count('cls'), n)} | – | – | ≥ 90% |`);
	console.log('\n| digest recall | this node | last lines in the same budget | last 10 lines | last 100 lines | target |');
	console.log('|---|---|---|---|---|---|');
	console.log(`| within 256 tokens | ${pct(count('recall256'), n)} (mean ${mean('tokens256')} tokens) | ${pct(count('last256'), n)} | ${pct(count('last10'), n)} (mean ${mean('tokensLast10')} tokens) | ${pct(count('last100'), n)} (mean ${mean('tokensLast100')} tokens) | ≥ 75% |`);
	console.log(`| within 2,000 tokens | ${pct(count('recall2000'), n)} (mean ${mean('tokens2000')} tokens) | ${pct(count('last2000'), n)} | | | ≥ 95% |`);
	if (!breakdown) return;
	for (const [label, keyOf] of [
		['tool', (e: Entry) => e.tool],
		['class', (e: Entry) => e.class],
	] as const) {
		const groups = new Map<string, number[]>();
		corpus.forEach((entry, index) => groups.set(keyOf(entry), [...(groups.get(keyOf(entry)) ?? []), index]));
		console.log(`\n| ${label} | logs | hit@1 | hit@3 | class accuracy | recall ≤ 256 | recall ≤ 2,000 |`);
		console.log('|---|---|---|---|---|---|---|');
		for (const [key, indexes] of [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
			const of = (k: keyof Outcome) => pct(indexes.filter((i) => outcomes[i][k] === true).length, indexes.length);
			console.log(`| ${key} | ${indexes.length} | ${of('hit1')} | ${of('hit3')} | ${of('cls')} | ${of('recall256')} | ${of('recall2000')} |`);
		}
	}
}

const corpus = load('triage-corpus');
const fresh = load('triage-corpus-fresh');
const whole = load('whole-logs');
console.log('# Failure Triage benchmark');
evaluate('whole logs, holdout split (never inspected; the figure that counts)', whole.filter((e) => e.split === 'holdout'), true);
evaluate('whole logs, dev split (the rules were tuned on it)', whole.filter((e) => e.split === 'dev'), true);
evaluate('whole labelled corpus', corpus);
evaluate('dev split (the rules were tuned on it)', corpus.filter((e) => e.split === 'dev'));
evaluate('holdout split (inspected once, after which general rules were added)', corpus.filter((e) => e.split === 'holdout'));
evaluate('fresh held-out corpus (collected after tuning, never inspected before this run)', fresh);

console.log('\n## Speed and memory: a 200 MB log, streamed from a file\n');
const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'triage-speed.ts'), process.env.BENCH_LOG_MB ?? '200'], { stdio: ['ignore', 'inherit', 'inherit'] });
process.exit(child.status ?? 1);
