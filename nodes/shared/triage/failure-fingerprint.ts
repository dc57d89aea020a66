/**
 * Decides what counts as the same failure: the same Pipeline, task (or workload), step, category,
 * exit code and termination reason, and the same specific line once the tokens that change between
 * runs are replaced (`volatile-tokens.ts`) and the names generated for this run are replaced
 * (`generated-names.ts`). Everything else, status codes, ports, versions, paths and test names
 * included, stays and so tells failures apart.
 */
import { createHash } from 'node:crypto';
import type { LogLine } from './analyser';
import type { FailureClass } from './classes';
import { replaceGeneratedNames, type GeneratedName } from './generated-names';
import { normaliseVolatileTokens } from './volatile-tokens';

/** Bumped when the material changes, so a new algorithm never collides with an old one. */
const FINGERPRINT_VERSION = 'failure-fingerprint/2';

/** Lines this long are hashed whole; longer ones are cut here (a minified bundle is not a message). */
export const FINGERPRINT_LINE_CAP = 65_536;

/** Without an evidence line, the last lines of the log stand for the failure. */
const FALLBACK_LINES = 3;

export interface FailureIdentity {
	/** Tekton's `tekton.dev/pipeline`: two Pipelines never share a failure. */
	pipeline?: string;
	/** The pipeline task, the Tekton Task, or the workload the pod belongs to (its generated names replaced). */
	task?: string;
	/** The failed step or container. */
	container?: string;
	failureClass: FailureClass;
	exitCode?: number;
	/** The container's termination or waiting reason. */
	reason?: string;
	/** `fingerprintLine(...)`: the line that says what failed. */
	line: string;
	/** Names generated for this run (pod, runs, hashes, node), replaced in the line. */
	generatedNames: GeneratedName[];
}

/**
 * Reasons that are two moments of one failure: a pull is ErrImagePull, then ImagePullBackOff; a
 * crash loop is CrashLoopBackOff while waiting and Error once running again. "Error" says nothing
 * the exit code does not.
 */
const REASON_SYNONYMS: Record<string, string> = { ErrImagePull: 'ImagePull', ImagePullBackOff: 'ImagePull', CrashLoopBackOff: '', Error: '' };

export const reasonForFingerprint = (reason: string | undefined) => (reason === undefined ? '' : (REASON_SYNONYMS[reason] ?? reason));

/** The line normalised as the fingerprint sees it. */
export function normaliseForFingerprint(line: string, generatedNames: GeneratedName[] = []): string {
	return normaliseVolatileTokens(replaceGeneratedNames(line.slice(0, FINGERPRINT_LINE_CAP), generatedNames));
}

export interface EvidenceForFingerprint extends LogLine {
	/** The lines shown with it; log lines have numbers > 0, event lines 0. */
	context?: ReadonlyArray<LogLine>;
}

/** A line that ends with a colon announces the next one: `unable to select packages:`, `Could not resolve dependency:`. */
const announcesNextLine = (text: string) => /:\s*$/.test(text);

/**
 * Which log lines the fingerprint reads: the report's best evidence line, the other evidence lines
 * shown in its context (an error often names the package, test or status on the next line:
 * `npm ERR! code E404` then `404 Not Found - GET …/@acme%2ficons`), and the line after any of them
 * that ends with a colon. When no line reached the evidence score: the last non-empty lines of the log.
 */
export function fingerprintLines(evidence: ReadonlyArray<EvidenceForFingerprint>, tail: ReadonlyArray<LogLine>): LogLine[] {
	const [best] = evidence;
	if (!best) return tail.filter((line) => line.text.trim() !== '').slice(-FALLBACK_LINES);
	const shown = new Set((best.context ?? []).map((line) => line.line).filter((line) => line > 0));
	const picked = new Map<number, LogLine>([[best.line, { line: best.line, text: best.text }]]);
	for (const other of evidence) {
		if (other !== best && !shown.has(other.line)) continue;
		picked.set(other.line, { line: other.line, text: other.text });
		const next = other.line > 0 && announcesNextLine(other.text) ? other.context?.find((line) => line.line === other.line + 1) : undefined;
		if (next) picked.set(next.line, { line: next.line, text: next.text });
	}
	return [...picked.values()].sort((a, b) => a.line - b.line);
}

/** The one text the fingerprint hashes, from `fingerprintLines`. */
export const fingerprintLine = (lines: ReadonlyArray<LogLine>): string => lines.map((line) => line.text).join('\n');

/**
 * The whole text of the given lines of a log (1-based, as the analyser numbers them), up to the
 * fingerprint's cap: the analyser cuts long lines, and two lines that differ only after its cut are
 * still two failures.
 */
export function fullLinesOf(log: string, numbers: ReadonlyArray<number>): Map<number, string> {
	const wanted = new Set(numbers.filter((n) => n > 0));
	const found = new Map<number, string>();
	if (!wanted.size) return found;
	const last = Math.max(...wanted);
	let start = 0;
	for (let number = 1; number <= last && start <= log.length; number++) {
		let end = log.indexOf('\n', start);
		if (end < 0) end = log.length;
		if (wanted.has(number)) found.set(number, log.slice(start, Math.min(end, start + FINGERPRINT_LINE_CAP)));
		start = end + 1;
	}
	return found;
}

/** 16 hex characters of SHA-256 over the identity; stable across reruns, different for different failures. */
export function computeFingerprint(identity: FailureIdentity): string {
	const material = [
		FINGERPRINT_VERSION,
		identity.pipeline ?? '',
		replaceGeneratedNames(identity.task ?? '', identity.generatedNames),
		(identity.container ?? '').replace(/^step-/, ''),
		identity.failureClass,
		identity.exitCode === undefined ? '' : String(identity.exitCode),
		reasonForFingerprint(identity.reason),
		normaliseForFingerprint(identity.line, identity.generatedNames),
	];
	return createHash('sha256').update(JSON.stringify(material)).digest('hex').slice(0, 16);
}
