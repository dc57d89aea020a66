/**
 * The fixture MCP server against the real kubernetes-mcp-server 0.0.67, both over the same fixture
 * data: every call below must come back byte-identical (text, isError, structured content), so a
 * test or benchmark that uses the fixture server sees what the real server would have said.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parse } from 'yaml';

import { defaultCluster, fixtures, missingPodName } from '../fixtures/cluster';
import type { KubeObject } from '../fixtures/cluster/types';
import { startFixtureCluster, type FixtureCluster } from '../support/fixture-cluster';
import { startFixtureMcpServer, type FixtureMcpServer } from '../support/fixture-mcp-server';
import { kubernetesMcpServerTools } from '../support/fixture-mcp-tools';
import { startKubernetesMcpServer, type KubernetesMcpServer } from '../support/kubernetes-mcp-server';

const tekton = fixtures.tektonBuildFailure;
const eventsHeader = '# The following events (YAML format) were found:\n';

const quickFox = 'The quick brown fox jumps over the lazy dog and keeps running past the fence, the barn and the river until nightfall.';
/** Strings go-yaml quotes, folds or blocks in every way it can, to prove the fixture's YAML matches byte for byte. */
const awkwardStrings = [
	'yes', 'no', 'on', 'off', 'y', 'true', 'True', 'null', '~', '', ' leading', 'trailing ', '1', '1.5', '1e3', '0x1F', '0o17', '017', '08', '+1', '.5', '.inf', '1_000',
	'12:30', '12:30:45', '2025-06-03', '2025-6-3', '2025-06-03T09:00:00Z', '2025-06-03 09:00:00', '2025-06-03t09:00:00+02:00', '2025-13-01', '2025-02-30',
	'- item', '-x', '-', ': x', 'a: b', 'a:b', 'a:', '#comment', 'a #b', 'a#b', '@at', '`tick', '%pct', '!bang', '&amp', '*star', '|pipe', '>gt', "'quoted'", '"dq"',
	'[x]', '{x}', 'x,y', '?q', '? q', '---', '--- x', '...', 'tab\there', 'multi\nline', 'multi\nline\n', 'multi\nline\n\n', '\nleading newline', ' indented\nsecond',
	'trailing space \nx', 'x\n y', 'unicode é ✓', 'emoji 😀 x', 'nbsp\u00a0x', 'bell\u0007', 'cr\r\nlf', '\ufeffbom', 'nel\u0085x', 'ls\u2028x', `${'a'.repeat(130)} b`,
	quickFox, `{x: y} ${quickFox}`, `It's ${quickFox} Isn't it?`, `tab\t${quickFox}`, 'x'.repeat(120), `two  spaces ${quickFox.replace('river', 'river  ')}`,
	`line one ${quickFox}\nline two`,
];
const awkwardKeys = ['a10', 'a2', 'a_1', 'A', 'b', '_x', '1x', 'x01', 'x1', 'yes', '123', 'a b', '', 'k'.repeat(130), 'é-key', '-dash', '0', 'Z', '1.5', 'a: b', 'multi\nkey'];

const yamlTorture: KubeObject = {
	apiVersion: 'tekton.dev/v1',
	kind: 'TaskRun',
	metadata: { name: 'yaml-torture', namespace: 'ci', uid: '0f5e7c1a-2b3d-4e6f-a8b9-c0d1e2f3a4b5', creationTimestamp: '2025-06-03T09:00:00Z' },
	spec: {
		strings: Object.fromEntries(awkwardStrings.map((text, index) => [`s${index}`, text])),
		args: awkwardStrings,
		nested: [[1, 2], ['a', ['b', quickFox]], {}, [], [{ a: 1, b: [] }]],
		numbers: [0, -1, 0.5, 1e-7, 0.0001, 1234567.5, 123456.5, 1e21, 1e20, 123456789012, -0.25],
		bools: [true, false],
		nothing: null,
		keys: Object.fromEntries(awkwardKeys.map((key, index) => [key, index])),
	},
};

const data = { pods: defaultCluster.pods, events: defaultCluster.events, objects: [...defaultCluster.objects, yamlTorture] };

type Call = [what: string, tool: string, args: Record<string, unknown>];

const scenarioPods = Object.values(fixtures).map((scenario): Call => [`pods_get ${scenario.podName}`, 'pods_get', { namespace: scenario.namespace, name: scenario.podName }]);
const sameAnswers: Call[] = [
	...scenarioPods,
	['pods_get of a missing pod', 'pods_get', { namespace: 'ci', name: missingPodName }],
	['pods_get without a namespace', 'pods_get', { name: missingPodName }],
	['pods_get without a name', 'pods_get', { namespace: 'ci' }],
	['pods_log of the failed step with a large tail', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'step-build', tail: 100_000 }],
	['pods_log with the default 100-line tail', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'step-build' }],
	['pods_log with tail 0 (means 100)', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'step-build', tail: 0 }],
	['pods_log without a container (the first is read)', 'pods_log', { namespace: 'ci', name: tekton.podName }],
	['pods_log of a container that logged nothing', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'prepare' }],
	['pods_log of a skipped step', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'step-push' }],
	['pods_log of the previous run of a crash loop', 'pods_log', { namespace: 'shop', name: fixtures.crashLoopBackOff.podName, previous: true, tail: 1000 }],
	['pods_log previous of a container that never restarted', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'step-build', previous: true }],
	['pods_log of a container stuck in ImagePullBackOff', 'pods_log', { namespace: 'shop', name: fixtures.imagePullBackOff.podName }],
	['pods_log of a container that does not exist', 'pods_log', { namespace: 'ci', name: tekton.podName, container: 'step-nope' }],
	['pods_log of a missing pod', 'pods_log', { namespace: 'ci', name: missingPodName, container: 'step-build' }],
	['pods_log with a string tail', 'pods_log', { namespace: 'ci', name: tekton.podName, tail: 'ten' }],
	['pods_log of all 200,000 lines of the huge log', 'pods_log', { namespace: 'ci', name: fixtures.hugeLog.podName, container: 'step-build', tail: 500_000 }],
	['pods_list_in_namespace with a label selector', 'pods_list_in_namespace', { namespace: 'ci', labelSelector: 'tekton.dev/pipelineRun=build-and-test-run-abc12' }],
	['pods_list_in_namespace with a set selector and a field selector', 'pods_list_in_namespace', { namespace: 'ci', labelSelector: 'tekton.dev/pipelineTask in (build,unit-test)', fieldSelector: 'status.phase=Failed' }],
	['pods_list_in_namespace with a bad label selector', 'pods_list_in_namespace', { namespace: 'ci', labelSelector: 'a b' }],
	['pods_list_in_namespace of an empty namespace', 'pods_list_in_namespace', { namespace: 'default' }],
	['pods_list with a field selector', 'pods_list', { fieldSelector: 'status.phase=Pending' }],
	['events_list of namespace ci', 'events_list', { namespace: 'ci' }],
	['events_list of one pod', 'events_list', { namespace: 'ci', fieldSelector: `involvedObject.name=${tekton.podName}` }],
	['events_list of all namespaces', 'events_list', {}],
	['events_list of a namespace without events', 'events_list', { namespace: 'kube-system' }],
	['events_list with an unsupported field', 'events_list', { namespace: 'ci', fieldSelector: 'message=x' }],
	['namespaces_list', 'namespaces_list', {}],
	['nodes_top', 'nodes_top', {}],
	['pods_top of all namespaces', 'pods_top', {}],
	['pods_top of one pod', 'pods_top', { all_namespaces: false, namespace: 'shop', name: 'payments-db-0' }],
	['pods_top of a pod without metrics', 'pods_top', { all_namespaces: false, namespace: 'shop', name: 'nope' }],
	['resources_get of a Deployment', 'resources_get', { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'payments-api' }],
	['resources_get of awkward YAML', 'resources_get', { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', namespace: 'ci', name: 'yaml-torture' }],
	['resources_get of an unknown kind', 'resources_get', { apiVersion: 'v1', kind: 'Nope', name: 'x' }],
	['resources_list of TaskRuns in ci', 'resources_list', { apiVersion: 'tekton.dev/v1', kind: 'TaskRun', namespace: 'ci' }],
	['resources_list of an empty kind', 'resources_list', { apiVersion: 'batch/v1', kind: 'Job' }],
	['projects_list on plain Kubernetes', 'projects_list', {}],
	['nodes_log (the kubelet proxy is not served)', 'nodes_log', { name: 'worker-0.ocp.example.internal', query: 'kubelet' }],
	['nodes_log of a missing node', 'nodes_log', { name: 'nope', query: 'kubelet' }],
	['nodes_stats_summary of a missing node', 'nodes_stats_summary', { name: 'nope' }],
	['configuration_view with a wrong argument type', 'configuration_view', { minified: 'yes' }],
];

describe('fixture MCP server answers as kubernetes-mcp-server 0.0.67 does', () => {
	let cluster: FixtureCluster;
	let real: KubernetesMcpServer;
	let fixture: FixtureMcpServer;
	let realClient: Client;
	let fixtureClient: Client;

	const connect = async (url: string) => {
		const client = new Client({ name: 'interop-test', version: '0.1.0' });
		await client.connect(new StreamableHTTPClientTransport(new URL(url)));
		return client;
	};

	beforeAll(async () => {
		cluster = await startFixtureCluster(data);
		[real, fixture] = await Promise.all([
			startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env: { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' } }),
			startFixtureMcpServer(data),
		]);
		[realClient, fixtureClient] = await Promise.all([connect(real.url), connect(fixture.url)]);
	});

	afterAll(async () => {
		await Promise.all([realClient?.close(), fixtureClient?.close()]);
		await Promise.all([real?.stop(), fixture?.stop()]);
		await cluster?.close();
	});

	it('serves Streamable HTTP on 127.0.0.1 at /mcp', () => {
		expect(fixture.transport).toBe('streamable-http');
		expect(fixture.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
	});

	it('lists the same read-only tools with the same schemas, annotations and RBAC metadata', async () => {
		const [realTools, fixtureTools] = await Promise.all([realClient.listTools(), fixtureClient.listTools()]);
		expect(fixtureTools.tools).toEqual(realTools.tools);
	});

	it.each(sameAnswers)('%s: identical answer', async (_what, tool, args) => {
		const [expected, actual] = (await Promise.all([realClient.callTool({ name: tool, arguments: args }), fixtureClient.callTool({ name: tool, arguments: args })])) as CallToolResult[];
		expect(actual).toEqual(expected);
	});

	it('pods_get and events_list parse to the same objects', async () => {
		for (const [tool, args, header] of [
			['pods_get', { namespace: 'ci', name: fixtures.secretsInLog.podName }, ''],
			['events_list', { namespace: 'ci' }, eventsHeader],
		] as const) {
			const [expected, actual] = (await Promise.all([realClient.callTool({ name: tool, arguments: args }), fixtureClient.callTool({ name: tool, arguments: args })])) as CallToolResult[];
			const textOf = (result: CallToolResult) => (result.content[0] as { text: string }).text.slice(header.length);
			expect(parse(textOf(actual))).toEqual(parse(textOf(expected)));
		}
	});

	it('answers an unknown tool with the same JSON-RPC error', async () => {
		const errorOf = (client: Client) => client.callTool({ name: 'pods_delete', arguments: { name: 'x' } }).then(() => 'resolved', (error: Error) => error.message);
		const [expected, actual] = await Promise.all([errorOf(realClient), errorOf(fixtureClient)]);
		expect(expected).toBe('MCP error -32602: unknown tool "pods_delete"');
		expect(actual).toBe(expected);
	});

	it('counts the calls of each tool', () => {
		const expected = Object.fromEntries(kubernetesMcpServerTools.map((tool) => [tool.name, sameAnswers.filter(([, name]) => name === tool.name).length]));
		// The parse comparison above called these once more; the unknown tool is not counted.
		expected.pods_get++;
		expected.events_list++;
		expect(fixture.calls).toEqual(expected);
	});
});

describe('startFixtureMcpServer options', () => {
	it('answers each call after latencyMs, over separate sessions, and stops', async () => {
		const server = await startFixtureMcpServer({ pods: [tekton.pod], events: tekton.events, objects: [] }, { latencyMs: 150 });
		const clients = [new Client({ name: 'a', version: '0' }), new Client({ name: 'b', version: '0' })];
		const transports = clients.map(() => new StreamableHTTPClientTransport(new URL(server.url)));
		await Promise.all(clients.map((client, index) => client.connect(transports[index])));
		expect(transports[0].sessionId).toBeDefined();
		expect(transports[0].sessionId).not.toBe(transports[1].sessionId);

		const started = performance.now();
		const results = (await Promise.all(clients.map((client) => client.callTool({ name: 'pods_get', arguments: { namespace: 'ci', name: tekton.podName } })))) as CallToolResult[];
		expect(performance.now() - started).toBeGreaterThanOrEqual(150);
		for (const result of results) expect(parse((result.content[0] as { text: string }).text)).toMatchObject({ metadata: { name: tekton.podName } });
		expect(server.calls.pods_get).toBe(2);

		await Promise.all(clients.map((client) => client.close()));
		await server.stop();
		await expect(fetch(server.url, { method: 'POST' })).rejects.toThrow();
	});
});
