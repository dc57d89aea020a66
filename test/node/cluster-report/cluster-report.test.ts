import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { McpServerApi } from '../../../credentials/McpServerApi.credentials';
import { ClusterReport } from '../../../nodes/ClusterReport/ClusterReport.node';
import { McpClient } from '../../../nodes/McpClient/McpClient.node';
import { defaultCluster, fixtures, nodeNames } from '../../fixtures/cluster';
import { startFixtureCluster, type FixtureCluster } from '../../support/fixture-cluster';
import { startKubernetesMcpServer, type KubernetesMcpServer } from '../../support/kubernetes-mcp-server';
import { unusedPort } from '../../support/mcp-test-server';
import { runWorkflow, type WorkflowJson } from '../../support/n8n-engine';

const nodeTypes = { 'n8n-nodes-mcp-devops.mcpClient': new McpClient(), 'n8n-nodes-mcp-devops.clusterReport': new ClusterReport() };
const credentialTypes = [new McpServerApi()];
// The fixture cluster's events are from 2025-06-03; the report looks at the day before this time.
const REPORT_TIME = '2025-06-03T12:00:00Z';
const FAILING_PODS = [fixtures.crashLoopBackOff, fixtures.imagePullBackOff, fixtures.createContainerConfigError, fixtures.oomKilled].map((scenario) => scenario.podName);

const position = (index: number): [number, number] => [index * 220, 0];

function mcpCall(name: string, tool: string, args: IDataObject, index: number): INode {
	return {
		id: `mcp-${index}`,
		name,
		type: 'n8n-nodes-mcp-devops.mcpClient',
		typeVersion: 1,
		position: position(index),
		parameters: { operation: 'callTool', tool: { __rl: true, mode: 'name', value: tool }, argumentsMode: 'json', arguments: JSON.stringify(args) },
		credentials: { mcpServerApi: { id: '1', name: 'cluster' } },
		onError: 'continueRegularOutput',
	};
}

/** The shipped workflow's data path: four MCP calls (a failed one goes on as an error item), the report, the email. */
function reportWorkflow(report: INodeParameters = {}): WorkflowJson {
	const chain: INode[] = [
		{ id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: position(0), parameters: {} },
		mcpCall('List pods', 'pods_list', { fieldSelector: 'status.phase!=Succeeded' }, 1),
		mcpCall('List warning events', 'events_list', { fieldSelector: 'type=Warning' }, 2),
		mcpCall('Node usage', 'nodes_top', {}, 3),
		mcpCall('List namespaces', 'namespaces_list', {}, 4),
		{
			id: 'report',
			name: 'Build health report',
			type: 'n8n-nodes-mcp-devops.clusterReport',
			typeVersion: 1,
			position: position(5),
			parameters: { operation: 'healthReport', windowHours: 24, options: { now: REPORT_TIME }, ...report },
		},
		{
			id: 'render',
			name: 'Render email',
			type: 'n8n-nodes-mcp-devops.clusterReport',
			typeVersion: 1,
			position: position(6),
			parameters: { operation: 'renderEmail', report: "={{ $('Build health report').item.json }}" },
		},
	];
	const connections: WorkflowJson['connections'] = {};
	chain.slice(0, -1).forEach((node, index) => (connections[node.name] = { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }));
	return { nodes: chain, connections };
}

/** One Cluster Report node fed from the start item, for input checks that need no cluster. */
function singleNodeWorkflow(parameters: INodeParameters, settings: Partial<INode> = {}): WorkflowJson {
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: position(0), parameters: {} },
			{ id: 'report', name: 'Cluster Report', type: 'n8n-nodes-mcp-devops.clusterReport', typeVersion: 1, position: position(1), parameters, ...settings },
		],
		connections: { Start: { main: [[{ node: 'Cluster Report', type: 'main', index: 0 }]] } },
	};
}

const column = (report: IDataObject, id: string, name: string): string[] => {
	const table = (report.tables as Array<{ id: string; columns: string[]; rows: string[][] }>).find((candidate) => candidate.id === id)!;
	return table.rows.map((row) => row[table.columns.indexOf(name)]);
};

describe('Cluster Report node in n8n’s engine', () => {
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let coreOnlyServer: KubernetesMcpServer;
	let configDir: string;
	const credentialsFor = (url: string): Record<string, ICredentialDataDecryptedObject> => ({ mcpServerApi: { url, transport: 'auto', authentication: 'none', timeout: 15_000 } });

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		configDir = await mkdtemp(join(tmpdir(), 'cluster-report-'));
		// A server that does not offer nodes_top, as an administrator can configure it.
		await writeFile(join(configDir, 'config.toml'), 'disabled_tools = ["nodes_top"]\n');
		const env = { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' };
		[server, coreOnlyServer] = await Promise.all([
			startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env }),
			startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env, args: ['--config', join(configDir, 'config.toml')] }),
		]);
	});
	afterAll(async () => {
		await Promise.all([server?.stop(), coreOnlyServer?.stop()]);
		await cluster?.close();
		await rm(configDir, { recursive: true, force: true });
	});

	const run = (workflow: WorkflowJson, url = server.url, inputItems: IDataObject[] = [{}]) =>
		runWorkflow({ workflow, nodeTypes, credentials: credentialsFor(url), credentialTypes, inputItems });

	it('reports the fixture cluster from the real Kubernetes MCP server: critical, failing pods first, events, nodes, namespaces', async () => {
		const result = await run(reportWorkflow());
		expect(result.status).toBe('success');
		const [report] = result.outputOf('Build health report').map((item) => item.json);
		expect(report).toMatchObject({ kind: 'health', verdict: 'critical', generatedAt: new Date(REPORT_TIME).toISOString(), windowHours: 24, notes: [] });
		expect(report.headline).toMatch(/^4 pods are failing \(CrashLoopBackOff, OOMKilled, CreateContainerConfigError, …\), \d+ more pods need attention and \d+ Warning events were recorded in the last 24 h\.$/);
		expect(column(report, 'problemPods', 'Pod').slice(0, 4).sort()).toEqual([...FAILING_PODS].sort());
		expect(column(report, 'problemPods', 'Pod')).toContain(fixtures.tektonBuildFailure.podName);
		expect(column(report, 'warningEvents', 'Object')).toContain(`Pod/${fixtures.crashLoopBackOff.podName}`);
		expect(column(report, 'nodeUsage', 'Node')).toEqual([nodeNames.worker1, nodeNames.worker0, nodeNames.controlPlane, nodeNames.worker2]);
		expect(column(report, 'namespaces', 'Namespace')).toHaveLength(defaultCluster.objects.filter((object) => object.kind === 'Namespace').length);
		expect(report.digest).toContain('Pods not running or restarting (');

		const [email] = result.outputOf('Render email').map((item) => item.json);
		expect(email.subject).toMatch(/^Cluster health report: critical - 4 pods are failing \(CrashLoopBackOff, /);
		expect(email.verdict).toBe('critical');
		for (const pod of FAILING_PODS) expect(email.html).toContain(pod);
		expect(email.html).toContain('CrashLoopBackOff');
		expect(`${email.html}\n${email.text}`).not.toMatch(/apiVersion|InvolvedObject|^\s*- /m);
		expect(result.outputOf('Render email')[0].pairedItem).toEqual({ item: 0 });
	});

	it('notes a server without nodes_top in the report and the email, and reports the rest', async () => {
		const result = await run(reportWorkflow(), coreOnlyServer.url);
		expect(result.outputOf('Node usage')[0].json).toMatchObject({ error: 'The server has no tool named "nodes_top"' });
		const [report] = result.outputOf('Build health report').map((item) => item.json);
		expect(report.verdict).toBe('critical');
		expect(report.unavailable).toEqual([{ what: 'nodeUsage', why: 'nodes_top is not offered by this MCP server' }]);
		const [email] = result.outputOf('Render email').map((item) => item.json);
		expect(email.html).toContain('Node usage could not be read: nodes_top is not offered by this MCP server.');
		expect(email.text).toContain('Node usage could not be read: nodes_top is not offered by this MCP server.');
	});

	it('still sends a report when the MCP server cannot be reached, saying what could not be read', async () => {
		const result = await run(reportWorkflow(), `http://127.0.0.1:${await unusedPort()}/mcp`);
		expect(result.status).toBe('success');
		const [report] = result.outputOf('Build health report').map((item) => item.json);
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('The pods and the events could not be read.');
		expect((report.unavailable as IDataObject[]).map((entry) => entry.what)).toEqual(['pods', 'events', 'nodeUsage', 'namespaces']);
		expect((report.notes as string[])[0]).toMatch(/^Pods could not be read: .*connection refused/i);
	});

	it('takes the lists themselves instead of MCP Client items, and turns a plain error item into a note', async () => {
		const pods = defaultCluster.pods.map((fixture) => fixture.pod);
		const result = await run(
			singleNodeWorkflow({
				operation: 'healthReport',
				pods: '={{ $json.pods }}',
				events: '={{ $json.events }}',
				nodeUsage: '',
				namespaces: '={{ $json.namespaces }}',
				windowHours: 24,
				options: { now: REPORT_TIME, title: 'Nightly <check>' },
			}),
			server.url,
			[{ pods, events: defaultCluster.events, namespaces: { error: 'Tool "namespaces_list" failed: namespaces is forbidden' } }] as unknown as IDataObject[],
		);
		const [report] = result.outputOf('Cluster Report').map((item) => item.json);
		expect(report).toMatchObject({ verdict: 'critical', title: 'Nightly <check>', notes: ['The namespace list could not be read: Tool "namespaces_list" failed: namespaces is forbidden.'] });
		expect((report.tables as IDataObject[]).map((table) => table.id)).toEqual(['problemPods', 'warningEvents', 'namespaces']);
	});

	describe('bad input', () => {
		let report: IDataObject;
		beforeAll(async () => {
			report = (await run(reportWorkflow())).outputOf('Build health report')[0].json;
		});

		const healthParameters = (overrides: INodeParameters): INodeParameters => ({
			operation: 'healthReport',
			pods: '={{ $json.pods }}',
			events: '={{ [] }}',
			nodeUsage: '',
			namespaces: '={{ [] }}',
			windowHours: 24,
			options: {},
			...overrides,
		});

		it.each([
			['a number for Pods', healthParameters({ pods: '={{ 42 }}' }), 'Pods: expected the output of pods_list from an MCP Client node (its item, or the list itself), got a number'],
			['events for Pods', healthParameters({ pods: '={{ $json.events }}' }), 'Pods: expected Pod objects from pods_list, but item 1 is an object without metadata.name'],
			['an empty Pods', healthParameters({ pods: '' }), "Pods: is empty: set it to the output of the MCP Client node that calls pods_list, e.g. {{ $('<that node>').item.json }}"],
			['pods for Warning Events', healthParameters({ events: '={{ $json.podList }}' }), 'Warning Events: expected events from events_list, but item 1 has no Reason and InvolvedObject'],
			['a zero window', healthParameters({ pods: '={{ [] }}', windowHours: 0 }), 'Window (Hours): must be a number of at least 0.25, got 0'],
			['a report time that is not a time', healthParameters({ pods: '={{ [] }}', options: { now: 'yesterday' } }), 'Report Time: "yesterday" is not a time: use ISO 8601, e.g. 2025-06-03T07:00:00Z'],
			['something else as the Report', { operation: 'renderEmail', report: "={{ { verdict: 'fine' } }}" }, 'Report: is not a report from the Cluster Report node (kind: Required): expected the output of one of its report operations (Health Report, Table Report…)'],
			['an object as the Model Summary', { operation: 'renderEmail', report: '={{ $json.report }}', summary: '={{ { text: 1 } }}' }, 'Model Summary: must be text, got an object with keys text'],
		])('stops with an error naming the parameter: %s', async (_case, parameters, message) => {
			const events = [{ Reason: 'BackOff', InvolvedObject: { Kind: 'Pod', Name: 'x' } }];
			const result = await run(singleNodeWorkflow(parameters), server.url, [{ pods: [], events, podList: [fixtures.crashLoopBackOff.pod.pod], report }] as unknown as IDataObject[]);
			expect(result.status).toBe('error');
			expect(result.errorOf('Cluster Report')).toMatchObject({ message });
		});

		it('emits { error, details } under Continue On Fail and goes on with the next item', async () => {
			const result = await run(singleNodeWorkflow(healthParameters({}), { onError: 'continueErrorOutput' }), server.url, [{ pods: 'not pods' }, { pods: [] }]);
			expect(result.status).toBe('success');
			const failed = result.outputOf('Cluster Report', 1);
			// n8n keeps the input item's fields beside the error on the error output.
			expect(failed.map((item) => item.json)).toEqual([
				{
					pods: 'not pods',
					error: 'Pods: expected a list of objects from pods_list, got text that is not YAML or JSON',
					details: { description: 'Check the "Pods" parameter; no report was built from this item.', code: 'invalid_parameter', parameter: 'Pods' },
				},
			]);
			expect(failed[0].pairedItem).toEqual({ item: 0 });
			expect(result.outputOf('Cluster Report', 0).map((item) => [item.json.verdict, item.pairedItem])).toEqual([['healthy', { item: 1 }]]);
		});
	});
});
