import { redactAndCut } from '../redact/redact';
import type { FailureClass } from './classes';
import { GRADLE_BLOCK_END, GRADLE_BLOCK_START, isTerminalMarker, sectionStartOf } from './log-structure';
import { confidenceOf, rankCandidates, type Confidence, type LogLine, type LogShape, type RankedLine } from './ranking';
import { ANALYSER_SCANNER, scoreLineUnfiltered, stripMeaninglessPrefixes, type LineScore } from './rules';
import { isBinaryJunk, normaliseForRepeats, normaliseLine } from './text';

export type { Confidence, LogLine } from './ranking';

export interface EvidenceLine extends LogLine {
	score: number;
	/** The score after the whole-log policies (ranking.ts); evidence is ordered by it. */
	rank?: number;
	/** high: a tool's own error line in the failing step; low: the best there was, weak. */
	confidence?: Confidence;
	class?: FailureClass;
	rule?: string;
	before: LogLine[];
	after: LogLine[];
}

export interface LogAnalysis {
	lines: number;
	/** Input size as fed: UTF-16 code units for text, bytes for bytes (counting bytes of text would cost another pass). */
	size: number;
	/** Lines replaced by a marker because they were mostly unprintable. */
	binaryLines: number;
	/** Ranked root-cause candidates, best first; the same message repeated counts once. */
	evidence: EvidenceLine[];
	head: LogLine[];
	tail: LogLine[];
	/** The class the log itself points to ('unknown' when nothing matched). */
	logClass: FailureClass;
	/** How sure the class is: the confidence of the evidence it comes from. */
	classConfidence: Confidence;
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
/** Candidates handed on by default: the report shows the first few, the digest has room for more. */
export const DIGEST_EVIDENCE = 10;
/** Lines that score below the evidence threshold are kept in a small pool: a failed log always gets evidence. */
const KEEP_WEAK = 40;
/** Bounds on what the analyser remembers of a log's shape, whatever its size. */
const KEEP_MARKERS = 2000;
const KEEP_SECTIONS = 4000;
const KEEP_BLOCKS = 8;
const GRADLE_BLOCK_LINES = 16;
/** With no line that looks like an error, the last lines of the log say what it was doing. */
const FALLBACK_LINES = 3;
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

/** A "line" longer than this without a newline is analysed in pieces, so memory stays bounded. */
const MAX_CARRY = 1 << 20;

type Source = string | Uint8Array;

/**
 * Reads a log once, chunk by chunk, in bounded memory: it keeps the head, a tail ring, and the best
 * few hundred candidate lines with their context, so a 200 MB log costs what a small one does.
 * Speed comes from scanning each chunk once for candidate words (strings, or UTF-8 bytes straight
 * from a stream); only the lines that matter (candidates, their context, head, tail) become text.
 */
export class LogAnalyser {
	private readonly headLines: number;
	private readonly tailLines: number;
	private readonly contextLines: number;
	private readonly maxEvidence: number;
	private readonly maxLineLength: number;

	private carry: Source = '';
	private lineCount = 0;
	private size = 0;
	private binaryLines = 0;
	private readonly head: LogLine[] = [];
	// The last `tailLines` lines, kept as offsets into their chunk until someone needs the text.
	private readonly ringSource: Source[];
	private readonly ringStart: Int32Array;
	private readonly ringEnd: Int32Array;
	private readonly ringLine: Float64Array;
	private readonly ringText: Array<string | undefined>;
	private ringNext = 0;
	private ringSize = 0;
	private candidates: Candidate[] = [];
	private weak: Candidate[] = [];
	private pendingAfter: Candidate[] = [];
	private terminalLines: number[] = [];
	private sectionStarts: LogShape['sectionStarts'] = [];
	private toolBlocks: LogShape['toolBlocks'] = [];
	private openBlock: { lines: LogLine[]; left: number } | undefined;

	constructor(options: AnalyserOptions = {}) {
		this.headLines = options.headLines ?? 20;
		this.contextLines = options.contextLines ?? 3;
		this.tailLines = Math.max(options.tailLines ?? 60, this.contextLines + 1);
		this.maxEvidence = options.maxEvidence ?? DIGEST_EVIDENCE;
		this.maxLineLength = options.maxLineLength ?? 2000;
		this.ringSource = new Array<Source>(this.tailLines).fill('');
		this.ringStart = new Int32Array(this.tailLines);
		this.ringEnd = new Int32Array(this.tailLines);
		this.ringLine = new Float64Array(this.tailLines);
		this.ringText = new Array<string | undefined>(this.tailLines);
	}

	/** Feeds the next piece of the log: text, or UTF-8 bytes as read from a file or socket. */
	push(chunk: string | Uint8Array): void {
		this.size += chunk.length;
		if (typeof chunk === 'string') {
			const text = typeof this.carry === 'string' ? this.carry + chunk : Buffer.from(this.carry).toString('utf8') + chunk;
			const end = text.lastIndexOf('\n') + 1;
			if (end > 0) this.scan(text, end);
			this.carry = text.slice(end);
		} else {
			const bytes = this.carry.length ? Buffer.concat([typeof this.carry === 'string' ? Buffer.from(this.carry) : this.carry, chunk]) : chunk;
			const end = bytes.lastIndexOf(10) + 1;
			if (end > 0) this.scan(bytes, end);
			this.carry = bytes.subarray(end);
		}
		if (this.carry.length > MAX_CARRY) this.flushCarry();
	}

	finish(): LogAnalysis {
		this.flushCarry();
		this.closeBlock();
		const shape: LogShape = { totalLines: this.lineCount, terminalLines: this.terminalLines, sectionStarts: this.sectionStarts, toolBlocks: this.toolBlocks };
		const ranked = rankCandidates(this.candidates.map(toRanked), shape);
		const confident = ranked.filter((candidate) => candidate.rank >= MIN_EVIDENCE_SCORE);
		const tail = this.recentLines(this.ringSize);
		// A failed container always gets evidence: the best there is, marked low when it is weak.
		const pool = confident.length ? confident : ranked.length ? ranked : this.weak.length ? rankCandidates(this.weak.map(toRanked), shape) : lastLines(tail, this.contextLines);
		const evidence = distinctEvidence(pool, this.maxEvidence, confident.length > 0);
		const podState = POD_STATE_PRIORITY.find((cls) => confident.some((c) => c.class === cls && c.score >= POD_STATE_MIN_SCORE));
		// A wrapper that yielded its place to the error it wraps still names the stage that failed.
		const classed = ranked.find((candidate) => candidate.class && candidate.score >= MIN_EVIDENCE_SCORE && !candidate.adjustments.includes('legal-text'));
		const logClass = classed && exceptionInFailingTest(classed, ranked) ? 'test_failure' : classed?.class;
		return {
			lines: this.lineCount,
			size: this.size,
			binaryLines: this.binaryLines,
			evidence,
			head: this.head,
			tail,
			logClass: podState ?? logClass ?? 'unknown',
			classConfidence: podState ? 'high' : classed ? confidenceOf(classed.rank) : 'low',
		};
	}

	private closeBlock(): void {
		if (!this.openBlock) return;
		if (this.toolBlocks.length >= KEEP_BLOCKS) this.toolBlocks.shift();
		this.toolBlocks.push({ kind: 'gradle', lines: this.openBlock.lines });
		this.openBlock = undefined;
	}

	/** Records what a decoded line says about the log's shape: steps, failure markers, tool blocks. */
	private noteShape(entry: LogLine, text: string): void {
		if (this.openBlock) {
			if (GRADLE_BLOCK_END.test(text) || --this.openBlock.left <= 0) this.closeBlock();
			else this.openBlock.lines.push(entry);
		}
		if (GRADLE_BLOCK_START.test(text)) {
			this.closeBlock();
			this.openBlock = { lines: [entry], left: GRADLE_BLOCK_LINES };
		}
		const section = sectionStartOf(text);
		if (section) {
			if (this.sectionStarts.length >= KEEP_SECTIONS) this.sectionStarts.shift();
			this.sectionStarts.push({ line: entry.line, kind: section });
		}
		if (isTerminalMarker(text)) {
			if (this.terminalLines.length >= KEEP_MARKERS) this.terminalLines.shift();
			this.terminalLines.push(entry.line);
		}
	}

	/** The unterminated rest, as the last line (at the end of the log, or when it grows too long). */
	private flushCarry(): void {
		if (!this.carry.length) return;
		const rest = typeof this.carry === 'string' ? `${this.carry}\n` : Buffer.concat([this.carry, Buffer.from('\n')]);
		this.carry = '';
		this.scan(rest, rest.length);
	}

	/** Processes the complete lines in source[0, end); source[end - 1] is a newline. */
	private scan(source: Source, end: number): void {
		const { count, lineEnds, hits } = typeof source === 'string' ? ANALYSER_SCANNER.scanString(source, end) : ANALYSER_SCANNER.scanBytes(source, end);
		let start = 0;
		for (let index = 0; index < count; index++) {
			const newline = lineEnds[index];
			const lineNumber = ++this.lineCount;
			const slot = this.ringNext;
			this.ringSource[slot] = source;
			this.ringStart[slot] = start;
			this.ringEnd[slot] = newline;
			this.ringLine[slot] = lineNumber;
			this.ringText[slot] = undefined;
			this.ringNext = (slot + 1) % this.tailLines;
			if (this.ringSize < this.tailLines) this.ringSize++;

			const isHit = hits[index] === 1;
			if (isHit || lineNumber <= this.headLines || this.pendingAfter.length || this.openBlock) {
				const entry: LogLine = { line: lineNumber, text: this.textAt(slot) };
				if (lineNumber <= this.headLines) this.head.push(entry);
				if (this.pendingAfter.length) this.addAfterContext(entry);
				if ((isHit || this.openBlock) && entry.text !== BINARY_MARKER) this.noteShape(entry, stripMeaninglessPrefixes(entry.text).trim());
				if (isHit && entry.text !== BINARY_MARKER) {
					const score = scoreLineUnfiltered(entry.text);
					if (score.score >= MIN_EVIDENCE_SCORE) this.addCandidate(entry, score);
					else if (score.score > 0) this.addWeak(entry, score);
				}
			}
			start = newline + 1;
		}
	}

	private textAt(slot: number): string {
		const cached = this.ringText[slot];
		if (cached !== undefined) return cached;
		const source = this.ringSource[slot];
		const raw =
			typeof source === 'string' ? source.slice(this.ringStart[slot], this.ringEnd[slot]) : Buffer.from(source.buffer, source.byteOffset, source.length).toString('utf8', this.ringStart[slot], this.ringEnd[slot]);
		let text: string;
		if (MAYBE_BINARY.test(raw) && isBinaryJunk(raw)) {
			text = BINARY_MARKER;
			this.binaryLines++;
		} else text = normaliseLine(raw);
		// Redacted before the cut: a token straddling the cut would otherwise leave its first half.
		if (text.length > this.maxLineLength) text = `${redactAndCut(text, this.maxLineLength).text} … [line cut, ${text.length} characters]`;
		this.ringText[slot] = text;
		return text;
	}

	/** The last `count` lines seen (the current one included), oldest first. */
	private recentLines(count: number): LogLine[] {
		const lines: LogLine[] = [];
		for (let i = Math.min(count, this.ringSize); i >= 1; i--) {
			const slot = (this.ringNext - i + this.tailLines) % this.tailLines;
			lines.push({ line: this.ringLine[slot], text: this.textAt(slot) });
		}
		return lines;
	}

	private addAfterContext(entry: LogLine): void {
		for (const candidate of this.pendingAfter) {
			if (candidate.line === entry.line) continue;
			candidate.after.push(entry);
			candidate.afterPending--;
		}
		this.pendingAfter = this.pendingAfter.filter((candidate) => candidate.afterPending > 0);
	}

	/** Below the evidence threshold: kept only in case nothing better turns up (the latest are kept). */
	private addWeak(entry: LogLine, score: LineScore): void {
		const before = this.recentLines(this.contextLines + 1).slice(0, -1);
		this.weak.push({ ...entry, score: score.score, class: score.class, rule: score.rule, before, after: [], afterPending: 0 });
		if (this.weak.length > KEEP_WEAK * 2) this.weak = this.weak.sort(byRank).slice(0, KEEP_WEAK);
	}

	private addCandidate(entry: LogLine, score: LineScore): void {
		// The ring holds the current line last; the context is the lines before it.
		const before = this.recentLines(this.contextLines + 1).slice(0, -1);
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

/** An exception printed under a failed test's header (Jest's `●`, `--- FAIL`, `FAILED`) is that test's failure. */
const TEST_HEADER_REACH = 12;
function exceptionInFailingTest(classed: RankedLine, ranked: RankedLine[]): boolean {
	if (classed.class !== 'runtime_crash') return false;
	return ranked.some((other) => other.class === 'test_failure' && other.rank >= 8 && other.line < classed.line && classed.line - other.line <= TEST_HEADER_REACH);
}

const toRanked = ({ line, text, score, class: cls, rule, before, after }: Candidate): RankedLine => ({ line, text, score, rank: score, class: cls, rule, before, after, adjustments: [] });

/** The last non-empty lines of the log, as low-confidence evidence of last resort. */
function lastLines(tail: LogLine[], contextLines: number): RankedLine[] {
	const picked: RankedLine[] = [];
	for (let i = tail.length - 1; i >= 0 && picked.length < FALLBACK_LINES; i--) {
		if (!tail[i].text.trim()) continue;
		picked.push({ ...tail[i], score: 0, rank: 0, rule: 'last-lines', before: tail.slice(Math.max(0, i - contextLines), i), after: tail.slice(i + 1, i + 1 + contextLines), adjustments: [] });
	}
	return picked;
}

/** The first `limit` candidates of a ranked list whose normalised text has not come before. */
function distinctEvidence(ranked: RankedLine[], limit: number, confident: boolean): EvidenceLine[] {
	const seen = new Set<string>();
	const evidence: EvidenceLine[] = [];
	for (const candidate of ranked) {
		const key = normaliseForRepeats(candidate.text);
		if (seen.has(key)) continue;
		seen.add(key);
		const { line, text, score, rank, class: cls, rule, before, after } = candidate;
		evidence.push({ line, text, score, rank, confidence: confident ? confidenceOf(rank) : 'low', class: cls, rule, before, after });
		if (evidence.length >= limit) break;
	}
	return evidence;
}

/** Analyses a whole log held in memory, in slices, so its cost matches the streaming path. */
export function analyseLog(text: string, options?: AnalyserOptions): LogAnalysis {
	const analyser = new LogAnalyser(options);
	const slice = 1 << 20;
	for (let offset = 0; offset < text.length; offset += slice) analyser.push(text.slice(offset, offset + slice));
	return analyser.finish();
}
