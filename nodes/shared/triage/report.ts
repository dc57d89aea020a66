import { analyseLog, DIGEST_EVIDENCE, type Confidence, type EvidenceLine, type LogAnalysis, type LogLine } from './analyser';

/** Evidence lines a report carries (the issue shows three). */
const REPORT_EVIDENCE = 5;
import { CLASS_ADVICE, type FailureClass } from './classes';
import type { ClusterEvent, CollectedContainer, CollectedFailure, ReadProblem } from './collect';
import { buildDigest, DEFAULT_DIGEST_TOKENS } from './digest';
import { confidenceOf } from './ranking';
import { computeFingerprint, fingerprintLine, fingerprintLines, fullLinesOf } from './failure-fingerprint';
import { generatedNamesOf } from './generated-names';
import { legacyFingerprint } from './legacy-fingerprint';
import { mergeCounts, redactSecrets } from '../redact/redact';
import { scoreLine } from './rules';
import { normaliseLine } from './text';

export interface ReportEvidence {
	line: number;
	text: string;
	/** The container whose log it is from. */
	container?: string;
	context: LogLine[];
	/** high: a tool's own error line in the failing step; low: the best the log had, weak. */
	confidence: Confidence;
}

export interface TriageReport {
	/** What counts as the same failure (`failure-fingerprint.ts`). */
	fingerprint: string;
	/** The fingerprint of versions up to 0.1, so issues filed before the change are still found (until 0.3). */
	legacyFingerprint: string;
	category: FailureClass;
	categoryTitle: string;
	/** high when the pod's own state says it, else the confidence of the evidence the class came from. */
	categoryConfidence: Confidence;
	/** Our own sentence about what failed: facts only, no log text, safe to show as prose. */
	headline: string;
	/** The headline and the top evidence line: for replies and notifications (redacted). */
	summary: string;
	/** Rule-based fixes for the category. */
	fixes: string[];
	location: {
		namespace: string;
		pod?: string;
		container?: string;
		containerKind?: 'init' | 'container';
		node?: string;
		pipeline?: string;
		pipelineRun?: string;
		pipelineTask?: string;
		taskRun?: string;
	};
	facts: { exitCode?: number; reason?: string; restartCount?: number; image?: string; phase?: string; logFromPrevious: boolean };
	evidence: ReportEvidence[];
	digest: string;
	events: ClusterEvent[];
	problems: ReadProblem[];
	/** Things missing by nature (no log for a container that never started). */
	notes: string[];
	otherContainers: Array<{ name: string; exitCode?: number; reason?: string; evidence?: string }>;
	skippedSteps: string[];
	otherFailedPods: string[];
	containerNote?: string;
	log: { lines: number; size: number; binaryLines: number; source: 'cluster' | 'input' | 'none' };
	redactions: { total: number; byRule: Record<string, number> };
	/** False when something could not be read; `problems` says what. */
	complete: boolean;
	/** Set when this report is a recent collection of the same failure, reused. */
	reusedRecentCollection?: boolean;
}

export interface AnalyseOptions {
	digestTokens?: number;
	maxEvidence?: number;
}

/** Pod states that explain themselves; an application's own error can only refine a crash loop. */
const STATUS_CLASSES_THAT_WIN: FailureClass[] = ['oom_killed', 'image_pull', 'config_error', 'unschedulable', 'evicted'];
const CAUSES_THAT_REFINE_A_CRASH_LOOP: FailureClass[] = ['missing_config', 'network', 'permission_denied', 'oom_killed', 'disk_space', 'dependency_resolution'];

function classFromEvents(events: ClusterEvent[]): FailureClass | undefined {
	let best: { score: number; cls: FailureClass } | undefined;
	for (const event of events) {
		if (event.type && event.type !== 'Warning') continue;
		const scored = scoreLine(`${event.reason ?? ''}: ${event.message ?? ''}`);
		if (scored.class && scored.score >= 9 && (!best || scored.score > best.score)) best = { score: scored.score, cls: scored.class };
	}
	return best?.cls;
}

export function decideCategory(input: { statusClass?: FailureClass; podClass?: FailureClass; eventClass?: FailureClass; logClass: FailureClass; exitCode?: number }): FailureClass {
	const { statusClass, podClass, eventClass, logClass } = input;
	if (podClass) return podClass;
	if (statusClass && STATUS_CLASSES_THAT_WIN.includes(statusClass)) return statusClass;
	// Exit 137 without OOMKilled is a kill: a failing liveness probe is the usual reason.
	if (eventClass === 'probe_failure' && (input.exitCode === 137 || statusClass === 'crash_loop_backoff')) return 'probe_failure';
	if (statusClass === 'crash_loop_backoff') return CAUSES_THAT_REFINE_A_CRASH_LOOP.includes(logClass) ? logClass : 'crash_loop_backoff';
	if (logClass !== 'unknown') return logClass;
	return eventClass ?? statusClass ?? 'unknown';
}

function describeLocation(location: TriageReport['location']): string {
	const where = location.container ? `${location.containerKind === 'init' ? 'init container' : location.container.startsWith('step-') ? 'step' : 'container'} ${location.container}` : `pod ${location.pod ?? '(unknown pod)'}`;
	const task = location.pipelineTask ? ` of task ${location.pipelineTask}` : '';
	const run = location.pipelineRun ? ` in PipelineRun ${location.pipelineRun}` : '';
	return `${where}${task}${run} (namespace ${location.namespace})`;
}

function headlineFor(category: FailureClass, location: TriageReport['location'], facts: TriageReport['facts']): string {
	const exit = facts.exitCode !== undefined ? `exit code ${facts.exitCode}` : undefined;
	const reason = facts.reason && facts.reason !== 'Error' ? facts.reason : undefined;
	const detail = [exit, reason].filter(Boolean).join(', ');
	return `${CLASS_ADVICE[category].title} in ${describeLocation(location)}${detail ? ` (${detail})` : ''}`;
}

async function redactLines(lines: LogLine[], counts: Record<string, number>): Promise<LogLine[]> {
	if (!lines.length) return lines;
	// One pass over the joined lines, so a secret spanning lines (a PEM block) is seen whole.
	const { text, counts: found } = await redactSecrets(lines.map((l) => l.text).join('\n'));
	mergeCounts(counts, found);
	const redacted = text.split('\n');
	if (redacted.length !== lines.length) return lines.map((line) => ({ line: line.line, text: '[REDACTED:multi-line]' }));
	return lines.map((line, i) => ({ line: line.line, text: redacted[i] }));
}

/** Every line the analysis kept, redacted once, in order; evidence and context are re-read from it. */
async function redactAnalysis(analysis: LogAnalysis, counts: Record<string, number>): Promise<LogAnalysis> {
	const kept = new Map<number, LogLine>();
	for (const line of [...analysis.head, ...analysis.tail]) kept.set(line.line, line);
	for (const evidence of analysis.evidence) for (const line of [evidence, ...evidence.before, ...evidence.after]) kept.set(line.line, { line: line.line, text: line.text });
	const ordered = [...kept.values()].sort((a, b) => a.line - b.line);
	// Runs of consecutive lines are redacted together; gaps separate unrelated text.
	const clean = new Map<number, string>();
	let run: LogLine[] = [];
	const flush = async () => {
		for (const line of await redactLines(run, counts)) clean.set(line.line, line.text);
		run = [];
	};
	for (const line of ordered) {
		if (run.length && line.line !== run[run.length - 1].line + 1) await flush();
		run.push(line);
	}
	await flush();
	const swap = (line: LogLine): LogLine => ({ line: line.line, text: clean.get(line.line) ?? line.text });
	return {
		...analysis,
		head: analysis.head.map(swap),
		tail: analysis.tail.map(swap),
		evidence: analysis.evidence.map((e): EvidenceLine => ({ ...e, text: clean.get(e.line) ?? e.text, before: e.before.map(swap), after: e.after.map(swap) })),
	};
}

async function redactText(text: string | undefined, counts: Record<string, number>): Promise<string | undefined> {
	if (!text) return text;
	const result = await redactSecrets(text);
	mergeCounts(counts, result.counts);
	return result.text;
}

/** The line the fingerprint hashes, read whole from the log (the analyser cuts long lines) and redacted. */
async function lineForFingerprint(evidence: ReportEvidence[], tail: LogLine[], log: string | undefined): Promise<string> {
	const lines = fingerprintLines(evidence, tail);
	const whole = log ? fullLinesOf(log, lines.map((line) => line.line)) : new Map<number, string>();
	const texts: LogLine[] = [];
	for (const line of lines) {
		const raw = whole.get(line.line);
		texts.push(raw === undefined ? line : { line: line.line, text: (await redactSecrets(normaliseLine(raw))).text });
	}
	return fingerprintLine(texts);
}

const EMPTY_ANALYSIS: LogAnalysis = { lines: 0, size: 0, binaryLines: 0, evidence: [], head: [], tail: [], logClass: 'unknown', classConfidence: 'low' };

function evidenceFromEvents(events: ClusterEvent[]): EvidenceLine[] {
	return events
		.map((event, index) => ({ index, text: `${event.type ?? ''} ${event.reason ?? ''}: ${event.message ?? ''}`.trim(), score: scoreLine(`${event.reason ?? ''}: ${event.message ?? ''}`) }))
		.filter((event) => event.score.score >= 5)
		.sort((a, b) => b.score.score - a.score.score || a.index - b.index)
		.slice(0, 3)
		.map((event) => ({ line: 0, text: event.text, score: event.score.score, confidence: confidenceOf(event.score.score), class: event.score.class, rule: event.score.rule, before: [], after: [] }));
}

/**
 * Turns what was collected into the report: analyse the failed container's log, decide the
 * category from the pod status first and the log second, pick evidence, build the digest, redact
 * everything, fingerprint. Raw logs are not part of the result.
 */
export async function buildReport(record: CollectedFailure, options: AnalyseOptions = {}, logSource: 'cluster' | 'input' = 'cluster'): Promise<TriageReport> {
	const counts: Record<string, number> = {};
	const [primary, ...others] = record.containers;
	const shown = options.maxEvidence ?? REPORT_EVIDENCE;
	// The digest reads more candidates than the report shows: a cause ranked sixth still reaches the model.
	const rawAnalysis = primary?.log ? analyseLog(primary.log, { maxEvidence: Math.max(shown, DIGEST_EVIDENCE) }) : EMPTY_ANALYSIS;
	const analysis = await redactAnalysis(rawAnalysis, counts);
	const eventClass = classFromEvents(record.events);
	const category = decideCategory({
		statusClass: primary?.statusClass,
		podClass: record.podClass,
		eventClass,
		logClass: analysis.logClass,
		exitCode: primary?.exitCode,
	});

	// A container that never started has no log: the events are the evidence.
	const events: ClusterEvent[] = [];
	for (const event of record.events) events.push({ ...event, message: await redactText(event.message, counts) });
	// A log with nothing but weak lines (or none) says less than the pod's Warning events: they come first.
	const fromEvents = evidenceFromEvents(events);
	const logIsWeak = !analysis.evidence.some((e) => e.confidence !== 'low');
	const evidenceLines = (logIsWeak ? [...fromEvents, ...analysis.evidence] : analysis.evidence).slice(0, shown);
	const evidence: ReportEvidence[] = evidenceLines.map((e) => ({
		line: e.line,
		text: e.text,
		container: e.line > 0 ? primary?.name : undefined,
		context: [...e.before, { line: e.line, text: e.text }, ...e.after],
		confidence: e.confidence ?? confidenceOf(e.score),
	}));

	const location: TriageReport['location'] = {
		namespace: record.namespace,
		pod: record.podName,
		container: primary?.name,
		containerKind: primary?.kind,
		node: record.pod?.nodeName,
		pipeline: record.tekton.pipeline,
		pipelineRun: record.tekton.pipelineRun,
		pipelineTask: record.tekton.pipelineTask,
		taskRun: record.tekton.taskRun,
	};
	const facts: TriageReport['facts'] = {
		exitCode: primary?.exitCode,
		reason: primary?.reason ?? record.pod?.reason,
		restartCount: primary?.restartCount,
		image: primary?.image,
		phase: record.pod?.phase,
		logFromPrevious: primary?.logFromPrevious ?? false,
	};
	const headline = headlineFor(category, location, facts);
	const top = evidence[0]?.text;
	const otherContainers = [];
	for (const other of others) {
		const top = other.log ? analyseLog(other.log, { maxEvidence: 1 }).evidence[0]?.text : undefined;
		otherContainers.push({ name: other.name, exitCode: other.exitCode, reason: other.reason, evidence: await redactText(top, counts) });
	}
	const problems: ReadProblem[] = [];
	for (const problem of record.problems) problems.push({ what: problem.what, why: (await redactText(problem.why, counts)) ?? '' });

	const generatedNames = generatedNamesOf({
		podName: record.podName,
		generateName: record.pod?.generateName,
		ownerReferences: record.pod?.ownerReferences,
		labels: record.pod?.labels,
		nodeName: record.pod?.nodeName,
		pipelineRun: record.tekton.pipelineRun,
		taskRun: record.tekton.taskRun,
	});
	const fingerprint = computeFingerprint({
		pipeline: location.pipeline,
		task: location.pipelineTask ?? record.tekton.task ?? record.podName,
		container: location.container,
		failureClass: category,
		exitCode: facts.exitCode,
		reason: facts.reason,
		line: await lineForFingerprint(evidence, analysis.tail, primary?.log),
		generatedNames,
	});

	return {
		fingerprint,
		legacyFingerprint: legacyFingerprint({ pipelineTask: location.pipelineTask, podName: record.podName, container: location.container, failureClass: category, evidence: top }),
		category,
		categoryTitle: CLASS_ADVICE[category].title,
		categoryConfidence: categoryConfidenceOf(category, record.podClass ?? primary?.statusClass, analysis),
		headline,
		summary: top ? `${headline}: ${top.trim()}` : headline,
		fixes: CLASS_ADVICE[category].fixes,
		location,
		facts,
		evidence,
		digest: buildDigest({ evidence: analysis.evidence, head: analysis.head, tail: analysis.tail, totalLines: analysis.lines }, options.digestTokens ?? DEFAULT_DIGEST_TOKENS),
		events,
		problems,
		notes: record.notes,
		otherContainers,
		skippedSteps: record.skippedSteps,
		otherFailedPods: record.otherFailedPods,
		containerNote: record.containerNote,
		log: { lines: analysis.lines, size: analysis.size, binaryLines: analysis.binaryLines, source: primary?.log ? logSource : 'none' },
		redactions: { total: Object.values(counts).reduce((a, b) => a + b, 0), byRule: counts },
		complete: record.problems.length === 0,
	};
}

function categoryConfidenceOf(category: FailureClass, stateClass: FailureClass | undefined, analysis: LogAnalysis): Confidence {
	if (category === 'unknown') return 'low';
	if (category === stateClass) return 'high';
	if (category === analysis.logClass) return analysis.classConfidence;
	return 'medium';
}

/** Analyse on a log given directly (no cluster): the same report, with what the caller knows. */
export function buildReportFromLog(log: string, meta: { namespace?: string; pod?: string; container?: string; pipelineRun?: string; pipelineTask?: string; exitCode?: number }, options: AnalyseOptions = {}): Promise<TriageReport> {
	const container: CollectedContainer = {
		name: meta.container ?? 'log',
		kind: 'container',
		exitCode: meta.exitCode,
		restartCount: 0,
		usePreviousLog: false,
		neverStarted: false,
		logFromPrevious: false,
		log,
	};
	return buildReport(
		{
			namespace: meta.namespace ?? '',
			podName: meta.pod,
			tekton: { pipelineRun: meta.pipelineRun, pipelineTask: meta.pipelineTask } as CollectedFailure['tekton'],
			containers: [container],
			skippedSteps: [],
			events: [],
			problems: [],
			notes: [],
			otherFailedPods: [],
		},
		options,
		'input',
	);
}
