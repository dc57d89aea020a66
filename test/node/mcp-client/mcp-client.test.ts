import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { McpServerApi } from '../../../credentials/McpServerApi.credentials';
import { McpClient } from '../../../nodes/McpClient/McpClient.node';
import {
	callCredentialTest,
	callListSearch,
	callResourceMapping,
	loadWorkflowFixture,
	runWorkflow,
	startWorkflow,
	type WorkflowJson,
} from '../../support/n8n-engine';
import { PNG_BASE64, startHtmlServer, startTestMcpServer, unusedPort, type TestMcpServer } from '../../support/mcp-test-server';

const nodeTypes = { 'n8n-nodes-mcp-devops.mcpClient': new McpClient() };
const credentialTypes = [new McpServerApi()];
const fixture = (name: string) => loadWorkflowFixture(join(__dirname, 'workflows', `${name}.json`));

function withParameters(workflow: WorkflowJson, parameters: IDataObject, nodeSettings: IDataObject = {}): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === 'MCP Client')!;
	Object.assign(node.parameters, parameters);
	Object.assign(node, nodeSettings);
	return copy;
}

describe('MCP Client node in n8n’s engine', () => {
	let server: TestMcpServer;
	let credentials: { mcpServerApi: ICredentialDataDecryptedObject };

	beforeAll(async () => {
		server = await startTestMcpServer({ transport: 'streamable-http', bearerToken: 'node-test-token' });
		credentials = { mcpServerApi: { url: server.url, transport: 'auto', authentication: 'bearer', token: 'node-test-token', timeout: 5000 } };
	});
	afterAll(() => server.close());

	const run = (workflow: WorkflowJson, inputItems: IDataObject[] = [{}], creds = credentials) =>
		runWorkflow({ workflow, nodeTypes, credentials: creds, credentialTypes, inputItems });

	it('lists tools as one item per tool', async () => {
		const result = await run(fixture('list-tools'));
		const names = result.outputOf('MCP Client').map((item) => item.json.name);
		expect(names).toEqual(expect.arrayContaining(['echo', 'slow', 'fail', 'big', 'image']));
		expect(result.outputOf('MCP Client')[0].json.inputSchema).toBeDefined();
	});

	it('calls a tool for every input item on one session, pairing each output with its item', async () => {
		const sessionsBefore = server.initializeCount();
		const result = await run(fixture('call-tool-json'), [{ message: 'one' }, { message: 'two' }, { message: 'three' }]);
		expect(result.status).toBe('success');
		const output = result.outputOf('MCP Client');
		expect(output.map((item) => (item.json.data as IDataObject).message)).toEqual(['one', 'two', 'three']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json).toMatchObject({ tool: 'echo', isError: false, format: 'json' });
		expect(output[0].json.data).toEqual({ message: 'one', labels: { app: 'api' }, selectors: [{ key: 'tier', values: ['a', 'b'] }] });
		expect(typeof output[0].json.text).toBe('string');
		expect(server.initializeCount() - sessionsBefore).toBe(1);
	});

	it('builds arguments from schema fields, keeping nested objects and arrays intact', async () => {
		const result = await run(fixture('call-tool-fields'), [{ message: 'from fields' }]);
		expect(result.outputOf('MCP Client')[0].json.data).toEqual({
			message: 'from fields',
			count: 3,
			labels: { app: 'api' },
			selectors: [{ key: 'tier', values: ['a'] }],
		});
	});

	it('takes the tool name and arguments from expressions', async () => {
		const result = await run(fixture('call-tool-by-expression'), [{ tool: 'pods_yaml', args: {} }]);
		expect(result.outputOf('MCP Client')[0].json).toMatchObject({ tool: 'pods_yaml', format: 'yaml', data: [{ kind: 'Pod' }] });
	});

	it('outputs images as binary data', async () => {
		const result = await run(withParameters(fixture('call-tool-json'), { tool: { __rl: true, mode: 'name', value: 'image' }, arguments: '{}' }));
		const item = result.outputOf('MCP Client')[0];
		expect(item.json.text).toBe('a picture');
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'image-1.png', data: PNG_BASE64 });
	});

	it('lists and reads resources, lists and gets prompts', async () => {
		expect((await run(fixture('list-resources'))).outputOf('MCP Client').map((i) => i.json.uri)).toEqual(['test://readme', 'test://config.json']);
		expect((await run(fixture('read-resource'))).outputOf('MCP Client')[0].json).toMatchObject({ format: 'json', data: { cluster: 'fixture' } });
		expect((await run(fixture('list-prompts'))).outputOf('MCP Client')[0].json.name).toBe('triage');
		const prompt = (await run(fixture('get-prompt'))).outputOf('MCP Client')[0].json;
		expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Triage pod api-1' } }]);
	});

	it('turns an isError result into a node error with the server’s message', async () => {
		const result = await run(withParameters(fixture('call-tool-json'), { tool: { __rl: true, mode: 'name', value: 'fail' }, arguments: '{"reason": "api-7"}' }));
		expect(result.status).toBe('error');
		expect(result.errorOf('MCP Client')?.message).toBe('Tool "fail" failed: pods "api-7" not found');
	});

	it('keeps going under Continue On Fail: an error item for the bad item, results for the rest', async () => {
		const workflow = withParameters(
			fixture('call-tool-by-expression'),
			{},
			{ onError: 'continueRegularOutput' },
		);
		const result = await run(workflow, [
			{ tool: 'echo', args: { message: 'ok' } },
			{ tool: 'fail', args: { reason: 'gone' } },
			{ tool: 'echo', args: {} },
			{ tool: 'echo', args: { message: 'ok again' } },
		]);
		expect(result.status).toBe('success');
		const output = result.outputOf('MCP Client');
		expect(output).toHaveLength(4);
		expect((output[0].json.data as IDataObject).message).toBe('ok');
		expect(output[1].json.error).toBe('Tool "fail" failed: pods "gone" not found');
		expect(output[2].json.error).toMatch(/missing required field "message"/);
		expect((output[3].json.data as IDataObject).message).toBe('ok again');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
	});

	it('routes failed items to the error output under "Continue (using error output)"', async () => {
		const result = await run(withParameters(fixture('call-tool-by-expression'), {}, { onError: 'continueErrorOutput' }), [
			{ tool: 'echo', args: { message: 'fine' } },
			{ tool: 'fail', args: { reason: 'gone' } },
		]);
		expect(result.outputOf('MCP Client', 0).map((item) => (item.json.data as IDataObject).message)).toEqual(['fine']);
		expect(result.outputOf('MCP Client', 1).map((item) => item.json.error)).toEqual(['Tool "fail" failed: pods "gone" not found']);
	});

	it('stops an in-flight call when the execution is cancelled', async () => {
		const started = startWorkflow({
			workflow: withParameters(fixture('call-tool-json'), { tool: { __rl: true, mode: 'name', value: 'slow' }, arguments: '{"ms": 20000}' }),
			nodeTypes,
			credentials,
			credentialTypes,
		});
		await new Promise((resolve) => setTimeout(resolve, 500));
		const cancelledAt = Date.now();
		started.cancel();
		const result = await started.promise;
		expect(Date.now() - cancelledAt).toBeLessThan(3_000);
		// n8n-core records the node's cancellation as the run's error; the server saw the call abandoned.
		expect(['canceled', 'error']).toContain(result.status);
		if (result.status === 'error') expect(result.errorOf('MCP Client')?.message).toMatch(/cancelled/i);
	});

	describe('bad input gets an error naming the field, and nothing runs', () => {
		const callsOf = (tool: string) => server.toolCalls.get(tool) ?? 0;

		it('malformed JSON arguments', async () => {
			const before = callsOf('echo');
			const result = await run(withParameters(fixture('call-tool-json'), { arguments: '{"message": ' }));
			expect(result.errorOf('MCP Client')?.message).toMatch(/^arguments is not valid JSON: /);
			expect(callsOf('echo')).toBe(before);
		});

		it('arguments that break the schema', async () => {
			const before = callsOf('echo');
			const result = await run(withParameters(fixture('call-tool-json'), { arguments: '{"message": 5, "count": -1}' }));
			expect(result.errorOf('MCP Client')?.message).toBe(
				'Arguments for tool "echo" do not match its input schema: field "message" must be string; field "count" must be >= 0',
			);
			expect(callsOf('echo')).toBe(before);
		});

		it('an empty tool name', async () => {
			const result = await run(withParameters(fixture('call-tool-json'), { tool: { __rl: true, mode: 'name', value: '' } }));
			// n8n itself refuses to start a node whose required Tool parameter is empty.
			expect(result.status).toBe('error');
			expect(JSON.stringify(result.executionError)).toMatch(/Tool/);
			expect(result.executedNodes).not.toContain('MCP Client');
		});

		it('an unknown tool, listing the available names', async () => {
			const result = await run(withParameters(fixture('call-tool-json'), { tool: { __rl: true, mode: 'name', value: 'pods_delete' } }));
			const error = result.errorOf('MCP Client');
			expect(error?.message).toBe('The server has no tool named "pods_delete"');
			expect(error?.description).toMatch(/^Available tools: echo, slow, fail, big/);
		});

		it('an unknown operation', async () => {
			const result = await run(withParameters(fixture('list-tools'), { operation: 'deleteEverything' }));
			expect(result.status).toBe('error');
			expect(JSON.stringify(result.executionError ?? result.errorOf('MCP Client'))).toMatch(/operation|deleteEverything/);
		});

		it('a server URL without a scheme', async () => {
			const result = await run(fixture('list-tools'), [{}], { mcpServerApi: { ...credentials.mcpServerApi, url: 'mcp.example.com/mcp' } });
			expect(result.errorOf('MCP Client')?.message).toBe(
				'url "mcp.example.com/mcp" has no scheme: expected http:// or https://, e.g. http://mcp.example.com/mcp',
			);
		});

		it('an endpoint that is not an MCP server', async () => {
			const html = await startHtmlServer();
			try {
				const result = await run(fixture('list-tools'), [{}], { mcpServerApi: { url: html.url, transport: 'auto', authentication: 'none', timeout: 5000 } });
				expect(result.errorOf('MCP Client')?.message).toMatch(/is not an MCP endpoint: Streamable HTTP failed .*text\/html/);
			} finally {
				await html.close();
			}
		});

		it('a wrong token, as an authentication error', async () => {
			const result = await run(fixture('list-tools'), [{}], { mcpServerApi: { ...credentials.mcpServerApi, token: 'wrong' } });
			const error = result.errorOf('MCP Client');
			expect(error?.message).toMatch(/rejected the credentials \(HTTP 401\)/);
			expect(error?.httpCode).toBe('401');
		});

		it('a server that is down, with Continue On Fail giving every item the error', async () => {
			const port = await unusedPort();
			const result = await run(withParameters(fixture('list-tools'), {}, { onError: 'continueRegularOutput' }), [{}, {}], {
				mcpServerApi: { url: `http://127.0.0.1:${port}/mcp`, transport: 'auto', authentication: 'none', timeout: 5000 },
			});
			const output = result.outputOf('MCP Client');
			expect(output).toHaveLength(2);
			expect(output[0].json.error).toMatch(/connection refused \(ECONNREFUSED\)/);
		});
	});

	describe('editor methods', () => {
		it('searches tools for the tool picker', async () => {
			const result = await callListSearch(new McpClient(), 'searchTools', { credentials, credentialTypes, filter: 'ECH' });
			expect(result.results.map((r) => r.value)).toEqual(['echo']);
		});

		it('builds argument fields from the tool’s input schema', async () => {
			const result = await callResourceMapping(new McpClient(), 'getToolArgumentFields', {
				credentials,
				credentialTypes,
				parameters: { operation: 'callTool', tool: { __rl: true, mode: 'list', value: 'echo' }, argumentsMode: 'fields' },
			});
			expect(result.fields.map((f) => [f.id, f.type, f.required])).toEqual([
				['message', 'string', true],
				['count', 'number', false],
				['labels', 'object', false],
				['selectors', 'array', false],
			]);
		});

		it('tests the credential by connecting and listing tools', async () => {
			const ok = await callCredentialTest(new McpClient(), 'mcpServerApiTest', 'mcpServerApi', credentials.mcpServerApi);
			expect(ok).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected to test-mcp-server 1\.0\.0 over streamable-http: 7 tools$/) });
			const bad = await callCredentialTest(new McpClient(), 'mcpServerApiTest', 'mcpServerApi', { ...credentials.mcpServerApi, token: 'nope' });
			expect(bad.status).toBe('Error');
			expect(bad.message).toMatch(/HTTP 401/);
		});
	});
});
