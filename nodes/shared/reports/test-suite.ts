/**
 * A cluster test suite: several read-only checks from one run's MCP calls, each PASS, FAIL or
 * ERROR (its input could not be read), in one table. Checks whose input was not given are skipped.
 * Each check reuses the judgement of its own report (pods, deployments, nodes, claims).
 */
import { checkNumber, checkOptions, distinct, isNotOffered, plural, type ReportOptions } from './common';
import { deploymentState, type DeploymentLike } from './deployments';
import { oneLine } from './format';
import { readNodeUsage } from './kubectl-table';
import { readNamespaces, readObjects, readPods, type Reading } from './kubernetes';
import { nodeCondition, type NodeLike } from './node-capacity';
import { findPodProblem } from './pods';
import { claimState, type ClaimLike } from './pvc-storage';
import type { Report, Verdict } from './report';

export const TEST_SUITE_DEFAULTS = { title: 'Cluster test suite', windowHours: 24, pendingMinutes: 5 };

export type CheckResult = 'pass' | 'fail' | 'error' | 'skipped';

export interface CheckOutcome {
	id: string;
	name: string;
	/** A word or two for the headline. */
	short: string;
	/** The MCP tool the check reads. */
	source: string;
	result: CheckResult;
	detail: string;
	/** A failure that means something cannot run until someone acts. */
	critical?: boolean;
}

export interface TestSuiteInput extends ReportOptions {
	/** `namespaces_list` output: the cluster answers through MCP. */
	namespaces?: unknown;
	/** `resources_list` v1 Node output. */
	nodes?: unknown;
	/** `nodes_top` output. */
	nodeUsage?: unknown;
	/** `pods_list` output. */
	pods?: unknown;
	/** `resources_list` apps/v1 Deployment output. */
	deployments?: unknown;
	/** `resources_list` v1 PersistentVolumeClaim output. */
	claims?: unknown;
	windowHours?: number;
	pendingMinutes?: number;
}

export interface TestSuiteReport extends Report {
	kind: 'test-suite';
	counts: { checks: number; passed: number; failed: number; errors: number; skipped: number };
}

const names = (values: string[]) => distinct(values, 4);

/** Runs `judge` on the reading, or turns a missing input into SKIPPED and an unreadable one into ERROR. */
function check<T>(
	base: Omit<CheckOutcome, 'result' | 'detail'>,
	given: unknown,
	read: () => Reading<T[]>,
	judge: (value: T[]) => Pick<CheckOutcome, 'result' | 'detail' | 'critical'>,
): CheckOutcome {
	if (given === undefined) return { ...base, result: 'skipped', detail: 'Not part of this run.' };
	const reading = read();
	if (!reading.available) return { ...base, result: 'error', detail: isNotOffered(reading.why) ? `${reading.why}.` : `Could not read: ${reading.why}.` };
	return { ...base, ...judge(reading.value) };
}

export function runClusterChecks(input: TestSuiteInput): CheckOutcome[] {
	const { now } = checkOptions(input);
	const windowHours = checkNumber('windowHours', input.windowHours ?? TEST_SUITE_DEFAULTS.windowHours, 0.25);
	const pendingMinutes = checkNumber('pendingMinutes', input.pendingMinutes ?? TEST_SUITE_DEFAULTS.pendingMinutes, 0);
	const passIf = (ok: boolean, pass: string, fail: string, critical = false) => (ok ? { result: 'pass' as const, detail: pass } : { result: 'fail' as const, detail: fail, ...(critical ? { critical } : {}) });
	const nodes = () => readObjects<NodeLike>(input.nodes, 'nodes', 'resources_list', ['Node']);

	return [
		check({ id: 'api', name: 'The cluster answers through the MCP server', short: 'API', source: 'namespaces_list' }, input.namespaces, () => readNamespaces(input.namespaces), (namespaces) =>
			passIf(namespaces.length > 0, `${plural(namespaces.length, 'namespace')} listed.`, 'The server answered with no namespaces.'),
		),
		check({ id: 'nodesReady', name: 'Every node is Ready', short: 'nodes Ready', source: 'resources_list Node' }, input.nodes, nodes, (list) => {
			const notReady = list.map(nodeCondition).filter((node) => node.ready !== 'Ready');
			return passIf(list.length > 0 && !notReady.length, `${plural(list.length, 'node')} Ready.`, list.length ? `Not Ready: ${names(notReady.map((node) => `${node.name} (${node.ready})`))}.` : 'No nodes were listed.', true);
		}),
		check({ id: 'nodePressure', name: 'No node is under pressure or cordoned', short: 'node pressure', source: 'resources_list Node' }, input.nodes, nodes, (list) => {
			const troubled = list.map(nodeCondition).filter((node) => node.problems.length);
			return passIf(!troubled.length, 'No pressure conditions, no cordons.', names(troubled.map((node) => `${node.name}: ${node.problems.join(', ')}`)));
		}),
		check({ id: 'metrics', name: 'The metrics API answers', short: 'metrics', source: 'nodes_top' }, input.nodeUsage, () => readNodeUsage(input.nodeUsage), (usage) =>
			passIf(usage.length > 0, `Usage of ${plural(usage.length, 'node')}.`, 'nodes_top listed no nodes: metrics-server has no data.'),
		),
		check({ id: 'pods', name: 'No pod is failing', short: 'pods', source: 'pods_list' }, input.pods, () => readPods(input.pods), (pods) => {
			const failing = pods.map((pod) => findPodProblem(pod, now, now - windowHours * 3600_000)).filter((problem) => problem?.severity === 'critical');
			return passIf(
				!failing.length,
				`${plural(pods.length, 'pod')} listed; none in CrashLoopBackOff, image pull or configuration errors, or OOM-killed in the last ${windowHours} h.`,
				`${plural(failing.length, 'pod')} failing: ${names(failing.map((problem) => `${problem?.namespace}/${problem?.name} ${problem?.reason}`))}.`,
				true,
			);
		}),
		check({ id: 'deployments', name: 'Every Deployment is available and rolled out', short: 'deployments', source: 'resources_list Deployment' }, input.deployments, () => readObjects<DeploymentLike>(input.deployments, 'deployments', 'resources_list', ['Deployment']), (list) => {
			const states = list.map(deploymentState).filter((state) => state.severity !== 'ok');
			return passIf(
				!states.length,
				`${plural(list.length, 'deployment')}, all complete.`,
				`${plural(states.length, 'deployment')}: ${names(states.map((state) => `${state.namespace}/${state.name} ${state.problem}`))}.`,
				states.some((state) => state.severity === 'critical'),
			);
		}),
		check({ id: 'claims', name: 'Every persistent volume claim is Bound', short: 'claims', source: 'resources_list PersistentVolumeClaim' }, input.claims, () => readObjects<ClaimLike>(input.claims, 'claims', 'resources_list', ['PersistentVolumeClaim']), (list) => {
			const states = list.map((claim) => claimState(claim, now, pendingMinutes)).filter((state) => state.severity !== 'ok');
			return passIf(
				!states.length,
				`${plural(list.length, 'claim')}, none unbound for more than ${pendingMinutes} min.`,
				`${names(states.map((state) => `${state.namespace}/${state.name} ${state.phase}`))}.`,
				states.some((state) => state.severity === 'critical'),
			);
		}),
	];
}

const RESULT_TEXT: Record<CheckResult, string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIPPED' };
const RESULT_RANK: Record<CheckResult, number> = { fail: 0, error: 1, pass: 2, skipped: 3 };

export function testSuiteReport(input: TestSuiteInput): TestSuiteReport {
	const outcomes = runClusterChecks(input);
	const { now } = checkOptions(input);
	const ran = outcomes.filter((outcome) => outcome.result !== 'skipped');
	const of = (result: CheckResult) => outcomes.filter((outcome) => outcome.result === result);
	const counts = { checks: ran.length, passed: of('pass').length, failed: of('fail').length, errors: of('error').length, skipped: of('skipped').length };
	const parts = [`${counts.passed} of ${plural(ran.length, 'check')} passed`];
	if (counts.failed) parts.push(`failed: ${of('fail').map((outcome) => outcome.short).join(', ')}`);
	if (counts.errors) parts.push(`could not run: ${of('error').map((outcome) => outcome.short).join(', ')}`);
	const headline = !ran.length ? 'No checks ran: give the suite at least one MCP output.' : counts.passed === ran.length ? ran.length === 1 ? 'The one check that ran passed.' : `All ${ran.length} checks passed.` : `${parts.join('; ')}.`;
	const verdict: Verdict = of('fail').some((outcome) => outcome.critical) ? 'critical' : counts.failed || counts.errors || !ran.length ? 'degraded' : 'healthy';
	const sorted = [...outcomes].sort((a, b) => RESULT_RANK[a.result] - RESULT_RANK[b.result]);
	return {
		kind: 'test-suite',
		title: input.title?.trim() || TEST_SUITE_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			{
				id: 'checks',
				title: 'Checks',
				columns: ['Check', 'Result', 'Detail', 'Reads'],
				rows: sorted.map((outcome) => [outcome.name, RESULT_TEXT[outcome.result], oneLine(outcome.detail, 600), outcome.source]),
				emptyText: 'No checks ran.',
				note: 'Every check is read-only. FAIL: the cluster is not as it should be; ERROR: the check could not read its input.',
			},
		],
		notes: [],
		unavailable: outcomes.filter((outcome) => outcome.result === 'error').map((outcome) => ({ what: outcome.id, why: outcome.detail })),
	};
}
