/**
 * The agent loop against the real kubernetes-mcp-server (write tools enabled, so the agent's own
 * policy is what keeps the cluster safe), reached through the MCP core's session as the LiteLLM
 * Agent node reaches it, with a scripted model on the LiteLLM stand-in.
 */
import { fixtures } from '../fixtures/cluster';
import { runAgent } from '../../nodes/shared/agent/run-agent';
import { toolProviderFromSession } from '../../nodes/shared/agent/mcp-tool-provider';
import { createChatClient } from '../../nodes/shared/llm/client';
import { McpSession, serverConfigFromCredential } from '../../nodes/shared/mcp';
import { type FixtureCluster, startFixtureCluster } from '../support/fixture-cluster';
import { type KubernetesMcpServer, type KubernetesMcpServerVersion, startKubernetesMcpServer } from '../support/kubernetes-mcp-server';
import { reply, startLiteLlmStandin, textToolCall, toolCalls, type LiteLlmStandin, type RecordedRequest, type StandinStep } from '../support/litellm-standin';

const tekton = fixtures.tektonBuildFailure;
const KEY = 'sk-interop';

describe.each<KubernetesMcpServerVersion>(['0.0.67', '0.0.66'])('agent loop with kubernetes-mcp-server %s', (version) => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let session: McpSession;
	let standin: LiteLlmStandin;

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		// `--read-only=false` undoes the launcher's `--read-only`: pods_delete, pods_exec, pods_run… are listed.
		server = await startKubernetesMcpServer({ version, kubeconfigPath: cluster.kubeconfigPath, args: ['--read-only=false'] });
		session = await McpSession.open(serverConfigFromCredential({ url: server.url, transport: server.transport, authentication: 'none', timeout: 10_000 }));
	});

	afterAll(async () => {
		await session?.close();
		await server?.stop();
		await cluster?.close();
	});

	afterEach(async () => {
		await standin?.close();
	});

	const toolResults = (request: RecordedRequest) => (request.body?.messages ?? []).filter((message) => message.role === 'tool');

	it('investigates the failed Tekton step with native and text-embedded calls, and refuses every write', async () => {
		const script = (request: RecordedRequest): StandinStep => {
			switch (toolResults(request).length) {
				case 0:
					return toolCalls([
						{ name: 'pods_get', arguments: { namespace: tekton.namespace, name: tekton.podName } },
						{ name: 'events_list', arguments: { namespace: tekton.namespace } },
					]);
				case 2:
					return reply(
						textToolCall(
							{ name: 'pods_log', arguments: { namespace: tekton.namespace, name: tekton.podName, container: 'step-build', tail: 100_000 } },
							{ think: 'step-build terminated with exit code 1; read its log.' },
						),
					);
				case 3:
					return toolCalls([
						{ name: 'pods_delete', arguments: { namespace: tekton.namespace, name: tekton.podName } },
						{ name: 'pods_run', arguments: { namespace: tekton.namespace, image: 'busybox' } },
						{ name: 'pods_exec', arguments: { namespace: tekton.namespace, name: tekton.podName, command: ['sh'] } },
					]);
				default:
					return reply('<think>done</think>step-build failed on a compiler error.');
			}
		};
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { scout: script } });

		const result = await runAgent(
			{ model: 'scout', userPrompt: `Pod ${tekton.podName} in ${tekton.namespace} failed. Find out why.` },
			{ chat: createChatClient({ baseUrl: standin.url, apiKey: KEY }), tools: toolProviderFromSession(session) },
		);

		expect(result.answer).toBe('step-build failed on a compiler error.');
		expect(result.toolCalls.map((call) => [call.name, call.status, call.source])).toEqual([
			['pods_get', 'ok', 'native'],
			['events_list', 'ok', 'native'],
			['pods_log', 'ok', 'text'],
			['pods_delete', 'refused', 'native'],
			['pods_run', 'refused', 'native'],
			['pods_exec', 'refused', 'native'],
		]);
		expect(cluster.writeRequests()).toEqual([]);

		const requests = standin.chatRequests();
		const offered = (requests[0].body?.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
		expect(offered).toEqual(expect.arrayContaining(['pods_get', 'pods_log', 'events_list']));
		for (const write of ['pods_delete', 'pods_exec', 'pods_run', 'resources_create_or_update', 'resources_delete', 'resources_scale']) {
			expect(offered).not.toContain(write);
		}
		const logResult = String(toolResults(requests[3])[2].content);
		expect(logResult).toContain(tekton.expected.evidence);
		expect(logResult).toMatch(/^\[UNTRUSTED TOOL DATA BEGIN nonce=\w+ tool=pods_log status=ok/);
	});

	it('hands a real tool error back to the model', async () => {
		const script = (request: RecordedRequest): StandinStep =>
			toolResults(request).length === 0
				? toolCalls([{ name: 'pods_get', arguments: { namespace: tekton.namespace, name: 'no-such-pod' } }])
				: reply('That pod does not exist.');
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { scout: script } });

		const result = await runAgent(
			{ model: 'scout', userPrompt: 'What happened to no-such-pod?' },
			{ chat: createChatClient({ baseUrl: standin.url, apiKey: KEY }), tools: toolProviderFromSession(session) },
		);

		expect(result.toolCalls[0]).toMatchObject({ name: 'pods_get', status: 'error', error: expect.stringContaining('not found') });
		expect(String(toolResults(standin.chatRequests()[1])[0].content)).toContain('status=error');
	});
});
