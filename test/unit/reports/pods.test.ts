import { findPodProblem, problemPodsTable, type PodLike } from '../../../nodes/shared/reports';
import { defaultCluster, fixtures } from '../../fixtures/cluster';

const now = Date.parse('2025-06-03T12:00:00Z');
const dayBefore = now - 24 * 3600_000;
const clone = <T>(value: T): T => structuredClone(value);
const problemOf = (pod: PodLike, windowStart = dayBefore) => findPodProblem(pod, now, windowStart);

describe('which pods need attention', () => {
	it('reports a crash loop as failing, with its container, restarts and the time of the last restart', () => {
		expect(problemOf(fixtures.crashLoopBackOff.pod.pod)).toEqual({
			namespace: 'shop',
			name: fixtures.crashLoopBackOff.podName,
			phase: 'Running',
			reason: 'CrashLoopBackOff',
			container: 'api',
			restarts: 3,
			lastRestartAt: Date.parse('2025-06-03T09:06:43Z'),
			createdAt: Date.parse('2025-06-03T09:05:12Z'),
			severity: 'critical',
		});
	});

	it('reports image pull and configuration errors as failing', () => {
		expect(problemOf(fixtures.imagePullBackOff.pod.pod)).toMatchObject({ phase: 'Pending', reason: 'ImagePullBackOff', container: 'web', severity: 'critical' });
		expect(problemOf(fixtures.createContainerConfigError.pod.pod)).toMatchObject({ reason: 'CreateContainerConfigError', container: 'notifier', severity: 'critical' });
	});

	it('blames the first failed Tekton step in spec order, not the skipped steps after it', () => {
		expect(problemOf(fixtures.tektonBuildFailure.pod.pod)).toMatchObject({ phase: 'Failed', reason: 'Error (exit 1)', container: 'step-build', severity: 'warning' });
	});

	it('reports an OOM kill while it is inside the window, and not after', () => {
		const pod = fixtures.oomKilled.pod.pod;
		expect(problemOf(pod)).toMatchObject({ phase: 'Running', reason: 'Restarted: OOMKilled (exit 137)', container: 'worker', restarts: 1, severity: 'critical' });
		expect(problemOf(pod, Date.parse('2025-06-03T10:00:00Z'))).toBeUndefined();
	});

	it('leaves healthy and completed pods out', () => {
		const database = defaultCluster.pods.find((fixture) => fixture.pod.metadata.name === 'payments-db-0')!.pod;
		expect(problemOf(database)).toBeUndefined();
		const completed = clone(fixtures.tektonBuildFailure.pod.pod);
		completed.status.phase = 'Succeeded';
		expect(problemOf(completed)).toBeUndefined();
	});

	it('falls back to the scheduler’s reason, the pod’s reason, or not ready', () => {
		const unschedulable = clone(fixtures.imagePullBackOff.pod.pod);
		delete unschedulable.status.containerStatuses;
		unschedulable.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastProbeTime: null, lastTransitionTime: '2025-06-03T09:16:02Z' }];
		expect(problemOf(unschedulable)).toMatchObject({ phase: 'Pending', reason: 'Unschedulable', severity: 'warning' });

		const evicted = clone(unschedulable);
		evicted.status = { phase: 'Failed', reason: 'Evicted' };
		expect(problemOf(evicted)).toMatchObject({ phase: 'Failed', reason: 'Evicted' });

		const notReady = clone(defaultCluster.pods.find((fixture) => fixture.pod.metadata.name === 'payments-db-0')!.pod);
		notReady.status.conditions = [{ type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: '2025-06-03T11:00:00Z' }];
		expect(problemOf(notReady)).toMatchObject({ reason: 'NotReady', severity: 'warning' });
	});

	it('reports a container still creating only once the pod has been stuck for a while', () => {
		const creating = clone(fixtures.imagePullBackOff.pod.pod);
		creating.status.containerStatuses![0].state = { waiting: { reason: 'ContainerCreating' } };
		creating.metadata.creationTimestamp = new Date(now - 2 * 60_000).toISOString();
		expect(problemOf(creating)).toMatchObject({ reason: 'Pending' });
		creating.metadata.creationTimestamp = new Date(now - 30 * 60_000).toISOString();
		expect(problemOf(creating)).toMatchObject({ reason: 'ContainerCreating', container: 'web' });
	});

	it('puts failing pods first in the table, then by restarts', () => {
		const problems = defaultCluster.pods.map((fixture) => problemOf(fixture.pod)).filter((problem) => problem !== undefined);
		const table = problemPodsTable(problems, now, 24);
		expect(table.columns).toEqual(['Namespace', 'Pod', 'Phase', 'Reason', 'Container', 'Restarts', 'Age']);
		expect(table.rows[0]).toEqual(['shop', fixtures.crashLoopBackOff.podName, 'Running', 'CrashLoopBackOff', 'api', '3 (2h ago)', '2h']);
		const failing = problems.filter((problem) => problem.severity === 'critical').length;
		expect(table.rows.slice(0, failing).map((row) => row[1]).sort()).toEqual(
			[fixtures.crashLoopBackOff, fixtures.imagePullBackOff, fixtures.createContainerConfigError, fixtures.oomKilled].map((scenario) => scenario.podName).sort(),
		);
		expect(table.rows.slice(failing).every((row) => row[2] === 'Failed')).toBe(true);
	});
});
