/**
 * The agent against the real kubernetes-mcp-server, whose `resources_get` and `resources_list` are
 * annotated read-only and read any kind: a Secret in the allowed namespace `ci` (values in `data`
 * and again in the last-applied annotation) must not reach the model unless the user allowed
 * Secret reads by name. Write tools are listed too (`--read-only=false`), and the server's
 * annotations are not trusted.
 */
import { databaseSecret, databaseSecretValues } from '../fixtures/cluster';
import { toolProviderFromSession } from '../../nodes/shared/agent/mcp-tool-provider';
import { runAgent } from '../../nodes/shared/agent/run-agent';
import { combineToolProviders } from '../../nodes/shared/agent/tool-provider';
import { createChatClient } from '../../nodes/shared/llm/client';
import { McpSession, serverConfigFromCredential } from '../../nodes/shared/mcp';
import { type FixtureCluster, startFixtureCluster } from '../support/fixture-cluster';
import { type KubernetesMcpServer, type KubernetesMcpServerVersion, startKubernetesMcpServer } from '../support/kubernetes-mcp-server';
import { reply, startLiteLlmStandin, toolCalls, type LiteLlmStandin, type RecordedRequest, type StandinStep } from '../support/litellm-standin';

const KEY = 'sk-interop-secrets';
const secretName = String(databaseSecret.metadata.name);
const secretValues = Object.values(databaseSecretValues).flatMap((value) => [value, Buffer.from(value).toString('base64')]);

describe.each<KubernetesMcpServerVersion>(['0.0.67', '0.0.66'])('Secret reads through kubernetes-mcp-server %s', (version) => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let session: McpSession;
	let standin: LiteLlmStandin;

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		server = await startKubernetesMcpServer({ version, kubeconfigPath: cluster.kubeconfigPath, args: ['--read-only=false', '--toolsets', 'core,config,helm'] });
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
	const secretRequests = () => cluster.requests.filter((request) => /\/secrets(?:\/|$)/.test(request.path) && !/owner=helm/.test(request.query.labelSelector ?? ''));
	const everythingTheModelSaw = () => JSON.stringify(standin.chatRequests().map((request) => request.body));

	/** A model that asks for the Secret in every spelling, once, then answers. */
	const askForTheSecret = (prefix: string) => (request: RecordedRequest): StandinStep =>
		toolResults(request).length === 0
			? toolCalls([
					{ name: `${prefix}resources_get`, arguments: { apiVersion: 'v1', kind: 'Secret', namespace: 'ci', name: secretName } },
					{ name: `${prefix}resources_list`, arguments: { apiVersion: 'v1', kind: 'secret', namespace: 'ci' } },
					{ name: `${prefix}resources_get`, arguments: { apiVersion: 'v1', kind: 'SECRETS', namespace: 'ci', name: secretName } },
					{ name: `${prefix}resources_get`, arguments: { apiVersion: 'v1', kind: '\u0405ecret', namespace: 'ci', name: secretName } },
				])
			: reply('The database credentials could not be read.');

	it('refuses every Secret read by default: no request for Secrets reaches the cluster and no value reaches the model', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { scout: askForTheSecret('') } });

		const result = await runAgent(
			{ model: 'scout', userPrompt: 'Why does the build fail to reach its database?', allowedNamespaces: ['ci'] },
			{ chat: createChatClient({ baseUrl: standin.url, apiKey: KEY }), tools: toolProviderFromSession(session) },
		);

		expect(result.toolCalls.map((call) => call.status)).toEqual(['refused', 'refused', 'refused', 'refused']);
		for (const call of result.toolCalls) expect(call.error).toContain('names Kubernetes Secrets');
		expect(secretRequests()).toEqual([]);
		const seen = everythingTheModelSaw();
		for (const value of secretValues) expect(seen).not.toContain(value);
		expect(String(toolResults(standin.chatRequests()[1])[0].content)).toContain('Refused by the agent\'s tool policy: the argument "kind" names Kubernetes Secrets');
	});

	it('refuses them behind a gateway prefix too', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { scout: askForTheSecret('k8s_') } });

		const result = await runAgent(
			{ model: 'scout', userPrompt: 'Why does the build fail to reach its database?' },
			{ chat: createChatClient({ baseUrl: standin.url, apiKey: KEY }), tools: combineToolProviders([{ provider: toolProviderFromSession(session), prefix: 'k8s_' }]) },
		);

		expect(result.toolCalls.map((call) => [call.name, call.status])).toEqual([
			['k8s_resources_get', 'refused'],
			['k8s_resources_list', 'refused'],
			['k8s_resources_get', 'refused'],
			['k8s_resources_get', 'refused'],
		]);
		expect(secretRequests()).toEqual([]);
	});

	it('offers the server\'s read tools but none of its write tools or its kubeconfig, its annotations untrusted', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { scout: [reply('nothing to do')] } });

		await runAgent({ model: 'scout', userPrompt: 'List what you can use.' }, { chat: createChatClient({ baseUrl: standin.url, apiKey: KEY }), tools: toolProviderFromSession(session) });

		const offered = (standin.chatRequests()[0].body?.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name).sort();
		const listed = (await session.listTools()).map((tool) => tool.name);
		expect(listed).toEqual(expect.arrayContaining(['helm_install', 'helm_uninstall', 'pods_exec', 'resources_create_or_update', 'configuration_view']));
		expect(offered).toEqual(expect.arrayContaining(['pods_get', 'pods_log', 'events_list', 'resources_get', 'resources_list', 'helm_list']));
		for (const name of ['helm_install', 'helm_uninstall', 'pods_delete', 'pods_exec', 'pods_run', 'resources_create_or_update', 'resources_delete', 'resources_scale', 'configuration_view']) {
			expect(offered).not.toContain(name);
		}
	});

	it('reads the Secret only for a tool the user allowed for Secret reads by name', async () => {
		standin = await startLiteLlmStandin({
			apiKey: KEY,
			models: {
				scout: (request: RecordedRequest) =>
					toolResults(request).length === 0
						? toolCalls([
								{ name: 'resources_get', arguments: { apiVersion: 'v1', kind: 'Secret', namespace: 'ci', name: secretName } },
								{ name: 'resources_list', arguments: { apiVersion: 'v1', kind: 'Secret', namespace: 'ci' } },
							])
						: reply('done'),
			},
		});

		const result = await runAgent(
			{ model: 'scout', userPrompt: 'Read the database Secret.', allowedSecretReads: ['resources_get'] },
			{ chat: createChatClient({ baseUrl: standin.url, apiKey: KEY }), tools: toolProviderFromSession(session) },
		);

		expect(result.toolCalls.map((call) => [call.name, call.status])).toEqual([
			['resources_get', 'ok'],
			['resources_list', 'refused'],
		]);
		expect(secretRequests().map((request) => request.path)).toEqual([`/api/v1/namespaces/ci/secrets/${secretName}`]);
	});
});
