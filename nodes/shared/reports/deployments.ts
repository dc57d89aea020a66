/**
 * Deployment rollout status (`resources_list` apps/v1 Deployment): desired, ready, updated and
 * available replicas, and the rollout's state worked out the way `kubectl rollout status` does.
 */
import { allAre, checkOptions, distinct, Inputs, plural, type ReportOptions, sentence } from './common';
import { formatAge, oneLine, parseClusterTime } from './format';
import { readObjects, type KubeObjectLike } from './kubernetes';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const DEPLOYMENTS_DEFAULTS = { title: 'Deployment rollout status' };

interface Condition {
	type?: string;
	status?: string;
	reason?: string;
	message?: string;
}

export interface DeploymentLike extends KubeObjectLike {
	spec?: { replicas?: number; paused?: boolean };
	status?: { observedGeneration?: number; replicas?: number; updatedReplicas?: number; readyReplicas?: number; availableReplicas?: number; conditions?: Condition[] };
}

export type RolloutSeverity = 'critical' | 'warning' | 'ok';

export interface DeploymentState {
	namespace: string;
	name: string;
	desired: number;
	current: number;
	ready: number;
	updated: number;
	available: number;
	/** kubectl's words: `Complete`, `Rolling out: 2 of 3 updated`, `Stalled: …`, `Paused`. */
	rollout: string;
	/** The Available (or a failing Progressing) condition, as `Type: Reason`. */
	condition: string;
	severity: RolloutSeverity;
	/** Why it needs attention, in a few words, for headlines. */
	problem?: string;
	createdAt?: number;
}

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** One Deployment's rollout: what `kubectl rollout status` would say, and how bad it is. */
export function deploymentState(deployment: DeploymentLike): DeploymentState {
	const status = deployment.status ?? {};
	const desired = typeof deployment.spec?.replicas === 'number' ? deployment.spec.replicas : 1;
	const current = count(status.replicas);
	const updated = count(status.updatedReplicas);
	const ready = count(status.readyReplicas);
	const available = count(status.availableReplicas);
	const conditions = status.conditions ?? [];
	const progressing = conditions.find((condition) => condition.type === 'Progressing');
	const availableCondition = conditions.find((condition) => condition.type === 'Available');
	const stalled = progressing?.reason === 'ProgressDeadlineExceeded' || progressing?.status === 'False';

	let rollout: string;
	if (deployment.spec?.paused) rollout = 'Paused';
	else if ((deployment.metadata?.generation ?? 0) > count(status.observedGeneration)) rollout = 'Waiting for the controller to see the change';
	else if (stalled) rollout = `Stalled: ${progressing?.reason ?? 'not progressing'}`;
	else if (updated < desired) rollout = `Rolling out: ${updated} of ${desired} updated`;
	else if (current > updated) rollout = `Rolling out: ${current - updated} old ${current - updated === 1 ? 'replica' : 'replicas'} terminating`;
	// The controller is done (NewReplicaSetAvailable) but pods are not available: a workload problem, not a rollout.
	else if (available < updated && progressing?.reason === 'NewReplicaSetAvailable') rollout = `Rolled out; ${available} of ${updated} available`;
	else if (available < updated) rollout = `Rolling out: ${available} of ${updated} updated available`;
	else rollout = 'Complete';

	let severity: RolloutSeverity = 'ok';
	let problem: string | undefined;
	if (desired > 0 && available === 0) [severity, problem] = ['critical', 'unavailable'];
	else if (stalled) [severity, problem] = ['critical', 'stalled'];
	else if (ready < desired) [severity, problem] = ['warning', `${ready} of ${desired} ready`];
	else if (rollout !== 'Complete') [severity, problem] = ['warning', rollout.startsWith('Rolling out') ? 'rolling out' : rollout.toLowerCase()];

	const shown = stalled ? progressing : availableCondition;
	return {
		namespace: deployment.metadata?.namespace ?? '',
		name: deployment.metadata?.name ?? '',
		desired,
		current,
		ready,
		updated,
		available,
		rollout,
		condition: shown ? `${shown.type}: ${shown.reason ?? shown.status ?? ''}` : '',
		severity,
		...(problem ? { problem } : {}),
		createdAt: parseClusterTime(deployment.metadata?.creationTimestamp),
	};
}

const SEVERITY_RANK: Record<RolloutSeverity, number> = { critical: 0, warning: 1, ok: 2 };

export function sortDeploymentStates(states: DeploymentState[]): DeploymentState[] {
	return [...states].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

export interface DeploymentsInput extends ReportOptions {
	/** `resources_list` output for apiVersion apps/v1, kind Deployment. */
	deployments: unknown;
}

export interface DeploymentsReport extends Report {
	kind: 'deployments';
	counts: { deployments: number; unavailable: number; stalled: number; rollingOut: number; notReady: number; complete: number; unreadable: number };
}

export function deploymentsReport(input: DeploymentsInput): DeploymentsReport {
	const { now, maxRows } = checkOptions(input);
	const inputs = new Inputs();
	const deployments = inputs.take('deployments', readObjects<DeploymentLike>(input.deployments, 'deployments', 'resources_list', ['Deployment']));
	const states = sortDeploymentStates(deployments.map(deploymentState));
	const by = (problem: string) => states.filter((state) => state.problem === problem);
	const counts = {
		deployments: states.length,
		unavailable: by('unavailable').length,
		stalled: by('stalled').length,
		rollingOut: by('rolling out').length,
		notReady: states.filter((state) => state.problem?.endsWith(' ready')).length,
		complete: states.filter((state) => state.severity === 'ok').length,
		unreadable: inputs.unavailable.length,
	};
	const names = (list: DeploymentState[]) => distinct(list.map((state) => `${state.namespace}/${state.name}`));
	const clauses: string[] = [];
	if (counts.unavailable) clauses.push(`${plural(counts.unavailable, 'deployment has', 'deployments have')} no available replica (${names(by('unavailable'))})`);
	if (counts.stalled) clauses.push(`${plural(counts.stalled, 'rollout is', 'rollouts are')} stalled (${names(by('stalled'))})`);
	if (counts.notReady) clauses.push(`${plural(counts.notReady, 'deployment is', 'deployments are')} short of ready replicas`);
	if (counts.rollingOut) clauses.push(`${plural(counts.rollingOut, 'rollout is', 'rollouts are')} in progress (${names(by('rolling out'))})`);
	const other = states.filter((state) => state.severity === 'warning' && state.problem !== 'rolling out' && !state.problem?.endsWith(' ready'));
	if (other.length) clauses.push(`${plural(other.length, 'deployment is', 'deployments are')} ${distinct(other.map((state) => state.problem ?? ''))}`);
	const missing = inputs.missing('deployments');
	const headline = missing
		? `The deployments could not be read: ${missing.why}.`
		: clauses.length
			? sentence(clauses)
			: states.length
				? `${allAre(states.length, 'deployment')} rolled out, with every desired replica ready.`
				: 'No deployments were listed.';
	const verdict: Verdict = states.some((state) => state.severity === 'critical') ? 'critical' : states.some((state) => state.severity === 'warning') || missing ? 'degraded' : 'healthy';

	return {
		kind: 'deployments',
		title: input.title?.trim() || DEPLOYMENTS_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'deployments',
					title: 'Deployments',
					columns: ['Namespace', 'Deployment', 'Desired', 'Ready', 'Updated', 'Available', 'Rollout', 'Condition', 'Age'],
					rows: states.map((state) => [
						oneLine(state.namespace),
						oneLine(state.name),
						String(state.desired),
						String(state.ready),
						String(state.updated),
						String(state.available),
						oneLine(state.rollout),
						oneLine(state.condition),
						formatAge(state.createdAt === undefined ? undefined : now - state.createdAt),
					]),
					emptyText: missing ? `The deployments could not be read: ${missing.why}.` : 'No deployments were listed.',
					note: 'Ready and Available count replicas (pods); Updated counts those that run the current template.',
				},
				maxRows,
			),
		],
		notes: inputs.notes({ deployments: 'The deployments' }),
		unavailable: inputs.unavailable,
	};
}
