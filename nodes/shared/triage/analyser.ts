import { redactAndCut } from '../redact/redact';
import type { FailureClass } from './classes';
import { CANDIDATE_SCANNER, scoreLineUnfiltered, type LineScore } from './rules';
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
	private pendingAfter: Candidate[] = [];

	constructor(options: AnalyserOptions = {}) {
		this.headLines = options.headLines ?? 20;
		this.contextLines = options.contextLines ?? 3;
		this.tailLines = Math.max(options.tailLines ?? 60, this.contextLines + 1);
		this.maxEvidence = options.maxEvidence ?? 5;
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
		const ranked = [...this.candidates].sort(byRank);
		const evidence = distinctEvidence(ranked, this.maxEvidence);
		const podState = POD_STATE_PRIORITY.find((cls) => ranked.some((c) => c.class === cls && c.score >= POD_STATE_MIN_SCORE));
		const classed = ranked.find((candidate) => candidate.class);
		return {
			lines: this.lineCount,
			size: this.size,
			binaryLines: this.binaryLines,
			evidence,
			head: this.head,
			tail: this.recentLines(this.ringSize),
			logClass: podState ?? classed?.class ?? 'unknown',
		};
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
		const { count, lineEnds, hits } = typeof source === 'string' ? CANDIDATE_SCANNER.scanString(source, end) : CANDIDATE_SCANNER.scanBytes(source, end);
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
			if (isHit || lineNumber <= this.headLines || this.pendingAfter.length) {
				const entry: LogLine = { line: lineNumber, text: this.textAt(slot) };
				if (lineNumber <= this.headLines) this.head.push(entry);
				if (this.pendingAfter.length) this.addAfterContext(entry);
				if (isHit && entry.text !== BINARY_MARKER) {
					const score = scoreLineUnfiltered(entry.text);
					if (score.score >= MIN_EVIDENCE_SCORE) this.addCandidate(entry, score);
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

/** The first `limit` candidates of a ranked list whose normalised text has not come before. */
function distinctEvidence(ranked: Candidate[], limit: number): EvidenceLine[] {
	const seen = new Set<string>();
	const evidence: EvidenceLine[] = [];
	for (const candidate of ranked) {
		const key = normaliseForFingerprint(candidate.text);
		if (seen.has(key)) continue;
		seen.add(key);
		const { line, text, score, class: cls, rule, before, after } = candidate;
		evidence.push({ line, text, score, class: cls, rule, before, after });
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
