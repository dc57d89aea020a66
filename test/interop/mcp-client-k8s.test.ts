/**
 * Our MCP core and the MCP Client node against the real kubernetes-mcp-server (0.0.67 over
 * Streamable HTTP, 0.0.66 over SSE, and `auto` finding each), which reads the fixture cluster.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { McpServerApi } from '../../credentials/McpServerApi.credentials';
import { McpClient } from '../../nodes/McpClient/McpClient.node';
import { buildServerConfig, McpSession, parseToolResult } from '../../nodes/shared/mcp';
import { fixtures } from '../fixtures/cluster';
import { startFixtureCluster, type FixtureCluster } from '../support/fixture-cluster';
import { startKubernetesMcpServer, type KubernetesMcpServer, type KubernetesMcpServerVersion } from '../support/kubernetes-mcp-server';
import { runWorkflow, type WorkflowJson } from '../support/n8n-engine';

const tekton = fixtures.tektonBuildFailure;

describe.each<[KubernetesMcpServerVersion, 'streamable-http' | 'sse']>([
	['0.0.67', 'streamable-http'],
	['0.0.66', 'sse'],
])('kubernetes-mcp-server %s over %s', (version, transport) => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		server = await startKubernetesMcpServer({ version, kubeconfigPath: cluster.kubeconfigPath });
	});
	afterAll(async () => {
		await server?.stop();
		await cluster?.close();
	});

	describe.each(['explicit', 'auto'])('MCP core with the %s transport', (choice) => {
		let session: McpSession;
		beforeAll(async () => {
			session = await McpSession.open(buildServerConfig({ url: server.url, transport: choice === 'auto' ? 'auto' : transport, requestTimeoutMs: 15_000 }));
		});
		afterAll(() => session?.close());

		it('lands on the server’s transport', () => {
			expect(session.transport).toBe(transport);
		});

		it('reads the Tekton pod with pods_get as parsed YAML', async () => {
			const result = parseToolResult(await session.callTool('pods_get', { namespace: tekton.namespace, name: tekton.podName }));
			expect(result.isError).toBe(false);
			expect(result.format).toBe('yaml');
			expect(result.data).toMatchObject({ kind: 'Pod', metadata: { name: tekton.podName } });
		});

		it('reads the named container’s whole log with pods_log and a large tail', async () => {
			const result = parseToolResult(await session.callTool('pods_log', { namespace: tekton.namespace, name: tekton.podName, container: 'step-build', tail: 100_000 }), 'text');
			expect(result.text).toContain(tekton.expected.evidence);
			expect(result.text.split('\n').length).toBeGreaterThan(150);
		});

		it('lists the pod’s events as parsed YAML', async () => {
			const result = parseToolResult(await session.callTool('events_list', { namespace: tekton.namespace }));
			expect(result.format).toBe('yaml');
			expect(Array.isArray(result.data)).toBe(true);
			expect((result.data as Array<{ Reason: string }>).map((e) => e.Reason)).toContain('Failed');
		});

		it('returns a missing pod as an isError result with the API message', async () => {
			const result = parseToolResult(await session.callTool('pods_get', { namespace: 'ci', name: 'no-such-pod' }));
			expect(result).toMatchObject({ isError: true, text: 'failed to get pod no-such-pod in namespace ci: pods "no-such-pod" not found' });
		});

		it('refuses a bad argument before calling: tail must be an integer', async () => {
			await expect(session.callTool('pods_log', { namespace: 'ci', name: 'x', tail: 'ten' })).rejects.toThrow(/field "tail" must be integer/);
		});
	});

	it('runs in the MCP Client node inside n8n’s engine, a missing pod as an error item under Continue On Fail', async () => {
		const workflow: WorkflowJson = {
			nodes: [
				{ id: '1', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: '2',
					name: 'Get pod',
					type: 'n8n-nodes-mcp-devops.mcpClient',
					typeVersion: 1,
					position: [200, 0],
					onError: 'continueRegularOutput',
					parameters: {
						operation: 'callTool',
						tool: { __rl: true, mode: 'name', value: 'pods_get' },
						argumentsMode: 'json',
						arguments: '={{ JSON.stringify({ namespace: $json.namespace, name: $json.pod }) }}',
					},
					credentials: { mcpServerApi: { id: '1', name: 'k8s' } },
				},
			],
			connections: { Start: { main: [[{ node: 'Get pod', type: 'main', index: 0 }]] } },
		};
		const credentials: Record<string, ICredentialDataDecryptedObject> = { mcpServerApi: { url: server.url, transport: 'auto', authentication: 'none', timeout: 15_000 } };
		const result = await runWorkflow({
			workflow,
			nodeTypes: { 'n8n-nodes-mcp-devops.mcpClient': new McpClient() },
			credentials,
			credentialTypes: [new McpServerApi()],
			inputItems: [
				{ namespace: tekton.namespace, pod: tekton.podName },
				{ namespace: 'ci', pod: 'gone-pod' },
			],
		});
		const [found, missing] = result.outputOf('Get pod');
		expect(found.json).toMatchObject({ tool: 'pods_get', format: 'yaml', data: { metadata: { name: tekton.podName } } });
		expect(missing.json.error).toBe('Tool "pods_get" failed: failed to get pod gone-pod in namespace ci: pods "gone-pod" not found');
		expect(cluster.writeRequests()).toEqual([]);
	});
});
