import type { FailureClass } from './classes';
import { BLOCK_HELP, LEGAL_TEXT, POINTS_ELSEWHERE } from './log-structure';
import { scoreLineUnfiltered, stripMeaninglessPrefixes } from './rules';

/**
 * How the analyser ranks root-cause candidates once the whole log has been read. A line's own score
 * (rules.ts) says how much it looks like a cause; the policies below add what only the whole log
 * shows: where the failure surfaced, which step it belongs to, which lines merely wrap or point at
 * an error printed elsewhere, and which stretches are licence text. Each policy is named, with its
 * reason, and listed in the folder's README.
 */

export interface LogLine {
	/** 1-based line number in the log as read. */
	line: number;
	text: string;
}

export type Confidence = 'high' | 'medium' | 'low';

export interface RankedLine extends LogLine {
	/** The rule score of the line alone. */
	score: number;
	/** The score after the whole-log policies; evidence is ordered by it. */
	rank: number;
	class?: FailureClass;
	rule?: string;
	before: LogLine[];
	after: LogLine[];
	/** Why the rank differs from the score, for tests and for the curious. */
	adjustments: string[];
}

export interface LogShape {
	totalLines: number;
	/** Lines that say the build or step failed, in order (bounded). */
	terminalLines: number[];
	/** Lines that start a CI step or section, in order (bounded). */
	sectionStarts: Array<{ line: number; kind: string }>;
	/** Gradle's "What went wrong" blocks: the header line and the lines up to "* Try:". */
	toolBlocks: Array<{ kind: 'gradle'; lines: LogLine[] }>;
}

/** Terminal markers closer than this belong to one failure (tool summary, then the CI's own line). */
const CLUSTER_GAP = 250;
/** A cause shown in the failing step's own output ranks above lines in other steps by this much. */
const OTHER_STEP_PENALTY = 6;
const AFTER_FAILURE_PENALTY = 6;
/** A wrapper ("process … did not complete", "Execution failed for task") yields to a cause it wraps. */
const WRAPPER_YIELD = 6;
const INNER_CAUSE_MIN_SCORE = 8;
const LEGAL_TEXT_PENALTY = 8;
/**
 * Gradle's own statement of why the build failed outranks any line rule: earlier "error" lines from
 * tasks that passed (javadoc, lint) are not what failed. Its first line (the task or project) ranks
 * as a specific error line; a nested line that only points elsewhere is left out.
 */
const GRADLE_CAUSE_RANK = 14.5;
const GRADLE_HEADLINE_RANK = 10;

export const WRAPPER =
	/did not complete successfully|returned a non-zero code|executor failed running|error building at STEP|^Error: building at STEP|^Execution failed for task|Failed to execute goal|Process completed with exit code|script returned exit code|Command failed with exit code|exited with code \d|^Error: exit status \d|^exit status \d|failed to solve: |^A problem occurred (?:evaluating|configuring)|"step-[\w.-]+" exited with code/;

/** The line without timestamps and step prefixes, as the policies' patterns expect it. */
const bare = (line: LogLine) => stripMeaninglessPrefixes(line.text);

export interface FailureRegion {
	/** Where the failure surfaced: the first terminal marker of the last run of them. */
	surfacedAt: number;
	/** The last terminal marker of that run. */
	lastMarker: number;
	/** The step that failed: from its start up to (not including) the next step. */
	stepStart: number;
	stepEnd: number;
}

/** The last failure the log reports, and the CI step it happened in; undefined when nothing says so. */
export function findFailureRegion(shape: LogShape): FailureRegion | undefined {
	const markers = shape.terminalLines;
	if (!markers.length) return undefined;
	let first = markers.length - 1;
	while (first > 0 && markers[first] - markers[first - 1] <= CLUSTER_GAP) first--;
	const surfacedAt = markers[first];
	const lastMarker = markers[markers.length - 1];
	let stepStart = 1;
	let stepEnd = shape.totalLines + 1;
	for (const section of shape.sectionStarts) {
		if (section.line <= surfacedAt && section.kind !== 'post-job') stepStart = section.line;
		if (section.line > lastMarker) {
			stepEnd = section.line;
			break;
		}
	}
	return { surfacedAt, lastMarker, stepStart, stepEnd };
}

/** Candidates in other steps, or after the failure in later steps, are not this failure's cause. */
function positionPolicy(candidate: RankedLine, region: FailureRegion | undefined): void {
	if (!region) return;
	if (candidate.line >= region.stepEnd) {
		candidate.rank -= AFTER_FAILURE_PENALTY;
		candidate.adjustments.push('after-failing-step');
	} else if (candidate.line < region.stepStart) {
		candidate.rank -= OTHER_STEP_PENALTY;
		candidate.adjustments.push('earlier-step');
	}
}

/** A line that only reports that a process failed yields to a real error printed before it in the same step. */
function wrapperPolicy(candidates: RankedLine[], region: FailureRegion | undefined): void {
	const start = region?.stepStart ?? 1;
	for (const candidate of candidates) {
		if (!WRAPPER.test(bare(candidate))) continue;
		const wrapsACause = candidates.some(
			(other) => other !== candidate && other.line < candidate.line && other.line >= start && other.score >= INNER_CAUSE_MIN_SCORE && !WRAPPER.test(bare(other)) && other.rank >= INNER_CAUSE_MIN_SCORE,
		);
		if (wrapsACause) {
			candidate.rank -= WRAPPER_YIELD;
			candidate.adjustments.push('wrapper-yields');
		}
	}
}

/** Licence and legal prose is never a cause, whatever words it uses; neither is the text around it. */
function legalTextPolicy(candidate: RankedLine): void {
	const nearby = [...candidate.before, ...candidate.after].filter((line) => LEGAL_TEXT.test(line.text)).length;
	if (LEGAL_TEXT.test(candidate.text) || nearby >= 2) {
		candidate.rank -= LEGAL_TEXT_PENALTY;
		candidate.adjustments.push('legal-text');
	}
}

/**
 * Gradle's "What went wrong" block: the nested `> …` lines state the cause, deepest last; lines that
 * point at output elsewhere ("See the compiler error output") or give help are not causes.
 */
export function gradleBlockCandidates(block: LogLine[], all: LogLine[]): RankedLine[] {
	const body = block.slice(1);
	const causes: RankedLine[] = [];
	body.forEach((entry, index) => {
		const text = bare(entry).trim();
		if (!text || BLOCK_HELP.test(text) || POINTS_ELSEWHERE.test(text)) return;
		const scored = scoreLineUnfiltered(text.replace(/^(?:> )+/, ''));
		const nested = /^>/.test(text);
		// The first line names the task or project; nested lines are the reasons, the deepest most specific.
		const score = nested ? GRADLE_CAUSE_RANK + Math.min(index, 4) * 0.1 : Math.max(scored.score, GRADLE_HEADLINE_RANK);
		const position = all.findIndex((line) => line.line === entry.line);
		causes.push({
			...entry,
			score,
			rank: score,
			class: scored.class,
			rule: scored.rule ?? 'gradle-what-went-wrong',
			before: all.slice(Math.max(0, position - 3), position),
			after: all.slice(position + 1, position + 4),
			adjustments: ['gradle-block'],
		});
	});
	return causes;
}

/** npm prints `code E…` and then the message; the message is what an engineer quotes. */
function npmMessagePolicy(candidates: RankedLine[]): RankedLine[] {
	const extra: RankedLine[] = [];
	for (const candidate of candidates) {
		if (!/^npm (?:ERR!|error) code E/.test(bare(candidate))) continue;
		const message = candidate.after.find((line) => /^npm (?:ERR!|error) \S/.test(bare(line)) && !/^npm (?:ERR!|error) (?:code|errno|syscall|path|dest|A complete log)\b/.test(bare(line)));
		if (!message) continue;
		const existing = candidates.find((other) => other.line === message.line);
		const rank = Math.max(candidate.rank + 0.5, existing?.rank ?? 0);
		if (existing) {
			existing.rank = rank;
			existing.adjustments.push('npm-message');
			continue;
		}
		const scored = scoreLineUnfiltered(message.text);
		const index = candidate.after.indexOf(message);
		extra.push({
			...message,
			score: Math.max(scored.score, candidate.score),
			rank,
			class: scored.class ?? candidate.class,
			rule: scored.rule ?? candidate.rule,
			before: [...candidate.before.slice(index + 1), { line: candidate.line, text: candidate.text }, ...candidate.after.slice(0, index)],
			after: candidate.after.slice(index + 1),
			adjustments: ['npm-message'],
		});
	}
	return extra;
}

/** Go prints a parent test's `--- FAIL` before its failed subtests: the subtest says which case failed. */
function goParentTestPolicy(candidates: RankedLine[]): void {
	for (const candidate of candidates) {
		const parent = /^--- FAIL: (\S+) \(/.exec(bare(candidate));
		if (!parent) continue;
		if (candidate.after.some((line) => bare(line).startsWith(`--- FAIL: ${parent[1]}/`))) {
			candidate.rank -= 1;
			candidate.adjustments.push('go-parent-test');
		}
	}
}

/** Applies every whole-log policy and returns the candidates best first (earlier first on a tie). */
export function rankCandidates(candidates: RankedLine[], shape: LogShape): RankedLine[] {
	const region = findFailureRegion(shape);
	const all = [...candidates];
	for (const block of shape.toolBlocks) {
		for (const cause of gradleBlockCandidates(block.lines, block.lines)) {
			const existing = all.find((candidate) => candidate.line === cause.line);
			if (existing) {
				existing.score = Math.max(existing.score, cause.score);
				existing.rank = Math.max(existing.rank, cause.rank);
				existing.adjustments.push('gradle-block');
			} else all.push(cause);
		}
	}
	all.push(...npmMessagePolicy(all));
	for (const candidate of all) {
		positionPolicy(candidate, region);
		legalTextPolicy(candidate);
	}
	wrapperPolicy(all, region);
	goParentTestPolicy(all);
	return all.sort((a, b) => b.rank - a.rank || a.line - b.line);
}

export function confidenceOf(rank: number): Confidence {
	if (rank >= 12) return 'high';
	if (rank >= 8) return 'medium';
	return 'low';
}
