import { join } from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { LiteLlmApi } from '../../../credentials/LiteLlmApi.credentials';
import { McpServerApi } from '../../../credentials/McpServerApi.credentials';
import { LiteLlmAgent } from '../../../nodes/LiteLlmAgent/LiteLlmAgent.node';
import { createClusterMcpServer, createGiteaMcpServer, serveOverHttp, type ClusterFixture, type HttpMcpServer } from '../../support/agent-mcp-fixtures';
import {
	failWith,
	liteLlmErrors,
	reply,
	startLiteLlmStandin,
	toolCalls,
	type LiteLlmStandin,
	type ModelScript,
	type RecordedRequest,
	type StandinStep,
} from '../../support/litellm-standin';
import { unusedPort } from '../../support/mcp-test-server';
import { callCredentialTest, callListSearch, loadWorkflowFixture, runWorkflow, startWorkflow, type WorkflowJson } from '../../support/n8n-engine';

const API_KEY = 'sk-node-test-4242';
const NODE = 'LiteLLM Agent';
const nodeTypes = { 'n8n-nodes-mcp-devops.liteLlmAgent': new LiteLlmAgent() };
const credentialTypes = [new LiteLlmApi(), new McpServerApi()];
const baseWorkflow = loadWorkflowFixture(join(__dirname, 'workflows', 'agent.json'));

function workflowWith(parameters: IDataObject, nodeSettings: IDataObject = {}, options: IDataObject = {}): WorkflowJson {
	const copy = structuredClone(baseWorkflow);
	const node = copy.nodes.find((candidate) => candidate.name === NODE);
	if (!node) throw new Error('the fixture has no LiteLLM Agent node');
	Object.assign(node.parameters, parameters);
	node.parameters.options = { ...(node.parameters.options as INodeParameters), ...(options as INodeParameters) };
	Object.assign(node, nodeSettings);
	return copy;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const toolMessagesOf = (request: RecordedRequest) => (request.body?.messages ?? []).filter((message) => message.role === 'tool');
const userMessageOf = (request: RecordedRequest) => String(request.body?.messages?.find((message) => message.role === 'user')?.content ?? '');

/** Looks the pod named in the prompt up, then reports what it found. */
const investigator = (request: RecordedRequest): StandinStep => {
	const pod = /Pod (\S+)/.exec(userMessageOf(request))?.[1] ?? 'unknown';
	const results = toolMessagesOf(request);
	if (results.length === 0) return toolCalls([{ name: 'pods_get', arguments: { namespace: 'ci', name: pod } }]);
	const found = String(results[0].content).includes('kind: Pod');
	return reply(found ? `Pod ${pod}: step-build exited with code 1.` : `Pod ${pod} was not found.`);
};

describe('LiteLLM Agent node in n8n’s engine', () => {
	let standin: LiteLlmStandin;
	let cluster: ClusterFixture;
	let clusterHttp: HttpMcpServer;
	let credentials: { liteLlmApi: ICredentialDataDecryptedObject; mcpServerApi: ICredentialDataDecryptedObject };

	beforeEach(async () => {
		standin = await startLiteLlmStandin({ apiKey: API_KEY, models: { 'llama-4-scout': investigator, 'qwen3-32b': investigator } });
		cluster = createClusterMcpServer();
		clusterHttp = await serveOverHttp(cluster.newServer, { bearerToken: 'mcp-token' });
		credentials = {
			liteLlmApi: { url: standin.url, apiKey: API_KEY, headers: 'X-Team: platform' },
			mcpServerApi: { url: clusterHttp.url, transport: 'streamable-http', authentication: 'bearer', token: 'mcp-token', timeout: 5000 },
		};
	});
	afterEach(async () => {
		await clusterHttp.close();
		await standin.close();
	});

	const run = (workflow: WorkflowJson, inputItems: IDataObject[] = [{ pod: 'build-7f9c' }], creds: IDataObject = credentials) =>
		runWorkflow({ workflow, nodeTypes, credentials: creds as typeof credentials, credentialTypes, inputItems });

	it('investigates each item with MCP tools and outputs the answer, usage, cost and transcript', async () => {
		const result = await run(baseWorkflow, [{ pod: 'build-7f9c' }, { pod: 'gone-1' }]);

		expect(result.status).toBe('success');
		const output = result.outputOf(NODE);
		expect(output.map((item) => item.json.answer)).toEqual(['Pod build-7f9c: step-build exited with code 1.', 'Pod gone-1 was not found.']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(output[0].json).toMatchObject({
			model: 'llama-4-scout',
			fallbacksTried: [],
			iterations: 2,
			stopReason: 'done',
			toolCalls: [{ name: 'pods_get', arguments: { namespace: 'ci', name: 'build-7f9c' }, status: 'ok', truncated: false }],
			usage: { promptTokens: expect.any(Number), completionTokens: expect.any(Number) },
			cost: expect.any(Number),
		});
		expect(output[1].json.toolCalls).toEqual([expect.objectContaining({ status: 'error', error: 'pods "gone-1" not found' })]);
		const requests = standin.chatRequests();
		expect(requests).toHaveLength(4);
		expect(requests[0].headers['x-team']).toBe('platform');
		expect(requests[0].body?.tool_choice).toBe('required');
		expect(userMessageOf(requests[0])).toBe('Pod build-7f9c in namespace ci failed. Find out why.');
		expect(cluster.calls.map((call) => call.args.name)).toEqual(['build-7f9c', 'gone-1']);
	});

	it('answers JSON matching the schema given on the node', async () => {
		standin.setScript('llama-4-scout', [reply('It was a dependency problem.'), reply('{"category": "dependency", "summary": "left-pad missing"}')]);
		const schema = JSON.stringify({ type: 'object', required: ['category', 'summary'], properties: { category: { type: 'string' }, summary: { type: 'string' } } });

		const result = await run(workflowWith({ outputMode: 'json', jsonSchema: schema }, {}, { toolChoice: 'auto' }));

		expect(result.outputOf(NODE)[0].json).toMatchObject({ answer: { category: 'dependency', summary: 'left-pad missing' }, iterations: 2 });
	});

	it('falls back to the next model when the budget is spent', async () => {
		standin.setScript('llama-4-scout', [failWith(liteLlmErrors.budgetExceeded(429))]);

		const result = await run(workflowWith({ fallbackModels: 'qwen3-32b' }));

		expect(result.outputOf(NODE)[0].json).toMatchObject({
			model: 'qwen3-32b',
			answer: 'Pod build-7f9c: step-build exited with code 1.',
			fallbacksTried: [{ model: 'llama-4-scout', code: 'budget_exceeded' }],
		});
	});

	it('fails with the classified cause when every model fails', async () => {
		standin.setScript('llama-4-scout', [failWith(liteLlmErrors.budgetExceeded(400))]);
		standin.setScript('qwen3-32b', [failWith(liteLlmErrors.budgetExceeded(429))]);

		const result = await run(workflowWith({ fallbackModels: 'qwen3-32b' }));

		expect(result.status).toBe('error');
		const error = result.errorOf(NODE);
		expect(error?.message).toMatch(/^All 2 models failed: The LiteLLM budget is exceeded \(model "llama-4-scout"\) \[HTTP 400\]: Budget has been exceeded!/);
		expect(error?.description).toBe('llama-4-scout: budget_exceeded; qwen3-32b: budget_exceeded');
		expect(error?.httpCode).toBe('429');
	});

	it('emits an error item, never an empty answer, under Continue On Fail', async () => {
		// The first item's request and its one retry meet a 503; the second item finds the proxy healthy again.
		const recovering: ModelScript = (request) => (request.callIndex < 2 ? failWith(liteLlmErrors.serviceUnavailable()) : investigator(request));
		standin.setScript('llama-4-scout', recovering);

		const result = await run(workflowWith({}, { onError: 'continueRegularOutput' }), [{ pod: 'build-7f9c' }, { pod: 'build-7f9c' }]);

		expect(result.status).toBe('success');
		const [failed, succeeded] = result.outputOf(NODE);
		expect(failed.json).toMatchObject({
			error: expect.stringContaining('The endpoint had a server error'),
			details: {
				code: 'all_models_failed',
				cause: 'server',
				answer: null,
				stopReason: 'all_models_failed',
				fallbacksTried: [{ model: 'llama-4-scout', code: 'server' }],
			},
		});
		// Only error and details: what lets n8n route it to the error output.
		expect(Object.keys(failed.json).sort()).toEqual(['details', 'error']);
		expect(failed.pairedItem).toEqual({ item: 0 });
		expect(succeeded.json.error).toBeUndefined();
	});

	it('refuses a destructive tool call and the cluster gets no write', async () => {
		standin.setScript('llama-4-scout', [toolCalls([{ name: 'pods_delete', arguments: { namespace: 'ci', name: 'build-7f9c' } }]), reply('I may not delete pods.')]);

		const result = await run(baseWorkflow);

		expect(result.outputOf(NODE)[0].json.toolCalls).toEqual([expect.objectContaining({ name: 'pods_delete', status: 'refused' })]);
		expect(cluster.writes).toEqual([]);
	});

	it('uses an additional MCP server, its tools told apart by a prefix', async () => {
		const gitea = createGiteaMcpServer();
		const giteaHttp = await serveOverHttp(gitea.newServer);
		try {
			standin.setScript('llama-4-scout', [
				toolCalls([
					{ name: 'pods_get', arguments: { namespace: 'ci', name: 'build-7f9c' } },
					{ name: 'gitea_list_repo_issues', arguments: { owner: 'acme', repo: 'app' } },
				]),
				reply('Known issue #12.'),
			]);

			const result = await run(workflowWith({ additionalServers: { server: [{ url: giteaHttp.url, transport: 'streamable-http', prefix: 'gitea_' }] } }));

			expect(result.outputOf(NODE)[0].json.toolCalls).toEqual([
				expect.objectContaining({ name: 'pods_get', status: 'ok' }),
				expect.objectContaining({ name: 'gitea_list_repo_issues', status: 'ok' }),
			]);
			expect(gitea.calls.map((call) => call.name)).toEqual(['list_repo_issues']);
		} finally {
			await giteaHttp.close();
		}
	});

	it('offers an additional server\'s unknown tools only when Trust Tool Annotations is on for it', async () => {
		const gitea = createGiteaMcpServer();
		const giteaHttp = await serveOverHttp(gitea.newServer);
		try {
			const offered = async (trustAnnotations: boolean) => {
				standin.setScript('llama-4-scout', [reply('ok')]);
				const before = standin.chatRequests().length;
				await run(workflowWith({ additionalServers: { server: [{ url: giteaHttp.url, transport: 'streamable-http', prefix: 'gitea_', trustAnnotations }] } }));
				const tools = (standin.chatRequests()[before].body?.tools ?? []) as Array<{ function: { name: string } }>;
				return tools.map((tool) => tool.function.name);
			};

			// get_version is annotated read-only but is no known read-only tool; list_repo_issues is gitea-mcp's.
			expect(await offered(false)).toEqual(expect.arrayContaining(['gitea_list_repo_issues']));
			expect(await offered(false)).not.toContain('gitea_get_version');
			expect(await offered(true)).toContain('gitea_get_version');
		} finally {
			await giteaHttp.close();
		}
	});

	it('chats without MCP tools and without the MCP credential', async () => {
		standin.setScript('llama-4-scout', [reply('No tools needed.')]);
		const workflow = workflowWith({ mcpTools: 'none' }, { credentials: { liteLlmApi: { id: '1', name: 'Test LiteLLM' } } });

		const result = await run(workflow, [{ pod: 'x' }], { liteLlmApi: credentials.liteLlmApi });

		expect(result.outputOf(NODE)[0].json).toMatchObject({ answer: 'No tools needed.', toolCalls: [] });
		expect(standin.chatRequests()[0].body?.tools).toBeUndefined();
	});

	it('stops an in-flight model request when the execution is cancelled', async () => {
		standin.setScript('llama-4-scout', [reply('slow', { delayMs: 20_000 })]);
		const started = startWorkflow({ workflow: baseWorkflow, nodeTypes, credentials, credentialTypes, inputItems: [{ pod: 'build-7f9c' }] });
		await new Promise((resolve) => setTimeout(resolve, 500));
		const cancelledAt = Date.now();
		started.cancel();

		const result = await started.promise;

		expect(Date.now() - cancelledAt).toBeLessThan(3_000);
		expect(['canceled', 'error']).toContain(result.status);
		await until(() => standin.chatRequests()[0].clientGone, 2_000);
	});

	describe('bad input gets an error naming the parameter, and no model is asked', () => {
		const expectParameterError = async (workflow: WorkflowJson, message: string | RegExp, creds?: IDataObject) => {
			const result = await run(workflow, [{ pod: 'build-7f9c' }], creds);
			expect(result.status).toBe('error');
			expect(result.errorOf(NODE)?.message).toMatch(message);
			expect(standin.chatRequests()).toHaveLength(0);
			return result;
		};

		it('an empty prompt', async () => {
			const result = await expectParameterError(workflowWith({ userPrompt: '={{ $json.missing ?? "" }}' }), /^Parameter "User Prompt" is empty/);
			expect(result.errorOf(NODE)?.description).toBe('Fix the "User Prompt" parameter.');
		});

		it('max iterations below 1', async () => {
			await expectParameterError(workflowWith({ maxIterations: '={{ 0 }}' }), /Max Iterations/);
		});

		it('a JSON Schema that is not valid', async () => {
			await expectParameterError(workflowWith({ outputMode: 'json', jsonSchema: '{"type": "objekt"}' }), /^Parameter "JSON Schema" is not a valid JSON Schema/);
		});

		it('tool filters that leave nothing', async () => {
			await expectParameterError(workflowWith({}, {}, { includeTools: 'helm_*' }), /^Parameter "Include Tools" leaves no tool/);
		});

		it('a base URL that is not a URL', async () => {
			await expectParameterError(baseWorkflow, /^The Base URL of the LiteLLM credential is not valid/, {
				...credentials,
				liteLlmApi: { url: 'litellm:4000', apiKey: API_KEY },
			});
		});

		it('an unknown model, against the Model parameter', async () => {
			const result = await run(workflowWith({ model: { __rl: true, mode: 'name', value: 'llama-5' } }));
			expect(result.errorOf(NODE)?.message).toMatch(/Invalid model name passed in model=llama-5.*check the "Model" parameter/);
		});

		it('a rejected key, without trying the fallbacks', async () => {
			const result = await run(workflowWith({ fallbackModels: 'qwen3-32b' }), [{ pod: 'x' }], { ...credentials, liteLlmApi: { url: standin.url, apiKey: 'sk-wrong' } });
			const error = result.errorOf(NODE);
			expect(error?.message).toMatch(/The endpoint rejected the API key/);
			expect(error?.httpCode).toBe('401');
			expect(standin.requests).toHaveLength(1);
		});

		it('two servers offering the same tool name without a prefix', async () => {
			const gitea = createGiteaMcpServer();
			const giteaHttp = await serveOverHttp(gitea.newServer);
			try {
				const server = { url: giteaHttp.url, transport: 'streamable-http', prefix: '' };
				const result = await expectParameterError(
					workflowWith({ additionalServers: { server: [server, server] } }),
					/^Tool "list_repo_issues" is offered by both additional MCP server 1 \(.+\) and additional MCP server 2/,
				);
				expect(result.errorOf(NODE)?.description).toBe('Set a Tool Name Prefix on one of the Additional MCP Servers.');
			} finally {
				await giteaHttp.close();
			}
		});

		it('an MCP server that is down, every item getting the error under Continue On Fail', async () => {
			const port = await unusedPort();
			const result = await run(workflowWith({}, { onError: 'continueRegularOutput' }), [{ pod: 'a' }, { pod: 'b' }], {
				...credentials,
				mcpServerApi: { url: `http://127.0.0.1:${port}/mcp`, transport: 'streamable-http', authentication: 'none', timeout: 5000 },
			});
			const output = result.outputOf(NODE);
			expect(output).toHaveLength(2);
			expect(output[0].json.error).toMatch(/ECONNREFUSED/);
			expect(standin.chatRequests()).toHaveLength(0);
		});
	});

	describe('editor methods', () => {
		it('lists the proxy’s models for the model picker', async () => {
			const result = await callListSearch(new LiteLlmAgent(), 'searchModels', { credentials, credentialTypes, filter: 'QWEN' });
			expect(result.results).toEqual([{ name: 'qwen3-32b', value: 'qwen3-32b' }]);
		});

		it('tests the credential by listing models', async () => {
			const ok = await callCredentialTest(new LiteLlmAgent(), 'liteLlmApiTest', 'liteLlmApi', credentials.liteLlmApi);
			expect(ok).toEqual({ status: 'OK', message: 'Connected: 2 models (llama-4-scout, qwen3-32b)' });
			const bad = await callCredentialTest(new LiteLlmAgent(), 'liteLlmApiTest', 'liteLlmApi', { ...credentials.liteLlmApi, apiKey: 'sk-nope' });
			expect(bad.status).toBe('Error');
			expect(bad.message).toMatch(/rejected the API key \[HTTP 401\]: Authentication Error, Invalid proxy server token passed/);
			expect(standin.requests.map((request) => request.path)).toEqual(['/v1/models', '/v1/models']);
		});
	});
});
