import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IConnections, INode, INodeParameters } from 'n8n-workflow';

import {
	TEST_START_NODE_TYPE,
	callCredentialTest,
	callListSearch,
	callLoadOptions,
	callResourceMapping,
	loadWorkflowFixture,
	runWorkflow,
	startWorkflow,
} from '../support/n8n-engine';
import type { NodeTypeMap, WorkflowJson } from '../support/n8n-engine';
import {
	CredentialedNode,
	EchoNode,
	FailOnValueNode,
	MakeBinaryNode,
	ReadBinaryNode,
	TestApiCredential,
	createCancellableWaitNode,
} from '../support/test-nodes';

const nodeTypes: NodeTypeMap = {
	'test.echo': new EchoNode(),
	'test.failOnValue': new FailOnValueNode(),
	'test.makeBinary': new MakeBinaryNode(),
	'test.readBinary': new ReadBinaryNode(),
	'test.credentialed': new CredentialedNode(),
};

type NodeSpec = Pick<INode, 'name' | 'type'> & Partial<INode>;

/** A workflow whose nodes run one after the other, as the editor would export it. */
function linearWorkflow(...specs: NodeSpec[]): WorkflowJson {
	const nodes: INode[] = specs.map((spec, index) => ({
		id: `node-${index}`,
		typeVersion: 1,
		position: [index * 220, 0],
		parameters: {},
		...spec,
	}));
	const connections: IConnections = {};
	for (let index = 0; index + 1 < nodes.length; index++) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { name: 'harness test', nodes, connections };
}

const start: NodeSpec = { name: 'Start', type: TEST_START_NODE_TYPE };

function failOnTwo(extra: Partial<INode> = {}, parameters: INodeParameters = {}): NodeSpec {
	return { name: 'Check', type: 'test.failOnValue', parameters: { failOnValue: 2, ...parameters }, ...extra };
}

const threeItems = [{ value: 1 }, { value: 2 }, { value: 3 }];

describe('runWorkflow in n8n-core WorkflowExecute', () => {
	it('passes several items from the start node through a node, keeping paired items', async () => {
		const workflow = linearWorkflow(start, { name: 'Echo', type: 'test.echo' });
		const exported = JSON.stringify(workflow);

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: threeItems });

		expect(result.status).toBe('success');
		expect(result.executionError).toBeUndefined();
		expect(result.executedNodes).toEqual(['Start', 'Echo']);
		expect(result.outputOf('Start').map((item) => item.json)).toEqual(threeItems);
		expect(result.outputOf('Echo')).toEqual(
			threeItems.map((json, index) => ({
				json: { ...json, echoedBy: 'Echo', index },
				pairedItem: { item: index },
			})),
		);
		expect(JSON.stringify(workflow)).toBe(exported);
	});

	it('starts workflows exported with n8n’s Manual Trigger node', async () => {
		const workflow = linearWorkflow(
			{ name: "When clicking 'Execute workflow'", type: 'n8n-nodes-base.manualTrigger' },
			{ name: 'Echo', type: 'test.echo' },
		);

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: [{ value: 7 }] });

		expect(result.outputOf('Echo').map((item) => item.json.value)).toEqual([7]);
	});

	it('records a failing node’s error as n8n shows it, without throwing', async () => {
		const workflow = linearWorkflow(start, failOnTwo(), { name: 'After', type: 'test.echo' });

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: threeItems });

		expect(result.status).toBe('error');
		expect(result.errorOf('Check')).toMatchObject({
			name: 'NodeOperationError',
			message: 'Item 1 has the forbidden value',
			description: 'The value 2 is not accepted',
			context: { itemIndex: 1 },
		});
		expect(result.executionError?.message).toBe('Item 1 has the forbidden value');
		expect(result.executedNodes).toEqual(['Start', 'Check']);
		expect(result.outputOf('After')).toEqual([]);
	});

	it('records a NodeApiError with its HTTP code', async () => {
		const workflow = linearWorkflow(start, failOnTwo({}, { errorKind: 'api' }));

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: threeItems });

		expect(result.errorOf('Check')).toMatchObject({
			name: 'NodeApiError',
			httpCode: '401',
			message: 'Authorization failed - please check your credentials',
		});
	});

	it.each([
		['onError: continueRegularOutput', { onError: 'continueRegularOutput' as const }],
		['legacy continueOnFail: true', { continueOnFail: true }],
	])('continues on fail when the node JSON says %s', async (_label, setting) => {
		const workflow = linearWorkflow(start, failOnTwo(setting), { name: 'After', type: 'test.echo' });

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: threeItems });

		expect(result.status).toBe('success');
		expect(result.errorOf('Check')).toBeUndefined();
		expect(result.outputOf('Check')).toEqual([
			{ json: { value: 1, passed: true }, pairedItem: { item: 0 } },
			{ json: { error: 'Item 1 has the forbidden value' }, pairedItem: { item: 1 } },
			{ json: { value: 3, passed: true }, pairedItem: { item: 2 } },
		]);
		expect(result.outputOf('After')).toHaveLength(3);
	});

	it('routes failed items to the error output with onError: continueErrorOutput', async () => {
		const workflow = linearWorkflow(start, failOnTwo({ onError: 'continueErrorOutput' }));

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: threeItems });

		expect(result.outputOf('Check', 0).map((item) => item.json.value)).toEqual([1, 3]);
		// n8n puts the failed input item on the error output, with the error message added.
		expect(result.outputOf('Check', 1)).toEqual([
			{ json: { value: 2, error: 'Item 1 has the forbidden value' }, pairedItem: { item: 1 } },
		]);
	});

	it('uses the workflow’s pinned data instead of running the pinned node, as a manual run does', async () => {
		const workflow = {
			...linearWorkflow(start, failOnTwo(), { name: 'After', type: 'test.echo' }),
			pinData: { Check: [{ json: { value: 2, pinned: true } }] },
		};

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: threeItems });

		expect(result.status).toBe('success');
		expect(result.outputOf('After').map((item) => item.json)).toEqual([
			{ value: 2, pinned: true, echoedBy: 'After', index: 0 },
		]);
	});

	it('reports a workflow the engine refuses to start as an error result', async () => {
		const requiredParameterNode = new EchoNode();
		requiredParameterNode.description = {
			...requiredParameterNode.description,
			properties: [{ displayName: 'Target', name: 'target', type: 'string', default: '', required: true }],
		};
		const workflow = linearWorkflow(start, { name: 'Needs Target', type: 'test.needsTarget' });

		const result = await runWorkflow({
			workflow,
			nodeTypes: { 'test.needsTarget': requiredParameterNode },
		});

		expect(result.status).toBe('error');
		expect(result.executionError).toMatchObject({ name: 'WorkflowHasIssuesError' });
		expect(result.executedNodes).toEqual([]);
	});

	it('rejects a workflow that uses a node type the test did not register', async () => {
		const workflow = linearWorkflow(start, { name: 'Mystery', type: 'test.mystery' });

		await expect(runWorkflow({ workflow, nodeTypes })).rejects.toThrow(
			'no node type registered for "Mystery" (test.mystery)',
		);
	});
});

describe('cancellation', () => {
	it('cancel() fires the signal a running node watches, and the run ends as canceled', async () => {
		const waiting = createCancellableWaitNode();
		const workflow = linearWorkflow(
			start,
			{ name: 'Wait', type: 'test.waitForCancel' },
			{ name: 'After', type: 'test.echo' },
		);

		const execution = startWorkflow({ workflow, nodeTypes: { ...nodeTypes, 'test.waitForCancel': waiting.nodeType } });
		await waiting.started;
		execution.cancel();
		const result = await execution.promise;

		expect(waiting.sawCancellation()).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.executionError).toMatchObject({ name: 'ManualExecutionCancelledError' });
		expect(result.outputOf('After')).toEqual([]);
	});

	it('timeoutMs cancels a running node the way n8n’s workflow timeout does', async () => {
		const waiting = createCancellableWaitNode();
		const workflow = linearWorkflow(start, { name: 'Wait', type: 'test.waitForCancel' });

		const result = await runWorkflow({
			workflow,
			nodeTypes: { 'test.waitForCancel': waiting.nodeType },
			timeoutMs: 200,
		});

		expect(waiting.sawCancellation()).toBe(true);
		expect(result.status).toBe('canceled');
		expect(result.executionError).toMatchObject({ name: 'TimeoutExecutionCancelledError' });
	});
});

describe('binary data', () => {
	it('prepareBinaryData output reaches the next node and reads back byte for byte', async () => {
		const workflow = linearWorkflow(
			start,
			{ name: 'Make', type: 'test.makeBinary' },
			{ name: 'Read', type: 'test.readBinary' },
		);
		const texts = ['first note', 'zweite Notiz – ü'];

		const result = await runWorkflow({ workflow, nodeTypes, inputItems: texts.map((text) => ({ text })) });

		expect(result.status).toBe('success');
		const [first] = result.outputOf('Make');
		expect(first.binary?.data).toMatchObject({
			mimeType: 'text/plain',
			fileName: 'note-0.txt',
			bytes: Buffer.byteLength(texts[0]),
		});
		expect(result.outputOf('Read').map((item) => item.json)).toEqual([
			{ text: texts[0], fileName: 'note-0.txt' },
			{ text: texts[1], fileName: 'note-1.txt' },
		]);
	});
});

describe('credentials and node methods', () => {
	const token = 'secret-token';
	const repositories = ['infra', 'infra-tools', 'pipelines', 'docs'];
	let server: Server;
	let baseUrl: string;

	beforeAll(async () => {
		server = createServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			const reply = (status: number, body: unknown) => {
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(body));
			};
			if (request.headers.authorization !== `token ${token}`) return reply(401, { message: 'bad token' });
			if (url.pathname === '/user') return reply(200, { login: 'octo' });
			if (url.pathname === '/repos') {
				const matching = repositories.filter((name) => name.includes(url.searchParams.get('q') ?? ''));
				const page = Number(url.searchParams.get('page'));
				const limit = Number(url.searchParams.get('limit'));
				const next = page * limit < matching.length ? String(page + 1) : undefined;
				return reply(200, { repositories: matching.slice((page - 1) * limit, page * limit), next });
			}
			return reply(404, { message: 'not found' });
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
	});

	const credentialTypes = [new TestApiCredential()];
	const credentialedNode = new CredentialedNode();

	it('gives a node its credentials in a workflow run, authenticating requests declaratively', async () => {
		const workflow = linearWorkflow(start, {
			name: 'Call API',
			type: 'test.credentialed',
			credentials: { testApi: { id: '1', name: 'Test API account' } },
		});

		const result = await runWorkflow({
			workflow,
			nodeTypes,
			credentials: { testApi: { baseUrl, token } },
			credentialTypes,
		});

		expect(result.status).toBe('success');
		expect(result.outputOf('Call API')[0].json).toEqual({ user: { login: 'octo' } });
	});

	it('records the error a node gets when the test gave no credentials of its type', async () => {
		const workflow = linearWorkflow(start, {
			name: 'Call API',
			type: 'test.credentialed',
			credentials: { testApi: { id: '1', name: 'Test API account' } },
		});

		const result = await runWorkflow({ workflow, nodeTypes, credentialTypes });

		expect(result.status).toBe('error');
		expect(result.errorOf('Call API')?.message).toContain('no credentials of type "testApi"');
	});

	it('callListSearch runs a list search with credentials, filter and pagination', async () => {
		const credentials = { testApi: { baseUrl, token } };

		const firstPage = await callListSearch(credentialedNode, 'searchRepositories', {
			credentials,
			credentialTypes,
			filter: 'infra',
		});
		const secondPage = await callListSearch(credentialedNode, 'searchRepositories', {
			credentials,
			credentialTypes,
			filter: 'i',
			paginationToken: '2',
		});

		expect(firstPage).toEqual({
			results: [
				{ name: 'infra', value: 'infra' },
				{ name: 'infra-tools', value: 'infra-tools' },
			],
		});
		expect(secondPage).toEqual({ results: [{ name: 'pipelines', value: 'pipelines' }] });
	});

	it('callListSearch surfaces the API error a wrong token causes', async () => {
		await expect(
			callListSearch(credentialedNode, 'searchRepositories', {
				credentials: { testApi: { baseUrl, token: 'wrong' } },
				credentialTypes,
			}),
		).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '401' });
	});

	it('callLoadOptions sees the current parameters, with defaults filled in', async () => {
		const options = await callLoadOptions(credentialedNode, 'getLabels', {
			parameters: { labelPrefix: 'kind/' },
		});

		expect(options).toEqual([
			{ name: 'kind/bug', value: 'octo/bug' },
			{ name: 'kind/ci', value: 'octo/ci' },
		]);
	});

	it('callResourceMapping reads the credentials', async () => {
		const fields = await callResourceMapping(credentialedNode, 'getColumns', {
			credentials: { testApi: { baseUrl, token } },
		});

		expect(fields.fields.map((field) => field.displayName)).toEqual([`Title (${baseUrl})`]);
	});

	it('callCredentialTest reports OK for a good token and Error for a bad one', async () => {
		const good = await callCredentialTest(credentialedNode, 'testApiConnection', 'testApi', { baseUrl, token });
		const bad = await callCredentialTest(credentialedNode, 'testApiConnection', 'testApi', {
			baseUrl,
			token: 'wrong',
		});

		expect(good).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(bad.status).toBe('Error');
		expect(bad.message).toContain('401');
	});
});

describe('loadWorkflowFixture', () => {
	let folder: string;

	beforeAll(() => {
		folder = mkdtempSync(join(tmpdir(), 'engine-harness-fixture-'));
	});

	afterAll(() => rmSync(folder, { recursive: true, force: true }));

	it('reads an exported workflow that runWorkflow can run', async () => {
		const file = join(folder, 'echo.json');
		writeFileSync(file, JSON.stringify({ ...linearWorkflow(start, { name: 'Echo', type: 'test.echo' }), active: false }));

		const result = await runWorkflow({ workflow: loadWorkflowFixture(file), nodeTypes, inputItems: [{ value: 1 }] });

		expect(result.outputOf('Echo').map((item) => item.json.echoedBy)).toEqual(['Echo']);
	});

	it('refuses a JSON file that is not a workflow', () => {
		const file = join(folder, 'not-a-workflow.json');
		writeFileSync(file, JSON.stringify({ name: 'x' }));

		expect(() => loadWorkflowFixture(file)).toThrow('is not an n8n workflow export');
	});
});
