/**
 * The real kubernetes-mcp-server (0.0.67 over Streamable HTTP, 0.0.66 over SSE) against the fixture
 * Kubernetes API, through a bare MCP SDK client: what the tools return is what the MCP Client and
 * Failure Triage nodes will have to parse (see test/fixtures/cluster/README.md).
 */
import { existsSync } from 'node:fs';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'yaml';

import { defaultCluster, fixtures } from '../fixtures/cluster';
import { type FixtureCluster, startFixtureCluster } from '../support/fixture-cluster';
import { type KubernetesMcpServer, type KubernetesMcpServerVersion, startKubernetesMcpServer } from '../support/kubernetes-mcp-server';

const tekton = fixtures.tektonBuildFailure;
const crashLoop = fixtures.crashLoopBackOff;
const oom = fixtures.oomKilled;
const imagePull = fixtures.imagePullBackOff;

function logOf(scenario: (typeof fixtures)[keyof typeof fixtures], container: string, which: 'current' | 'previous'): string {
	const text = scenario.pod.logs?.[container]?.[which];
	if (text === undefined) throw new Error(`fixture has no ${which} log for ${container}`);
	return text;
}

function lastLines(text: string, count: number): string {
	const lines = text.split('\n');
	lines.pop(); // the log ends with a newline
	return `${lines.slice(-count).join('\n')}\n`;
}

const eventsHeader = '# The following events (YAML format) were found:\n';

describe.each<KubernetesMcpServerVersion>(['0.0.67', '0.0.66'])('kubernetes-mcp-server %s against the fixture cluster', (version) => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let client: Client;

	async function call(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
		const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
		expect(result.content).toHaveLength(1);
		const [content] = result.content;
		if (content.type !== 'text') throw new Error(`${name} returned ${content.type} content`);
		return { text: content.text, isError: result.isError === true };
	}

	function requestsTo(path: string) {
		return cluster.requests.filter((request) => request.path === path);
	}

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		server = await startKubernetesMcpServer({ version, kubeconfigPath: cluster.kubeconfigPath });
		client = new Client({ name: 'interop-test', version: '0.1.0' });
		const url = new URL(server.url);
		await client.connect(server.transport === 'sse' ? new SSEClientTransport(url) : new StreamableHTTPClientTransport(url));
	});

	afterAll(async () => {
		await client?.close();
		await server?.stop();
		await cluster?.close();
	});

	test('serves the transport its version is known for', () => {
		expect(server.url).toMatch(version === '0.0.67' ? /^http:\/\/127\.0\.0\.1:\d+\/mcp$/ : /^http:\/\/127\.0\.0\.1:\d+\/sse$/);
		expect(client.getServerVersion()).toMatchObject({ name: 'kubernetes-mcp-server', version: `v${version}` });
	});

	test('lists only read-only tools, with pods_log taking `tail` (default 100) and `previous`', async () => {
		const { tools } = await client.listTools();
		const names = tools.map((tool) => tool.name);
		expect(names).toEqual(
			expect.arrayContaining(['pods_get', 'pods_list', 'pods_list_in_namespace', 'pods_log', 'events_list', 'namespaces_list', 'resources_get', 'resources_list', 'configuration_view']),
		);
		expect(names).not.toContain('pods_delete');
		for (const tool of tools) expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
		const podsLog = tools.find((tool) => tool.name === 'pods_log');
		expect(podsLog?.inputSchema).toMatchObject({
			required: ['name'],
			properties: { tail: { type: 'integer', default: 100 }, previous: { type: 'boolean' }, container: { type: 'string' } },
		});
	});

	test('pods_get returns the Tekton pod as YAML, spec and status intact', async () => {
		const { text, isError } = await call('pods_get', { namespace: tekton.namespace, name: tekton.podName });
		expect(isError).toBe(false);
		const pod = parse(text) as typeof tekton.pod.pod;
		expect(pod).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: tekton.podName, labels: tekton.pod.pod.metadata.labels } });
		expect(pod.spec).toEqual(tekton.pod.pod.spec);
		expect(pod.status).toEqual(tekton.pod.pod.status);
		expect(requestsTo(`/api/v1/namespaces/${tekton.namespace}/pods/${tekton.podName}`).length).toBeGreaterThan(0);
	});

	test('pods_log with a large tail returns the whole log of the failed step', async () => {
		const { text, isError } = await call('pods_log', { namespace: tekton.namespace, name: tekton.podName, container: 'step-build', tail: 100_000 });
		expect(isError).toBe(false);
		expect(text).toBe(logOf(tekton, 'step-build', 'current'));
		expect(text).toContain(tekton.expected.evidence);
		const logRequests = requestsTo(`/api/v1/namespaces/${tekton.namespace}/pods/${tekton.podName}/log`);
		expect(logRequests.at(-1)?.query).toEqual({ container: 'step-build', tailLines: '100000' });
	});

	test('pods_log without tail returns only the last 100 lines, which miss the compiler error', async () => {
		const { text } = await call('pods_log', { namespace: tekton.namespace, name: tekton.podName, container: 'step-build' });
		expect(text).toBe(lastLines(logOf(tekton, 'step-build', 'current'), 100));
		expect(text).not.toContain(tekton.expected.evidence);
	});

	test('pods_log with previous returns the crashed run of a container in CrashLoopBackOff', async () => {
		const { text, isError } = await call('pods_log', { namespace: crashLoop.namespace, name: crashLoop.podName, previous: true, tail: 1000 });
		expect(isError).toBe(false);
		expect(text).toBe(logOf(crashLoop, 'api', 'previous'));
		expect(text).toContain(crashLoop.expected.evidence);
		expect(requestsTo(`/api/v1/namespaces/${crashLoop.namespace}/pods/${crashLoop.podName}/log`).at(-1)?.query).toEqual({ container: 'api', previous: 'true', tailLines: '1000' });
	});

	test('pods_log tells the current run of a restarted container from the OOM-killed one', async () => {
		const current = await call('pods_log', { namespace: oom.namespace, name: oom.podName, container: 'worker' });
		const previous = await call('pods_log', { namespace: oom.namespace, name: oom.podName, container: 'worker', previous: true });
		expect(current.text).toBe(logOf(oom, 'worker', 'current'));
		expect(previous.text).toBe(logOf(oom, 'worker', 'previous'));
		expect(previous.text).toContain(oom.expected.evidence);
	});

	test('pods_log of a container that never started is a tool error with the kubelet message', async () => {
		const { text, isError } = await call('pods_log', { namespace: imagePull.namespace, name: imagePull.podName });
		expect(isError).toBe(true);
		expect(text).toBe(
			`failed to get pod ${imagePull.podName} log in namespace ${imagePull.namespace}: container "web" in pod "${imagePull.podName}" is waiting to start: trying and failing to pull image`,
		);
	});

	test('events_list for namespace ci returns every event there as commented YAML', async () => {
		const { text, isError } = await call('events_list', { namespace: tekton.namespace });
		expect(isError).toBe(false);
		expect(text.startsWith(eventsHeader)).toBe(true);
		const events = parse(text.slice(eventsHeader.length)) as Array<Record<string, unknown>>;
		expect(events).toHaveLength(defaultCluster.events.filter((event) => event.metadata.namespace === tekton.namespace).length);
		for (const event of events) {
			expect(Object.keys(event).sort()).toEqual(['InvolvedObject', 'Message', 'Namespace', 'Reason', 'Timestamp', 'Type']);
			expect(event.Namespace).toBe('ci');
		}
		expect(events).toContainEqual({
			InvolvedObject: { Kind: 'TaskRun', Name: 'build-and-test-run-abc12-build', apiVersion: 'tekton.dev/v1' },
			Message: '"step-build" exited with code 1',
			Namespace: 'ci',
			Reason: 'Failed',
			Timestamp: '2025-06-03 09:13:38 +0000 UTC',
			Type: 'Warning',
		});
	});

	test('events_list with an involvedObject.name selector returns that pod’s events only', async () => {
		const { text } = await call('events_list', { namespace: imagePull.namespace, fieldSelector: `involvedObject.name=${imagePull.podName}` });
		const events = parse(text.slice(eventsHeader.length)) as Array<{ InvolvedObject: { Name: string }; Reason: string }>;
		expect(events).toHaveLength(imagePull.events.length);
		expect(new Set(events.map((event) => event.InvolvedObject.Name))).toEqual(new Set([imagePull.podName]));
		expect(events.map((event) => event.Reason)).toEqual(expect.arrayContaining(['Failed', 'BackOff']));
	});

	test('pods_get on a missing pod is a tool error carrying the API message', async () => {
		const { text, isError } = await call('pods_get', { namespace: 'ci', name: 'build-and-test-run-zzz99-build-pod' });
		expect(isError).toBe(true);
		expect(text).toBe('failed to get pod build-and-test-run-zzz99-build-pod in namespace ci: pods "build-and-test-run-zzz99-build-pod" not found');
	});

	test('configuration_view shows the fixture kubeconfig, token included', async () => {
		const { text, isError } = await call('configuration_view', {});
		expect(isError).toBe(false);
		const kubeconfig = parse(text) as { clusters: Array<{ cluster: { server: string } }>; users: Array<{ user: { token?: string } }>; 'current-context': string };
		expect(kubeconfig.clusters[0].cluster.server).toBe(cluster.url);
		expect(kubeconfig['current-context']).toBe('fixture');
		expect(kubeconfig.users[0].user.token).toMatch(/^sha256~[0-9a-f]{32}$/);
	});

	test('made no write request to the cluster', () => {
		expect(cluster.requests.length).toBeGreaterThan(0);
		expect(cluster.writeRequests()).toEqual([]);
	});
});

describe('fixture cluster API', () => {
	let cluster: FixtureCluster;

	async function get(path: string): Promise<{ status: number; body: unknown; contentType: string | null }> {
		const response = await fetch(`${cluster.url}${path}`);
		const contentType = response.headers.get('content-type');
		const body = contentType === 'application/json' ? await response.json() : await response.text();
		return { status: response.status, body, contentType };
	}

	beforeAll(async () => {
		cluster = await startFixtureCluster({ openshift: true });
	});

	afterAll(async () => {
		await cluster?.close();
	});

	test('serves discovery for core, apps, metrics and, when asked, OpenShift groups', async () => {
		const groups = (await get('/apis')).body as { groups: Array<{ name: string }> };
		expect(groups.groups.map((group) => group.name)).toEqual(
			expect.arrayContaining(['apps', 'batch', 'networking.k8s.io', 'metrics.k8s.io', 'tekton.dev', 'route.openshift.io', 'project.openshift.io']),
		);
		const core = (await get('/api/v1')).body as { resources: Array<{ name: string; namespaced: boolean }> };
		expect(core.resources).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'pods', namespaced: true }), expect.objectContaining({ name: 'pods/log' })]));
		expect((await get('/version')).body).toMatchObject({ major: '1', gitVersion: expect.stringMatching(/^v1\./) });
	});

	test('answers a missing object with the API’s NotFound Status', async () => {
		expect(await get('/apis/apps/v1/namespaces/shop/deployments/nope')).toEqual({
			status: 404,
			contentType: 'application/json',
			body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'deployments.apps "nope" not found', reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' }, code: 404 },
		});
	});

	test('filters lists by label and field selectors, and rejects unsupported fields', async () => {
		const byLabel = (await get(`/api/v1/pods?labelSelector=${encodeURIComponent('tekton.dev/pipelineRun=build-and-test-run-abc12')}`)).body as { kind: string; items: Array<{ metadata: { name: string } }> };
		expect(byLabel.kind).toBe('PodList');
		expect(byLabel.items.map((item) => item.metadata.name)).toEqual([tekton.podName]);
		const pending = (await get('/api/v1/pods?fieldSelector=status.phase%3DPending')).body as { items: Array<{ metadata: { name: string } }> };
		expect(pending.items.map((item) => item.metadata.name).sort()).toEqual([fixtures.createContainerConfigError.podName, imagePull.podName].sort());
		const unsupported = await get('/api/v1/events?fieldSelector=message%3Dx');
		expect(unsupported).toMatchObject({ status: 400, body: { reason: 'BadRequest', message: 'field label not supported: message' } });
	});

	test('streams logs as text, honouring tailLines, and refuses what the kubelet refuses', async () => {
		const logPath = `/api/v1/namespaces/ci/pods/${tekton.podName}/log`;
		expect(await get(`${logPath}?container=step-build&tailLines=2`)).toEqual({
			status: 200,
			contentType: 'text/plain',
			body: lastLines(logOf(tekton, 'step-build', 'current'), 2),
		});
		expect(await get(`${logPath}?container=step-nope`)).toMatchObject({ status: 400, body: { message: `container step-nope is not valid for pod ${tekton.podName}` } });
		expect(await get(`${logPath}?container=step-build&previous=true`)).toMatchObject({
			status: 400,
			body: { message: `previous terminated container "step-build" in pod "${tekton.podName}" not found` },
		});
		expect(await get(logPath)).toMatchObject({
			status: 400,
			body: { message: `a container name must be specified for pod ${tekton.podName}, choose one of: [step-git-clone step-install step-build step-push] or one of the init containers: [prepare place-scripts]` },
		});
		const configError = fixtures.createContainerConfigError;
		expect(await get(`/api/v1/namespaces/shop/pods/${configError.podName}/log`)).toMatchObject({
			status: 400,
			body: { message: `container "notifier" in pod "${configError.podName}" is waiting to start: CreateContainerConfigError` },
		});
	});

	test('refuses writes with 403 and records them', async () => {
		const response = await fetch(`${cluster.url}/api/v1/namespaces/ci/pods/${tekton.podName}`, { method: 'DELETE' });
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({
			reason: 'Forbidden',
			message: `pods "${tekton.podName}" is forbidden: User "system:serviceaccount:ci:mcp-readonly" cannot delete resource "pods" in API group "" in the namespace "ci"`,
		});
		expect(cluster.writeRequests()).toEqual([expect.objectContaining({ method: 'DELETE', path: `/api/v1/namespaces/ci/pods/${tekton.podName}`, status: 403 })]);
	});

	test('serves Projects as a view of Namespaces on OpenShift', async () => {
		const projects = (await get('/apis/project.openshift.io/v1/projects')).body as { kind: string; items: Array<{ metadata: { name: string } }> };
		const namespaces = (await get('/api/v1/namespaces')).body as { items: Array<{ metadata: { name: string } }> };
		expect(projects.kind).toBe('ProjectList');
		expect(projects.items.map((item) => item.metadata.name)).toEqual(namespaces.items.map((item) => item.metadata.name));
	});

	test('adds and removes pods while running', async () => {
		const copy = structuredClone(oom.pod);
		copy.pod.metadata.name = 'report-worker-6b8f9c7d5-zz9yx';
		cluster.addPod(copy);
		expect((await get(`/api/v1/namespaces/data/pods/report-worker-6b8f9c7d5-zz9yx/log?container=worker`)).body).toBe(logOf(oom, 'worker', 'current'));
		cluster.removePod('data', 'report-worker-6b8f9c7d5-zz9yx');
		expect((await get('/api/v1/namespaces/data/pods/report-worker-6b8f9c7d5-zz9yx')).status).toBe(404);
	});

	test('removes its kubeconfig on close', async () => {
		const other = await startFixtureCluster({ pods: [], events: [], objects: [] });
		expect(existsSync(other.kubeconfigPath)).toBe(true);
		await other.close();
		expect(existsSync(other.kubeconfigPath)).toBe(false);
	});
});

describe('startKubernetesMcpServer', () => {
	test('rejects with the server’s own output when the binary exits at start', async () => {
		await expect(startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: '/nonexistent/kubeconfig', args: ['--no-such-flag'] })).rejects.toThrow(
			/kubernetes-mcp-server 0\.0\.67 .* exited with 1\. Its output:\n[\s\S]*unknown flag: --no-such-flag/,
		);
	});
});
