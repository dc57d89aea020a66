/**
 * Pod status by namespace (`pods_list_in_namespace`, one call per namespace): every pod with its
 * kubectl-style status, the ones that need attention first, and a summary row per namespace.
 */
import { allAre, checkNumber, checkOptions, distinct, Inputs, joinClauses, plural, type ReportOptions } from './common';
import { formatAge, oneLine } from './format';
import { readEach, readPods, type PodLike } from './kubernetes';
import { findPodProblem, problemPodsTable, sortPodProblems, type PodProblem } from './pods';
import type { Report, Verdict } from './report';
import { limitRows, type Table } from './table';

export const POD_STATUS_DEFAULTS = { title: 'Pod status', windowHours: 24 };

export interface PodStatusInput extends ReportOptions {
	/** `pods_list_in_namespace` output: one MCP Client item, several (one per namespace), or the list itself. */
	pods: unknown;
	/** The namespaces asked for, so an empty one still gets its row. */
	namespaces?: string[];
	/** Restarts older than this are not a problem. */
	windowHours?: number;
}

export interface PodStatusReport extends Report {
	kind: 'pod-status';
	counts: { pods: number; namespaces: number; running: number; problemPods: number; failingPods: number; unavailable: number };
}

const PHASES = ['Running', 'Pending', 'Succeeded', 'Failed'] as const;

function readyCount(pod: PodLike): string {
	const statuses = pod.status?.containerStatuses ?? [];
	const total = pod.spec?.containers?.length ?? statuses.length;
	return `${statuses.filter((status) => status.ready).length}/${total}`;
}

function namespaceTable(pods: PodLike[], problems: PodProblem[], asked: string[]): Table {
	const rows = new Map<string, { phases: Record<string, number>; total: number; problems: number; failing: number }>();
	const row = (name: string) => {
		let entry = rows.get(name);
		if (!entry) rows.set(name, (entry = { phases: {}, total: 0, problems: 0, failing: 0 }));
		return entry;
	};
	for (const name of asked) row(name);
	for (const pod of pods) {
		const entry = row(pod.metadata?.namespace ?? '');
		const phase = pod.status?.phase || 'Unknown';
		entry.phases[phase] = (entry.phases[phase] ?? 0) + 1;
		entry.total++;
	}
	for (const problem of problems) {
		row(problem.namespace).problems++;
		if (problem.severity === 'critical') row(problem.namespace).failing++;
	}
	const sorted = [...rows.entries()].sort(([a, x], [b, y]) => y.failing - x.failing || y.problems - x.problems || a.localeCompare(b));
	return {
		id: 'namespaces',
		title: 'Pods by namespace',
		columns: ['Namespace', 'Pods', ...PHASES, 'Need attention'],
		rows: sorted.map(([name, entry]) => [oneLine(name), String(entry.total), ...PHASES.map((phase) => String(entry.phases[phase] ?? 0)), String(entry.problems)]),
		emptyText: 'No namespace was listed.',
	};
}

function allPodsTable(pods: PodLike[], problems: PodProblem[], now: number): Table {
	const problemOf = new Map(problems.map((problem) => [`${problem.namespace}/${problem.name}`, problem]));
	const rank = (pod: PodLike) => {
		const problem = problemOf.get(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
		return problem ? (problem.severity === 'critical' ? 0 : 1) : 2;
	};
	const sorted = [...pods].sort(
		(a, b) => rank(a) - rank(b) || (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''),
	);
	return {
		id: 'pods',
		title: 'All pods',
		columns: ['Namespace', 'Pod', 'Status', 'Ready', 'Restarts', 'Node', 'Age'],
		rows: sorted.map((pod) => {
			const problem = problemOf.get(`${pod.metadata?.namespace}/${pod.metadata?.name}`);
			const restarts = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
			const created = Date.parse(pod.metadata?.creationTimestamp ?? '');
			return [
				oneLine(pod.metadata?.namespace ?? ''),
				oneLine(pod.metadata?.name ?? ''),
				oneLine(problem?.reason ?? pod.status?.phase ?? 'Unknown'),
				readyCount(pod),
				String(restarts),
				oneLine(pod.spec?.nodeName ?? ''),
				formatAge(Number.isNaN(created) ? undefined : now - created),
			];
		}),
		emptyText: 'No pods in these namespaces.',
	};
}

export function podStatusReport(input: PodStatusInput): PodStatusReport {
	const { now, maxRows } = checkOptions(input);
	const windowHours = checkNumber('windowHours', input.windowHours ?? POD_STATUS_DEFAULTS.windowHours, 0.25);
	const asked = [...new Set((input.namespaces ?? []).map((name) => name.trim()).filter(Boolean))];
	const inputs = new Inputs();
	const reading = readEach(input.pods, (one) => readPods(one, 'pods', 'pods_list_in_namespace'));
	for (const why of reading.failures) inputs.unavailable.push({ what: 'pods', why });
	const pods = reading.value;
	const problems = sortPodProblems(pods.map((pod) => findPodProblem(pod, now, now - windowHours * 3600_000)).filter((problem) => problem !== undefined));
	const failing = problems.filter((problem) => problem.severity === 'critical');
	const namespaces = new Set([...asked, ...pods.map((pod) => pod.metadata?.namespace ?? '')].filter(Boolean));

	const counts = {
		pods: pods.length,
		namespaces: namespaces.size,
		running: pods.filter((pod) => pod.status?.phase === 'Running').length,
		problemPods: problems.length,
		failingPods: failing.length,
		unavailable: inputs.unavailable.length,
	};
	const verdict: Verdict = failing.length ? 'critical' : problems.length || inputs.unavailable.length ? 'degraded' : 'healthy';
	const where = namespaces.size === 1 ? `namespace ${[...namespaces][0]}` : `${namespaces.size} namespaces`;
	const clauses: string[] = [];
	if (failing.length) clauses.push(`${plural(failing.length, 'pod is', 'pods are')} failing (${distinct(failing.map((problem) => problem.reason.replace(/^Restarted: /, '').replace(/ \(exit \d+\)$/, '')))})`);
	const needLook = problems.length - failing.length;
	if (needLook) clauses.push(`${plural(needLook, failing.length ? 'more pod needs' : 'pod needs', failing.length ? 'more pods need' : 'pods need')} attention`);
	if (reading.failures.length) clauses.push(`${plural(reading.failures.length, 'pod list')} could not be read`);
	const headline = clauses.length
		? `${plural(pods.length, 'pod')} in ${where}: ${joinClauses(clauses)}.`
		: pods.length
			? `${allAre(pods.length, `pod in ${where}`, `pods in ${where}`)} running or completed, and none restarted in the last ${windowHours} h.`
			: `No pods in ${where}.`;

	const problemTable = problemPodsTable(problems, now, windowHours);
	return {
		kind: 'pod-status',
		title: input.title?.trim() || POD_STATUS_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [namespaceTable(pods, problems, asked), limitRows({ ...problemTable, title: 'Pods that need attention' }, maxRows), limitRows(allPodsTable(pods, problems, now), maxRows)],
		notes: reading.failures.map((why) => `A pod list could not be read: ${why}.`),
		unavailable: inputs.unavailable,
	};
}
