import { fixtures } from '../../fixtures/cluster';
import { assertNamespaceAllowed, parseFailureRequest, parseNamespaceList, TriageInputError } from '../../../nodes/shared/triage/input';
import { findFailedContainers, type PodLike } from '../../../nodes/shared/triage/pod';

const podOf = (name: keyof typeof fixtures) => fixtures[name].pod.pod as unknown as PodLike;

describe('failed container detection', () => {
	it.each(Object.keys(fixtures) as Array<keyof typeof fixtures>)('finds the failed container of %s', (name) => {
		const { expected } = fixtures[name];
		const failure = findFailedContainers(podOf(name));
		expect(failure.failed[0]).toMatchObject({ name: expected.failedContainer, usePreviousLog: expected.logsFromPrevious, reason: expected.reason });
		if (expected.exitCode !== undefined) expect(failure.failed[0].exitCode).toBe(expected.exitCode);
	});

	it('picks the failed Tekton step, not the first container, and reports the steps after it as skipped', () => {
		const failure = findFailedContainers(podOf('tektonBuildFailure'));
		expect(failure.failed.map((c) => c.name)).toEqual(['step-build']);
		expect(failure.skipped).toEqual(['step-push']);
	});

	it('follows spec order even when statuses come sorted by name', () => {
		const pod: PodLike = {
			spec: { containers: [{ name: 'step-z-compile' }, { name: 'step-a-publish' }] },
			status: {
				containerStatuses: [
					{ name: 'step-a-publish', state: { terminated: { exitCode: 1, reason: 'Error' } } },
					{ name: 'step-z-compile', state: { terminated: { exitCode: 2, reason: 'Error' } } },
				],
			},
		};
		const failure = findFailedContainers(pod);
		expect(failure.failed.map((c) => c.name)).toEqual(['step-z-compile']);
		expect(failure.skipped).toEqual(['step-a-publish']);
	});

	it('marks an image pull failure as never started and OOMKilled with its class', () => {
		expect(findFailedContainers(podOf('imagePullBackOff')).failed[0]).toMatchObject({ neverStarted: true, statusClass: 'image_pull' });
		expect(findFailedContainers(podOf('oomKilled')).failed[0]).toMatchObject({ statusClass: 'oom_killed', usePreviousLog: true, exitCode: 137 });
	});

	it('recognises evicted and unschedulable pods', () => {
		expect(findFailedContainers({ status: { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' } }).podClass).toBe('evicted');
		expect(
			findFailedContainers({ status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] } }).podClass,
		).toBe('unschedulable');
	});
});

describe('failure requests', () => {
	it('reads the three payload forms', () => {
		expect(parseFailureRequest({ namespace: 'ci', pod_name: 'build-pod', container_name: 'step-build' })).toEqual({
			kind: 'pod',
			namespace: 'ci',
			podName: 'build-pod',
			containerName: 'step-build',
		});
		expect(parseFailureRequest({ namespace: 'ci', pipeline_run: 'build-and-test-run-abc12' })).toEqual({ kind: 'pipelineRun', namespace: 'ci', pipelineRun: 'build-and-test-run-abc12' });
		const event = {
			headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1', 'content-type': 'application/json' },
			body: {
				taskRun: {
					metadata: { name: 'build-and-test-run-abc12-build', namespace: 'ci', labels: { 'tekton.dev/pipelineRun': 'build-and-test-run-abc12' } },
					status: { podName: 'build-and-test-run-abc12-build-pod', steps: [{ name: 'build', container: 'step-build', terminated: { exitCode: 1 } }] },
				},
			},
			query: {},
		};
		expect(parseFailureRequest(event)).toMatchObject({ kind: 'pod', namespace: 'ci', podName: 'build-and-test-run-abc12-build-pod', taskRun: 'build-and-test-run-abc12-build' });
		const pipelineEvent = { headers: { 'Ce-Type': 'dev.tekton.event.pipelinerun.failed.v1' }, body: { pipelineRun: { metadata: { name: 'run-1', namespace: 'ci' } } } };
		expect(parseFailureRequest(pipelineEvent)).toEqual({ kind: 'pipelineRun', namespace: 'ci', pipelineRun: 'run-1' });
		// A structured-mode CloudEvent carries the type in the body and the event in `data`.
		expect(parseFailureRequest({ specversion: '1.0', type: 'dev.tekton.event.pipelinerun.failed.v1', data: { pipelineRun: { metadata: { name: 'run-2', namespace: 'ci' } } } })).toMatchObject({ pipelineRun: 'run-2' });
	});

	it('reads the webhook item n8n produces', () => {
		expect(parseFailureRequest({ headers: {}, params: {}, query: {}, body: { namespace: 'ci', pod_name: 'p' } })).toMatchObject({ podName: 'p' });
	});

	const errorOf = (input: unknown) => {
		try {
			parseFailureRequest(input);
		} catch (error) {
			expect(error).toBeInstanceOf(TriageInputError);
			return error as TriageInputError;
		}
		throw new Error('expected a TriageInputError');
	};

	it.each([
		[{ pod_name: 'p' }, 'namespace', 'namespace is missing: expected the namespace of the failed pod'],
		[{ namespace: 'ci' }, 'pod_name', 'pod_name is missing: expected the name of the failed pod (or pipeline_run, the name of the failed PipelineRun)'],
		[{ namespace: 'ci; rm -rf /', pod_name: 'p' }, 'namespace', `namespace "ci; rm -rf /" is not a valid Kubernetes name`],
		[{ namespace: 'ci', pod_name: '$(curl evil)' }, 'pod_name', 'pod_name "$(curl evil)" is not a valid Kubernetes name'],
		[{ namespace: 'CI', pod_name: 'p' }, 'namespace', 'namespace "CI" is not a valid Kubernetes name'],
		[{ namespace: 'a'.repeat(64), pod_name: 'p' }, 'namespace', 'is not a valid Kubernetes name: expected at most 63'],
		[{ namespace: 'ci', pod_name: 'p', container_name: 'step_build' }, 'container_name', 'container_name "step_build" is not a valid Kubernetes name'],
		[{ namespace: 'ci', pod_name: 42 }, 'pod_name', 'pod_name must be a string'],
		['{not json', 'body', 'body is not JSON'],
		[{ namespace: 'ci', pod_name: 'p', padding: 'x'.repeat(300 * 1024) }, 'body', 'body is 0.3 MB: expected at most 256 KB'],
		[[1, 2], 'body', 'body must be a JSON object, got an array'],
		[{ headers: { 'ce-type': 'dev.tekton.event.taskrun.successful.v1' }, body: { taskRun: {} } }, 'ce-type', 'CloudEvent type "dev.tekton.event.taskrun.successful.v1" is not a Tekton failure event'],
		[{ headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1' }, body: { taskRun: { metadata: { namespace: 'ci' }, status: {} } } }, 'taskRun.status.podName', 'taskRun.status.podName is missing'],
		[{ specversion: '1.0', type: 'dev.tekton.event.taskrun.failed.v1', source: '/tekton' }, 'data', 'data is missing: a structured CloudEvent carries the TaskRun or PipelineRun in "data"'],
		[{ headers: {}, body: { specversion: '1.0', type: 'dev.tekton.event.pipelinerun.failed.v1', taskRun: {} } }, 'data', 'data is missing'],
		[{ namespace: 'ci', pod_name: 'build-pod', pipeline_run: 'build-run' }, 'pod_name, pipeline_run', 'pod_name and pipeline_run were both given: expected one of them'],
		[
			{ headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1' }, body: { taskRun: { metadata: { namespace: 'ci', name: 'Run|x' }, status: { podName: 'p' } } } },
			'taskRun.metadata.name',
			'taskRun.metadata.name "Run|x" is not a valid Kubernetes name',
		],
		[
			{ headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1' }, body: { taskRun: { metadata: { namespace: 'ci', labels: { 'tekton.dev/pipelineRun': '![x](y)' } }, status: { podName: 'p' } } } },
			'taskRun.metadata.labels.tekton.dev/pipelineRun',
			'is not a valid Kubernetes name',
		],
		[
			{ headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1' }, body: { taskRun: { metadata: { namespace: 'ci' }, status: { podName: 'p', steps: [{ container: 'step `x`' }] } } } },
			'taskRun.status.steps[0].container',
			'is not a valid Kubernetes name',
		],
	])('rejects %j naming %s', (input, field, message) => {
		const error = errorOf(input);
		expect(error.field).toBe(field);
		expect(error.message).toContain(message);
	});
});

describe('allowed namespaces', () => {
	const target = parseFailureRequest({ namespace: 'kube-system', pod_name: 'coredns-1' });

	it('reads a comma- or space-separated list; empty means no list', () => {
		expect(parseNamespaceList(' ci, build\nshop ')).toEqual(['ci', 'build', 'shop']);
		expect(parseNamespaceList('')).toEqual([]);
		expect(parseNamespaceList(undefined)).toEqual([]);
	});

	it('refuses a namespace outside the list with 403, naming the namespace', () => {
		expect(() => assertNamespaceAllowed(target, ['ci', 'shop'])).toThrow(
			expect.objectContaining({ field: 'namespace', status: 403, message: 'namespace "kube-system" is not in the allowed namespaces: expected one of ci, shop' }),
		);
	});

	it('lets through a namespace in the list, and any namespace when the list is empty', () => {
		expect(() => assertNamespaceAllowed(target, ['kube-system'])).not.toThrow();
		expect(() => assertNamespaceAllowed(target, [])).not.toThrow();
	});
});


