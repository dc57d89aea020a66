/**
 * Failure Triage's Collect through the real kubernetes-mcp-server against the fixture cluster:
 * the failed step is not the first container, a restarted container's previous log, an image-pull
 * pod with no log, an OOM kill, a missing pod, and a PipelineRun name.
 */
import { buildServerConfig, McpSession } from '../../nodes/shared/mcp';
import { buildReport, collectFailure, parseFailureRequest } from '../../nodes/shared/triage';
import { bulkFailures, fixtures, hugeLogRootCauseLine, leakedSecrets, missingPodName } from '../fixtures/cluster';
import { startFixtureCluster, type FixtureCluster } from '../support/fixture-cluster';
import { startKubernetesMcpServer, type KubernetesMcpServer } from '../support/kubernetes-mcp-server';

describe('Collect and analyse through kubernetes-mcp-server 0.0.67', () => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let session: McpSession;

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		// The server's client allows 5 requests/s after a burst of 10; lift it so the test measures us.
		server = await startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env: { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' } });
		session = await McpSession.open(buildServerConfig({ url: server.url, transport: 'auto', requestTimeoutMs: 15_000 }));
	});
	afterAll(async () => {
		await session?.close();
		await server?.stop();
		await cluster?.close();
	});

	const collect = async (payload: Record<string, unknown>) => {
		const record = await collectFailure(session, parseFailureRequest(payload));
		return { record, report: await buildReport(record) };
	};

	it('reads the failed Tekton step (not the first container) and finds the compiler error in the middle of its log', async () => {
		const scenario = fixtures.tektonBuildFailure;
		const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(record.containers[0].name).toBe('step-build');
		expect(record.skippedSteps).toEqual(['step-push']);
		expect(report.category).toBe('compile_error');
		expect(report.evidence[0].text).toContain(scenario.expected.evidence);
		expect(report.location).toMatchObject({ pipelineRun: 'build-and-test-run-abc12', pipelineTask: 'build', container: 'step-build' });
		expect(report.complete).toBe(true);
		// The whole log was asked for, not the server's 100-line default.
		const logRequest = cluster.requests.find((r) => r.path.endsWith(`/pods/${scenario.podName}/log`) && r.query.container === 'step-build');
		expect(Number(logRequest?.query.tailLines)).toBeGreaterThanOrEqual(100_000);
	});

	it('checks a requested container and reports the one that really failed', async () => {
		const scenario = fixtures.tektonBuildFailure;
		const { record } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName, container_name: 'step-git-clone' });
		expect(record.containers[0].name).toBe('step-build');
		expect(record.containerNote).toBe('The request named container "step-git-clone", but it did not fail; step-build did.');
	});

	it('reads the previous log of a restarted container', async () => {
		const scenario = fixtures.crashLoopBackOff;
		const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(record.containers[0]).toMatchObject({ name: scenario.expected.failedContainer, logFromPrevious: true });
		expect(report.evidence.map((e) => e.text).join('\n')).toContain(scenario.expected.evidence);
		expect(report.facts.logFromPrevious).toBe(true);
	});

	it('explains an image-pull pod from its events: no log exists', async () => {
		const scenario = fixtures.imagePullBackOff;
		const { report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(report.category).toBe('image_pull');
		expect(report.evidence.map((e) => e.text).join('\n')).toContain(scenario.expected.evidence);
		expect(report.notes.join('\n')).toMatch(/never started \(ImagePullBackOff\)/);
		expect(report.complete).toBe(true);
	});

	it('classifies an OOM kill from the pod status', async () => {
		const scenario = fixtures.oomKilled;
		const { report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(report.category).toBe('oom_killed');
		expect(report.facts).toMatchObject({ exitCode: 137, logFromPrevious: true });
	});

	it('classifies a missing secret as a configuration error', async () => {
		const scenario = fixtures.createContainerConfigError;
		const { report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(report.category).toBe('config_error');
		expect(report.evidence[0].text).toContain('smtp-credentials');
	});

	it('records a missing pod instead of failing', async () => {
		const { report } = await collect({ namespace: 'ci', pod_name: 'build-and-test-run-zzz99-build-pod' });
		expect(report.complete).toBe(false);
		expect(report.problems[0]).toEqual({
			what: 'pod ci/build-and-test-run-zzz99-build-pod',
			why: 'failed to get pod build-and-test-run-zzz99-build-pod in namespace ci: pods "build-and-test-run-zzz99-build-pod" not found',
		});
		expect(report.category).toBe('unknown');
	});

	it('finds the failed pod of a PipelineRun by its label', async () => {
		const { record, report } = await collect({ namespace: 'ci', pipeline_run: 'build-and-test-run-abc12' });
		expect(record.podName).toBe(fixtures.tektonBuildFailure.podName);
		expect(report.category).toBe('compile_error');
	});

	it('never writes to the cluster', () => {
		expect(cluster.writeRequests()).toEqual([]);
	});

	it('reads a kaniko push refused by the registry from the step after the one that succeeded', async () => {
		const scenario = fixtures.registryAuthFailure;
		const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(record.containers[0].name).toBe(scenario.expected.failedContainer);
		expect(record.skippedSteps).toEqual(['step-write-url']);
		expect(report.category).toBe('registry_auth');
		expect(report.evidence.map((e) => e.text).join('\n')).toContain(scenario.expected.evidence);
		expect(report.facts.exitCode).toBe(scenario.expected.exitCode);
	});

	it('finds the Git authentication failure in a log that prints secrets around it', async () => {
		const scenario = fixtures.secretsInLog;
		const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(record.containers[0].name).toBe(scenario.expected.failedContainer);
		expect(report.category).toBe('git_auth');
		expect(report.facts.exitCode).toBe(128);
		expect(report.evidence.map((e) => e.text).join('\n')).toContain(scenario.expected.evidence);
	});

	it('keeps every secret of that log out of the report', async () => {
		const scenario = fixtures.secretsInLog;
		const { report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		const serialised = JSON.stringify(report);
		expect(leakedSecrets.filter((secret) => serialised.includes(secret))).toEqual([]);
		expect(report.redactions.total).toBeGreaterThan(0);
	});

	it('classifies a test failure whose log tries to instruct the model', async () => {
		const scenario = fixtures.promptInjection;
		const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(record.containers[0].name).toBe(scenario.expected.failedContainer);
		expect(report.category).toBe('test_failure');
		expect(report.evidence.map((e) => e.text).join('\n')).toContain(scenario.expected.evidence);
	});

	it('reads all 200,000 lines of a huge log and finds the compiler error in the middle', async () => {
		const scenario = fixtures.hugeLog;
		const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
		expect(record.containers[0].name).toBe(scenario.expected.failedContainer);
		expect(report.log.lines).toBe(200_000);
		expect(report.category).toBe('compile_error');
		expect(report.evidence[0]).toMatchObject({ line: hugeLogRootCauseLine, text: scenario.expected.evidence });
	});

	it('records the missing-pod scenario as a problem', async () => {
		const { report } = await collect({ namespace: 'ci', pod_name: missingPodName });
		expect(report.complete).toBe(false);
		expect(report.problems[0].why).toBe(`failed to get pod ${missingPodName} in namespace ci: pods "${missingPodName}" not found`);
	});

	it('gives each of the bulk failures its own failed step and fingerprint', async () => {
		const bulk = bulkFailures(18);
		for (const scenario of bulk) {
			cluster.addPod(scenario.pod);
			for (const event of scenario.events) cluster.addObject(event);
		}
		const fingerprints = new Set<string>();
		for (const scenario of bulk) {
			const { record, report } = await collect({ namespace: scenario.namespace, pod_name: scenario.podName });
			expect(record.containers[0].name).toBe(scenario.expected.failedContainer);
			expect(report.evidence.map((e) => e.text).join('\n')).toContain(scenario.expected.evidence);
			fingerprints.add(report.fingerprint);
		}
		expect(fingerprints.size).toBe(bulk.length);
		expect(cluster.writeRequests()).toEqual([]);
	});
});
