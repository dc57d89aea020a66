/**
 * The daily cluster health report: pods not running or restarting, Warning events of a window,
 * node usage where the server offers `nodes_top`, and namespaces, each as a table, worst first;
 * a verdict and a one-line headline built from the counts. Event messages are redacted, since they
 * go into emails and LLM prompts.
 */
import { capitalise, checkNumber, distinct, joinClauses, plural, redactionNote } from './common';
import { groupWarningEvents, redactShownGroups, warningEventsTable } from './events';
import { readNodeUsage, type NodeUsage } from './kubectl-table';
import { normaliseEvent, readEvents, readNamespaces, readPods, type ClusterEvent, type NamespaceLike, type PodLike, type Reading } from './kubernetes';
import { ReportInputError } from './mcp-output';
import { namespacesTable } from './namespaces';
import { busiestResource, nodeUsageTable } from './nodes';
import { findPodProblem, problemPodsTable, sortPodProblems } from './pods';
import type { Report, Unavailable, Verdict } from './report';
import { limitRows, type Table } from './table';

export const HEALTH_DEFAULTS = { title: 'Cluster health report', windowHours: 24, maxRows: 50, busyNodePercent: 85 };

/** The inputs of the health report, by the name `Unavailable.what` uses for them. */
export type HealthInputName = 'pods' | 'events' | 'nodeUsage' | 'namespaces';

const INPUT_LABELS: Record<HealthInputName, string> = {
	pods: 'Pods',
	events: 'Warning events',
	nodeUsage: 'Node usage',
	namespaces: 'The namespace list',
};

export interface HealthReportInput {
	/** `pods_list` data. */
	pods: PodLike[];
	/** `events_list` data: kubernetes-mcp-server's capitalised events, or core/v1 Events. */
	events: unknown[];
	/** Parsed `nodes_top`; leave out when node usage was not asked for. */
	nodeUsage?: NodeUsage[];
	/** `namespaces_list` (or `projects_list`) data. */
	namespaces: NamespaceLike[];
	now: Date;
	windowHours?: number;
	/** Inputs that could not be read; their arrays are then empty. */
	unavailable?: Unavailable[];
	title?: string;
	/** Rows per table; the rest is counted in the table's note. */
	maxRows?: number;
	/** CPU or memory use (percent of allocatable) from which a node counts as busy. */
	busyNodePercent?: number;
}

export interface HealthCounts {
	[name: string]: number;
	/** Pods listed, completed ones included. */
	pods: number;
	/** Pods not running, not ready or restarted in the window. */
	problemPods: number;
	/** Of those, pods that cannot run until someone acts (CrashLoopBackOff, image pull, config errors, OOM kills). */
	failingPods: number;
	warningEvents: number;
	warningEventGroups: number;
	/** Warning events before the window, not shown. */
	olderWarningEvents: number;
	nodes: number;
	busyNodes: number;
	namespaces: number;
	unavailable: number;
	redactedSecrets: number;
}

export interface HealthReport extends Report {
	kind: 'health';
	windowHours: number;
	counts: HealthCounts;
}

export async function buildHealthReport(input: HealthReportInput): Promise<HealthReport> {
	const windowHours = checkNumber('windowHours', input.windowHours ?? HEALTH_DEFAULTS.windowHours, 0.25);
	const maxRows = checkNumber('maxRows', input.maxRows ?? HEALTH_DEFAULTS.maxRows, 1, 10_000);
	const busyPercent = checkNumber('busyNodePercent', input.busyNodePercent ?? HEALTH_DEFAULTS.busyNodePercent, 1, 100);
	if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) throw new ReportInputError('now', 'must be a valid time');
	const now = input.now.getTime();
	const since = now - windowHours * 3600_000;
	const unavailable = input.unavailable ?? [];
	const missing = (what: HealthInputName) => unavailable.find((entry) => entry.what === what);

	const events: ClusterEvent[] = input.events.map((value, index) => {
		const event = normaliseEvent(value);
		if (!event) throw new ReportInputError('events', `item ${index + 1} is not an event (no Reason and InvolvedObject)`);
		return event;
	});
	const problems = input.pods.map((pod) => findPodProblem(pod, now, since)).filter((problem) => problem !== undefined);
	const summary = groupWarningEvents(events, since);
	const shownGroups = await redactShownGroups(summary.groups, maxRows);
	const nodes = input.nodeUsage ?? [];
	const busyNodes = nodes.filter((node) => (busiestResource(node) ?? 0) >= busyPercent);

	const counts: HealthCounts = {
		pods: input.pods.length,
		problemPods: problems.length,
		failingPods: problems.filter((problem) => problem.severity === 'critical').length,
		warningEvents: summary.inWindow,
		warningEventGroups: summary.groups.length,
		olderWarningEvents: summary.older,
		nodes: nodes.length,
		busyNodes: busyNodes.length,
		namespaces: input.namespaces.length,
		unavailable: unavailable.length,
		redactedSecrets: shownGroups.redacted,
	};

	const whenMissing = (table: Table, what: HealthInputName): Table => {
		const entry = missing(what);
		return entry ? { ...table, emptyText: `${INPUT_LABELS[what]} could not be read: ${entry.why}.` } : table;
	};
	const eventsTable = warningEventsTable([...shownGroups.groups, ...summary.groups.slice(maxRows)], now, windowHours);
	const tables: Table[] = [
		whenMissing(limitRows(problemPodsTable(problems, now, windowHours), maxRows), 'pods'),
		whenMissing(limitRows(eventsTable, maxRows), 'events'),
	];
	if (input.nodeUsage !== undefined || missing('nodeUsage')) tables.push(whenMissing(limitRows(nodeUsageTable(nodes, busyPercent), maxRows), 'nodeUsage'));
	tables.push(limitRows(namespacesTable({ namespaces: input.namespaces, pods: input.pods, problems, eventGroups: summary.groups }), maxRows));

	const notes = unavailable.map((entry) => `${entry.what in INPUT_LABELS ? INPUT_LABELS[entry.what as HealthInputName] : entry.what} could not be read: ${entry.why}.`);
	if (summary.older) notes.push(`${plural(summary.older, 'Warning event')} older than ${windowHours} h ${summary.older === 1 ? 'is' : 'are'} not counted.`);
	if (shownGroups.redacted) notes.push(redactionNote(shownGroups.redacted, 'event messages'));

	const verdict: Verdict = counts.failingPods > 0 ? 'critical' : counts.problemPods || counts.warningEvents || counts.busyNodes || missing('pods') || missing('events') ? 'degraded' : 'healthy';

	return {
		kind: 'health',
		title: input.title?.trim() || HEALTH_DEFAULTS.title,
		generatedAt: input.now.toISOString(),
		windowHours,
		verdict,
		headline: healthHeadline({ counts, windowHours, busyPercent, failingReasons: sortPodProblems(problems).filter((p) => p.severity === 'critical').map((p) => p.reason.replace(/^Restarted: /, '').replace(/ \(exit \d+\)$/, '')), missing: unavailable.map((entry) => entry.what) }),
		counts,
		tables,
		notes,
		unavailable,
	};
}

function healthHeadline(input: { counts: HealthCounts; windowHours: number; busyPercent: number; failingReasons: string[]; missing: string[] }): string {
	const { counts, windowHours, busyPercent } = input;
	const clauses: string[] = [];
	if (counts.failingPods) {
		clauses.push(`${plural(counts.failingPods, 'pod is', 'pods are')} failing (${distinct(input.failingReasons)})`);
	}
	const needLook = counts.problemPods - counts.failingPods;
	if (needLook) clauses.push(`${counts.failingPods ? `${plural(needLook, 'more pod needs', 'more pods need')}` : `${plural(needLook, 'pod needs', 'pods need')}`} attention`);
	if (counts.warningEvents) clauses.push(`${plural(counts.warningEvents, 'Warning event was', 'Warning events were')} recorded in the last ${windowHours} h`);
	if (counts.busyNodes) clauses.push(`${plural(counts.busyNodes, 'node is', 'nodes are')} at ${busyPercent}% or more of CPU or memory`);
	const unread = input.missing.filter((what) => what === 'pods' || what === 'events').map((what) => (what === 'pods' ? 'the pods' : 'the events'));
	if (unread.length) clauses.push(`${joinClauses(unread)} could not be read`);
	if (clauses.length === 0) {
		const nodes = counts.nodes ? ` and no node is at ${busyPercent}% or more of CPU or memory` : '';
		return `No pod needs attention (${counts.pods} listed), no Warning events were recorded in the last ${windowHours} h${nodes}.`;
	}
	return `${capitalise(joinClauses(clauses))}.`;
}

/** The health report's inputs as MCP Client nodes hand them over: output items, error items or the lists. */
export interface McpHealthInputs extends Omit<HealthReportInput, 'pods' | 'events' | 'nodeUsage' | 'namespaces' | 'unavailable'> {
	pods: unknown;
	events: unknown;
	/** `nodes_top` output; undefined when node usage is not part of the report. */
	nodeUsage?: unknown;
	namespaces: unknown;
}

/**
 * Reads each MCP output (a failed or missing tool becomes an "unavailable" note; an input of the
 * wrong shape is a ReportInputError naming it), then builds the report.
 */
export async function healthReportFromMcpOutputs(input: McpHealthInputs): Promise<HealthReport> {
	const unavailable: Unavailable[] = [];
	const take = <T>(what: HealthInputName, reading: Reading<T[]>): T[] => {
		if (reading.available) return reading.value;
		unavailable.push({ what, why: reading.why });
		return [];
	};
	const { pods, events, nodeUsage, namespaces, ...options } = input;
	return buildHealthReport({
		...options,
		pods: take('pods', readPods(pods)),
		events: take('events', readEvents(events)),
		nodeUsage: nodeUsage === undefined ? undefined : take('nodeUsage', readNodeUsage(nodeUsage)),
		namespaces: take('namespaces', readNamespaces(namespaces)),
		unavailable,
	});
}
