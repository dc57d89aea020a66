import type { FailureClass } from './classes';
import { scoreLine, type LineScore } from './rules';
import { isBinaryJunk, normaliseForFingerprint, normaliseLine } from './text';

export interface LogLine {
	/** 1-based line number in the log as read. */
	line: number;
	text: string;
}

export interface EvidenceLine extends LogLine {
	score: number;
	class?: FailureClass;
	rule?: string;
	before: LogLine[];
	after: LogLine[];
}

export interface LogAnalysis {
	lines: number;
	bytes: number;
	/** Lines replaced by a marker because they were mostly unprintable. */
	binaryLines: number;
	/** Ranked root-cause candidates, best first; the same message repeated counts once. */
	evidence: EvidenceLine[];
	head: LogLine[];
	tail: LogLine[];
	/** The class the log itself points to ('unknown' when nothing matched). */
	logClass: FailureClass;
	/** Sum of evidence scores per class, for explaining the choice. */
	classScores: Partial<Record<FailureClass, number>>;
}

export interface AnalyserOptions {
	headLines?: number;
	tailLines?: number;
	contextLines?: number;
	maxEvidence?: number;
	/** Longer lines are cut (a minified bundle or a base64 blob is not evidence). */
	maxLineLength?: number;
}

const MIN_EVIDENCE_SCORE = 5;
// A pod state named in the log (kubectl output, events) is the class even when the evidence line is
// the application's own error: "CrashLoopBackOff" plus "Cannot find module" is a crash loop.
// Most specific first: an OOM kill or a pull failure explains a crash loop, not the other way round.
const POD_STATE_PRIORITY: FailureClass[] = ['oom_killed', 'image_pull', 'config_error', 'unschedulable', 'evicted', 'probe_failure', 'crash_loop_backoff'];
const POD_STATE_MIN_SCORE = 8;
const KEEP_CANDIDATES = 300;
const BINARY_MARKER = '[binary data omitted]';
// eslint-disable-next-line no-control-regex
const MAYBE_BINARY = /[\u0000-\u0008\u000e-\u001a\ufffd]/;

interface Candidate extends EvidenceLine {
	afterPending: number;
}

/**
 * Reads a log once, chunk by chunk, in bounded memory: it keeps the head, a tail ring, and the best
 * few hundred candidate lines with their context, so a 200 MB log costs what a small one does.
 */
export class LogAnalyser {
	private readonly headLines: number;
	private readonly tailLines: number;
	private readonly contextLines: number;
	private readonly maxEvidence: number;
	private readonly maxLineLength: number;

	private carry = '';
	private lineCount = 0;
	private byteCount = 0;
	private binaryLines = 0;
	private readonly head: LogLine[] = [];
	private readonly tailRing: LogLine[] = [];
	private tailStart = 0;
	private candidates: Candidate[] = [];
	private pendingAfter: Candidate[] = [];

	constructor(options: AnalyserOptions = {}) {
		this.headLines = options.headLines ?? 20;
		this.tailLines = Math.max(options.tailLines ?? 60, options.contextLines ?? 3);
		this.contextLines = options.contextLines ?? 3;
		this.maxEvidence = options.maxEvidence ?? 5;
		this.maxLineLength = options.maxLineLength ?? 2000;
	}

	push(chunk: string): void {
		this.byteCount += Buffer.byteLength(chunk, 'utf8');
		const text = this.carry ? this.carry + chunk : chunk;
		let start = 0;
		for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
			this.addLine(text.slice(start, end));
			start = end + 1;
		}
		this.carry = text.slice(start);
	}

	finish(): LogAnalysis {
		if (this.carry) this.addLine(this.carry);
		this.carry = '';
		const evidence = rankEvidence(this.candidates, this.maxEvidence);
		const classScores: Partial<Record<FailureClass, number>> = {};
		for (const candidate of this.candidates) {
			if (candidate.class) classScores[candidate.class] = (classScores[candidate.class] ?? 0) + candidate.score;
		}
		const ranked = [...this.candidates].sort(byRank);
		const podState = POD_STATE_PRIORITY.find((cls) => ranked.some((c) => c.class === cls && c.score >= POD_STATE_MIN_SCORE));
		const classed = ranked.find((candidate) => candidate.class);
		return {
			lines: this.lineCount,
			bytes: this.byteCount,
			binaryLines: this.binaryLines,
			evidence,
			head: this.head,
			tail: this.tail(),
			logClass: podState ?? classed?.class ?? 'unknown',
			classScores,
		};
	}

	private tail(): LogLine[] {
		return [...this.tailRing.slice(this.tailStart), ...this.tailRing.slice(0, this.tailStart)];
	}

	private addLine(raw: string): void {
		const lineNumber = ++this.lineCount;
		let text = normaliseLine(raw);
		if (MAYBE_BINARY.test(raw) && isBinaryJunk(raw)) {
			text = BINARY_MARKER;
			this.binaryLines++;
		}
		if (text.length > this.maxLineLength) text = `${text.slice(0, this.maxLineLength)} … [line cut, ${text.length} characters]`;
		const entry: LogLine = { line: lineNumber, text };

		if (this.pendingAfter.length) {
			for (const candidate of this.pendingAfter) {
				candidate.after.push(entry);
				candidate.afterPending--;
			}
			this.pendingAfter = this.pendingAfter.filter((candidate) => candidate.afterPending > 0);
		}

		const score = text === BINARY_MARKER ? { score: 0 } : scoreLine(text);
		if (score.score >= MIN_EVIDENCE_SCORE) this.addCandidate(entry, score);

		if (lineNumber <= this.headLines) this.head.push(entry);
		if (this.tailRing.length < this.tailLines) this.tailRing.push(entry);
		else {
			this.tailRing[this.tailStart] = entry;
			this.tailStart = (this.tailStart + 1) % this.tailLines;
		}
	}

	private addCandidate(entry: LogLine, score: LineScore): void {
		const before = this.tail().slice(-this.contextLines);
		const candidate: Candidate = { ...entry, score: score.score, class: score.class, rule: score.rule, before, after: [], afterPending: this.contextLines };
		this.candidates.push(candidate);
		if (this.contextLines > 0) this.pendingAfter.push(candidate);
		if (this.candidates.length > KEEP_CANDIDATES * 2) {
			// Keep the best; pending ones are kept by reference and finish their context anyway.
			this.candidates = this.candidates.sort(byRank).slice(0, KEEP_CANDIDATES);
		}
	}
}

/** Higher score first; at equal score the earlier line, since the first error is usually the cause. */
function byRank(a: { score: number; line: number }, b: { score: number; line: number }): number {
	return b.score - a.score || a.line - b.line;
}

function rankEvidence(candidates: Candidate[], limit: number): EvidenceLine[] {
	const seen = new Set<string>();
	const ranked: EvidenceLine[] = [];
	for (const candidate of [...candidates].sort(byRank)) {
		const key = normaliseForFingerprint(candidate.text);
		if (seen.has(key)) continue;
		seen.add(key);
		const { line, text, score, class: cls, rule, before, after } = candidate;
		ranked.push({ line, text, score, class: cls, rule, before, after });
		if (ranked.length >= limit) break;
	}
	return ranked;
}

/** Analyses a whole log held in memory, in slices, so its cost matches the streaming path. */
export function analyseLog(text: string, options?: AnalyserOptions): LogAnalysis {
	const analyser = new LogAnalyser(options);
	const slice = 1 << 20;
	for (let offset = 0; offset < text.length; offset += slice) analyser.push(text.slice(offset, offset + slice));
	return analyser.finish();
}
