/**
 * Which pods need attention and why, in kubectl's words: the reason comes from the container
 * states the way `kubectl get pods` computes its STATUS column (init containers first, then the
 * first container in spec order that is waiting or failed), falling back to the pod's own reason.
 */
import { formatAge, oneLine, parseClusterTime } from './format';
import type { ContainerStatusLike, PodLike } from './kubernetes';
import type { Table } from './table';

export type Severity = 'critical' | 'warning';

export interface PodProblem {
	namespace: string;
	name: string;
	phase: string;
	/** CrashLoopBackOff, Init:ImagePullBackOff, Error (exit 1), OOMKilled, Unschedulable, NotReady… */
	reason: string;
	container?: string;
	restarts: number;
	/** Epoch ms of the latest container restart, when known. */
	lastRestartAt?: number;
	createdAt?: number;
	severity: Severity;
}

/** Waiting reasons that mean the workload cannot run until someone acts. */
export const FAILING_REASONS = new Set([
	'CrashLoopBackOff',
	'ImagePullBackOff',
	'ErrImagePull',
	'ErrImageNeverPull',
	'InvalidImageName',
	'CreateContainerConfigError',
	'CreateContainerError',
	'RunContainerError',
	'PreStartHookError',
	'PostStartHookError',
]);

// Normal steps of a pod's start; only a problem when the pod stays in them.
const STARTING_REASONS = new Set(['ContainerCreating', 'PodInitializing']);
const STUCK_STARTING_MS = 10 * 60 * 1000;

interface ContainerFinding {
	reason: string;
	container: string;
	failing: boolean;
}

/** Statuses in spec order: the first failed Tekton step is the cause, the skipped ones after it are not. */
function inSpecOrder(statuses: ContainerStatusLike[] | undefined, spec: Array<{ name?: string }> | undefined): ContainerStatusLike[] {
	const list = statuses ?? [];
	const order = (spec ?? []).map((container) => container.name);
	const rank = (status: ContainerStatusLike) => {
		const index = order.indexOf(status.name);
		return index === -1 ? order.length : index;
	};
	return [...list].sort((a, b) => rank(a) - rank(b));
}

function terminatedReason(terminated: NonNullable<ContainerStatusLike['state']>['terminated']): string {
	const reason = terminated?.reason || 'Error';
	return terminated?.exitCode !== undefined ? `${reason} (exit ${terminated.exitCode})` : reason;
}

function containerFinding(pod: PodLike, podAgeMs: number | undefined): ContainerFinding | undefined {
	const init = inSpecOrder(pod.status?.initContainerStatuses, pod.spec?.initContainers);
	for (const status of init) {
		const waiting = status.state?.waiting?.reason;
		if (waiting && waiting !== 'PodInitializing') return { reason: `Init:${waiting}`, container: status.name ?? '', failing: FAILING_REASONS.has(waiting) };
		const terminated = status.state?.terminated;
		if (terminated && terminated.exitCode !== 0) return { reason: `Init:${terminatedReason(terminated)}`, container: status.name ?? '', failing: terminated.reason === 'OOMKilled' };
	}
	for (const status of inSpecOrder(pod.status?.containerStatuses, pod.spec?.containers)) {
		const waiting = status.state?.waiting?.reason;
		if (waiting && (!STARTING_REASONS.has(waiting) || (podAgeMs ?? 0) > STUCK_STARTING_MS)) {
			return { reason: waiting, container: status.name ?? '', failing: FAILING_REASONS.has(waiting) };
		}
		const terminated = status.state?.terminated;
		if (terminated && terminated.exitCode !== 0) return { reason: terminatedReason(terminated), container: status.name ?? '', failing: terminated.reason === 'OOMKilled' };
	}
	return undefined;
}

function latestRestart(statuses: ContainerStatusLike[]): { at?: number; reason?: string; container?: string } {
	let latest: { at?: number; reason?: string; container?: string } = {};
	for (const status of statuses) {
		const terminated = status.lastState?.terminated;
		if (!terminated || !status.restartCount) continue;
		const at = parseClusterTime(terminated.finishedAt);
		if (latest.at === undefined || (at ?? 0) > latest.at) latest = { at, reason: terminatedReason(terminated), container: status.name };
	}
	return latest;
}

/**
 * The pod's problem, or undefined when it is fine: Running and ready with no restart in the window,
 * or Succeeded. `windowStart` (epoch ms) decides whether a restart is recent enough to report.
 */
export function findPodProblem(pod: PodLike, now: number, windowStart: number): PodProblem | undefined {
	const phase = pod.status?.phase || 'Unknown';
	if (phase === 'Succeeded') return undefined;
	const createdAt = parseClusterTime(pod.metadata?.creationTimestamp);
	const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	const restarts = statuses.reduce((sum, status) => sum + (status.restartCount ?? 0), 0);
	const restart = latestRestart(statuses);
	const restartedInWindow = restarts > 0 && (restart.at === undefined || restart.at >= windowStart);
	const oomKilledInWindow = restartedInWindow && restart.reason?.startsWith('OOMKilled') === true;

	const finding = containerFinding(pod, createdAt === undefined ? undefined : now - createdAt);
	let reason = finding?.reason;
	let container = finding?.container;
	if (!reason && pod.status?.reason) reason = pod.status.reason;
	if (!reason) reason = pod.status?.conditions?.find((condition) => condition.type === 'PodScheduled' && condition.status === 'False')?.reason;
	const notReady = pod.status?.conditions?.find((condition) => condition.type === 'Ready')?.status === 'False';
	if (!reason && phase === 'Running' && restartedInWindow) {
		reason = `Restarted: ${restart.reason}`;
		container = restart.container;
	}
	if (!reason && phase === 'Running' && notReady) reason = 'NotReady';
	if (!reason && phase !== 'Running') reason = phase;
	if (!reason) return undefined;

	return {
		namespace: pod.metadata?.namespace ?? '',
		name: pod.metadata?.name ?? '',
		phase,
		reason,
		...(container ? { container } : {}),
		restarts,
		...(restart.at !== undefined ? { lastRestartAt: restart.at } : {}),
		...(createdAt !== undefined ? { createdAt } : {}),
		severity: finding?.failing || oomKilledInWindow ? 'critical' : 'warning',
	};
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1 };

/** Worst first: failing before needing a look, then by restarts, then by name. */
export function sortPodProblems(problems: PodProblem[]): PodProblem[] {
	return [...problems].sort(
		(a, b) =>
			SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
			b.restarts - a.restarts ||
			a.namespace.localeCompare(b.namespace) ||
			a.name.localeCompare(b.name),
	);
}

export function problemPodsTable(problems: PodProblem[], now: number, windowHours: number): Table {
	return {
		id: 'problemPods',
		title: 'Pods not running or restarting',
		columns: ['Namespace', 'Pod', 'Phase', 'Reason', 'Container', 'Restarts', 'Age'],
		rows: sortPodProblems(problems).map((problem) => [
			oneLine(problem.namespace),
			oneLine(problem.name),
			oneLine(problem.phase),
			oneLine(problem.reason),
			oneLine(problem.container ?? ''),
			problem.restarts && problem.lastRestartAt !== undefined ? `${problem.restarts} (${formatAge(now - problem.lastRestartAt)} ago)` : String(problem.restarts),
			formatAge(problem.createdAt === undefined ? undefined : now - problem.createdAt),
		]),
		emptyText: `Every pod is running or completed, and none restarted in the last ${windowHours} h.`,
	};
}
