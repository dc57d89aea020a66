/**
 * The data path of every shipped operations workflow (workflows/ops/*.json) in n8n's engine: its
 * MCP Client nodes and its report node exactly as shipped, fed by a start node named "Settings" that
 * carries the shipped Settings, against the real kubernetes-mcp-server over the fixture cluster. The
 * triggers, the optional LLM summary and the Send Email node are n8n's own nodes and run in the e2e
 * test instead; here Render Email follows the report directly.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';
import { McpServerApi } from '../../../credentials/McpServerApi.credentials';
import { ClusterReport } from '../../../nodes/ClusterReport/ClusterReport.node';
import { McpClient } from '../../../nodes/McpClient/McpClient.node';
import { checkoutPods, fixtures, helmReleases, nodeNames } from '../../fixtures/cluster';
import { startFixtureCluster, type FixtureCluster } from '../../support/fixture-cluster';
import { startKubernetesMcpServer, type KubernetesMcpServer } from '../../support/kubernetes-mcp-server';
import { startTestMcpServer, unusedPort, type TestMcpServer } from '../../support/mcp-test-server';
import { runWorkflow, type WorkflowJson } from '../../support/n8n-engine';

const OPS_FOLDER = join(__dirname, '..', '..', '..', 'workflows', 'ops');
const PACKAGE = 'n8n-nodes-mcp-devops';
const nodeTypes = { [`${PACKAGE}.mcpClient`]: new McpClient(), [`${PACKAGE}.clusterReport`]: new ClusterReport() };
const REPORT_TIME = '2025-06-03T09:30:00Z';
// Written by other parts of the library (webhook-driven, not scheduled reports).
const NOT_REPORTS = ['cluster-assistant.json', 'deployment-review.json'];

interface Shipped {
	file: string;
	workflow: WorkflowJson;
}

/** The Settings node's values as the Set node would emit them (array fields parsed from their JSON text). */
function settingsOf(workflow: WorkflowJson): IDataObject {
	const settings = workflow.nodes.find((node) => node.name === 'Settings');
	const assignments = ((settings?.parameters.assignments as IDataObject).assignments ?? []) as Array<{ name: string; value: unknown; type: string }>;
	return Object.fromEntries(assignments.map(({ name, value, type }) => [name, type === 'array' && typeof value === 'string' ? JSON.parse(value) : value]));
}

/**
 * The shipped workflow's MCP Client nodes and report node in their order, a start node named
 * "Settings" in front, Render Email behind the report; the report time pinned.
 */
function dataPath(workflow: WorkflowJson): WorkflowJson {
	const order: string[] = [];
	for (let name = 'Settings'; ; ) {
		const next = workflow.connections[name]?.main?.[0]?.[0]?.node;
		if (!next || next === 'LLM configured?') break;
		order.push(next);
		name = next;
	}
	const picked = order.map((name) => workflow.nodes.find((node) => node.name === name)!).filter((node) => node.type.startsWith(PACKAGE));
	const report = picked[picked.length - 1];
	const reportNode: INode = { ...report, parameters: { ...report.parameters, options: { ...(report.parameters.options as IDataObject), now: REPORT_TIME } } };
	const render = workflow.nodes.find((node) => node.name === 'Render email')!;
	const chain: INode[] = [{ id: 'settings', name: 'Settings', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} }, ...picked.slice(0, -1), reportNode, render];
	const connections: WorkflowJson['connections'] = {};
	chain.slice(0, -1).forEach((node, index) => (connections[node.name] = { main: [[{ node: chain[index + 1].name, type: 'main', index: 0 }]] }));
	return { name: workflow.name, nodes: chain, connections };
}

const tableOf = (report: IDataObject, id: string) => (report.tables as Array<{ id: string; columns: string[]; rows: string[][] }>).find((table) => table.id === id)!;
const column = (report: IDataObject, id: string, name: string) => {
	const table = tableOf(report, id);
	return table.rows.map((row) => row[table.columns.indexOf(name)]);
};

describe('the shipped operations workflows in n8n’s engine', () => {
	let shipped: Map<string, WorkflowJson>;
	let cluster: FixtureCluster;
	let server: KubernetesMcpServer;
	let coreOnly: KubernetesMcpServer;
	let extra: TestMcpServer;
	let configDir: string;
	const credentialsFor = (url: string): Record<string, ICredentialDataDecryptedObject> => ({ mcpServerApi: { url, transport: 'auto', authentication: 'none', timeout: 15_000 } });

	beforeAll(async () => {
		const files = (await readdir(OPS_FOLDER)).filter((file) => file.endsWith('.json') && !NOT_REPORTS.includes(file));
		const loaded: Shipped[] = await Promise.all(files.map(async (file) => ({ file, workflow: JSON.parse(await readFile(join(OPS_FOLDER, file), 'utf8')) as WorkflowJson })));
		shipped = new Map(loaded.map(({ file, workflow }) => [file.replace(/\.json$/, ''), workflow]));
		cluster = await startFixtureCluster();
		configDir = await mkdtemp(join(tmpdir(), 'ops-workflows-'));
		await writeFile(join(configDir, 'config.toml'), 'disabled_tools = ["nodes_top"]\n');
		const env = { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' };
		[server, coreOnly, extra] = await Promise.all([
			startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env, args: ['--toolsets', 'core,config,helm'] }),
			startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, env, args: ['--config', join(configDir, 'config.toml')] }),
			startTestMcpServer({ transport: 'streamable-http' }),
		]);
	});
	afterAll(async () => {
		await Promise.all([server?.stop(), coreOnly?.stop(), extra?.close()]);
		await cluster?.close();
		await rm(configDir, { recursive: true, force: true });
	});

	/** Runs one shipped workflow's data path; `settings` change its Settings as a user would. */
	async function run(slug: string, settings: IDataObject = {}, url = server.url, items?: (settings: IDataObject) => IDataObject[]) {
		const workflow = shipped.get(slug);
		if (!workflow) throw new Error(`workflows/ops/${slug}.json is not shipped`);
		const values = { ...settingsOf(workflow), ...settings };
		const result = await runWorkflow({ workflow: dataPath(workflow), nodeTypes, credentials: credentialsFor(url), credentialTypes: [new McpServerApi()], inputItems: items ? items(values) : [values] });
		expect(result.executionError).toBeUndefined();
		const reportName = result.executedNodes[result.executedNodes.length - 2];
		return { report: result.outputOf(reportName)[0].json, email: result.outputOf('Render email')[0].json, result };
	}

	it('ships thirteen scheduled reports, each with Manual and Schedule triggers, one Settings node and a sticky note', () => {
		expect([...shipped.keys()].sort()).toEqual([
			'cluster-test-suite',
			'deployment-rollout',
			'event-anomalies',
			'helm-releases',
			'mcp-server-status',
			'namespace-inventory',
			'node-capacity',
			'operator-health',
			'pod-status',
			'pod-usage',
			'pvc-storage',
			'quota-usage',
			'tls-expiry',
		]);
		for (const workflow of shipped.values()) {
			const types = workflow.nodes.map((node) => node.type);
			expect(types.filter((type) => type === 'n8n-nodes-base.manualTrigger')).toHaveLength(1);
			expect(types.filter((type) => type === 'n8n-nodes-base.scheduleTrigger')).toHaveLength(1);
			expect(workflow.nodes.filter((node) => node.name === 'Settings' && node.type === 'n8n-nodes-base.set')).toHaveLength(1);
			expect(types).toContain('n8n-nodes-base.stickyNote');
			expect(Object.keys(settingsOf(workflow))).toEqual(expect.arrayContaining(['llmEnabled', 'model', 'emailFrom', 'emailTo']));
			for (const call of workflow.nodes.filter((node) => node.type === `${PACKAGE}.mcpClient`)) {
				expect(call.onError).toBe('continueRegularOutput');
				expect((call.parameters.tool as IDataObject).value).toMatch(/^=\{\{ \$\('Settings'\)\.item\.json\.toolPrefix \+ '[a-z_]+' \}\}$/);
			}
		}
	});

	it('pod status: one pods_list_in_namespace call per namespace of Settings', async () => {
		const { report, email } = await run('pod-status', { namespaces: ['shop', 'data', 'default'] }, server.url, (settings) =>
			(settings.namespaces as string[]).map((namespace) => ({ ...settings, namespace })),
		);
		expect(report).toMatchObject({ kind: 'pod-status', verdict: 'critical', counts: { pods: 8, namespaces: 3, failingPods: 4 } });
		expect(tableOf(report, 'namespaces').rows.map((row) => row[0])).toEqual(['shop', 'data', 'default']);
		expect(column(report, 'pods', 'Pod')).toEqual(expect.arrayContaining(checkoutPods.map((pod) => pod.metadata.name)));
		expect(email.subject).toMatch(/^Pod status: critical - 8 pods in 3 namespaces: 4 pods are failing/);
	});

	it('deployment rollout: desired, ready, updated and available from resources_list', async () => {
		const { report } = await run('deployment-rollout');
		expect(report.verdict).toBe('critical');
		expect(tableOf(report, 'deployments').rows.find((row) => row[1] === 'checkout-api')?.slice(2, 7)).toEqual(['3', '3', '2', '3', 'Rolling out: 2 of 3 updated']);
		const dataOnly = await run('deployment-rollout', { namespace: 'data' });
		expect(column(dataOnly.report, 'deployments', 'Deployment')).toEqual(['report-worker']);
	});

	it('quota usage: percentages, the threshold from Settings', async () => {
		const { report } = await run('quota-usage', { thresholdPercent: 60 });
		expect(report.verdict).toBe('critical');
		expect(tableOf(report, 'quotaUsage').rows.slice(0, 3).map((row) => row.slice(0, 3).concat(row.slice(5)))).toEqual([
			['data', 'data-storage', 'persistentvolumeclaims', '100%', 'Used up'],
			['shop', 'shop-quota', 'pods', '87.5%', '60% or more'],
			['shop', 'shop-quota', 'requests.memory', '87.5%', '60% or more'],
		]);
	});

	it('Helm releases: from helm_list with the helm toolset, and a note when it is off', async () => {
		const { report } = await run('helm-releases');
		const latest = helmReleases.filter((release) => release.status !== 'superseded');
		expect(column(report, 'releases', 'Release').sort()).toEqual(latest.map((release) => release.name).sort());
		expect(tableOf(report, 'releases').rows[0].slice(0, 2).concat(tableOf(report, 'releases').rows[0][6])).toEqual(['data', 'reporting', 'failed']);
		const off = await run('helm-releases', {}, coreOnly.url);
		expect(off.report.headline).toBe('Helm releases could not be read: helm_list is not offered by this MCP server.');
		expect(off.email.text).toContain('start it with --toolsets core,config,helm');
	});

	it('TLS expiry: Ingress certificates from their Secrets; Routes noted as not served', async () => {
		const { report, email } = await run('tls-expiry');
		expect(report.verdict).toBe('critical');
		expect(column(report, 'certificates', 'Status').slice(0, 3)).toEqual(['Expired 14 days ago', 'Expires in 17 days', 'Problem: the Secret does not exist']);
		expect(report.notes).toContain('Route objects (route.openshift.io/v1) are not served by this cluster.');
		expect(`${email.html}${email.text}`).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
		expect(shipped.get('tls-expiry')?.settings).toMatchObject({ saveDataSuccessExecution: 'none', saveDataErrorExecution: 'none' });
	});

	it('event anomalies: the readiness-probe burst and the new failures spike', async () => {
		const { report } = await run('event-anomalies');
		expect(report.verdict).toBe('degraded');
		expect(column(report, 'reasons', 'Spike').filter(Boolean)).toHaveLength(2);
		expect(tableOf(report, 'reasons').rows.find((row) => row[0] === 'Unhealthy')?.slice(-2)).toEqual(['125×', 'SPIKE']);
	});

	it('node capacity: usage and conditions, and conditions alone without nodes_top', async () => {
		const { report } = await run('node-capacity');
		expect(report.verdict).toBe('healthy');
		expect(column(report, 'nodeUsage', 'Node')[0]).toBe(nodeNames.worker1);
		expect(tableOf(report, 'clusterCapacity').rows).toHaveLength(2);
		const fallback = await run('node-capacity', {}, coreOnly.url);
		expect(fallback.report.notes).toEqual(['Node usage could not be read: nodes_top is not offered by this MCP server.', 'Without node usage the report rests on the nodes’ conditions.']);
		expect(column(fallback.report, 'nodeConditions', 'Status')).toEqual(['Ready', 'Ready', 'Ready', 'Ready']);
	});

	it('pod usage: top pods from pods_top with their limits', async () => {
		const { report } = await run('pod-usage', { topN: 3 });
		expect(report.verdict).toBe('degraded');
		expect(tableOf(report, 'topMemory').rows.map((row) => [row[1], row[6]])).toEqual([
			[checkoutPods[1].metadata.name, '95.1%'],
			[checkoutPods[0].metadata.name, '58.8%'],
			[checkoutPods[2].metadata.name, '51.8%'],
		]);
	});

	it('namespace inventory: namespaces with pod counts; no projects on plain Kubernetes', async () => {
		const { report } = await run('namespace-inventory');
		expect(report.verdict).toBe('healthy');
		expect(column(report, 'namespaces', 'Namespace')).toEqual(['ci', 'data', 'default', 'kube-system', 'openshift-pipelines', 'shop']);
		expect(report.notes).toEqual(['Project objects (project.openshift.io/v1) are not served by this cluster.']);
	});

	it('PVC storage: the Pending claim with the warning that explains it', async () => {
		const { report } = await run('pvc-storage');
		expect(tableOf(report, 'claims').rows[0]).toEqual(expect.arrayContaining(['reports-archive', 'Pending', 'ProvisioningFailed: storageclass.storage.k8s.io "fast-archive" not found']));
	});

	it('operator health: the failed CSV and the subscription waiting for approval', async () => {
		const { report } = await run('operator-health');
		expect(report.verdict).toBe('critical');
		expect(column(report, 'operators', 'Phase')).toEqual(['Failed', 'Succeeded', 'Succeeded']);
		expect(column(report, 'subscriptions', 'Needs a look')[0]).toBe('upgrade waits for approval');
	});

	it('cluster test suite: seven read-only checks, failures first', async () => {
		const { report, email } = await run('cluster-test-suite');
		expect(report.counts).toEqual({ checks: 7, passed: 4, failed: 3, errors: 0, skipped: 0 });
		expect(column(report, 'checks', 'Result')).toEqual(['FAIL', 'FAIL', 'FAIL', 'PASS', 'PASS', 'PASS', 'PASS']);
		expect(email.text).toContain(`${fixtures.crashLoopBackOff.podName} CrashLoopBackOff`);
		const withoutMetrics = await run('cluster-test-suite', {}, coreOnly.url);
		expect(tableOf(withoutMetrics.report, 'checks').rows.find((row) => row[0] === 'The metrics API answers')?.slice(1, 3)).toEqual(['ERROR', 'nodes_top is not offered by this MCP server.']);
	});

	it('MCP server status: the credential’s server and the extra ones from Settings, one of them down', async () => {
		const down = `http://127.0.0.1:${await unusedPort()}/mcp`;
		const { report, email } = await run('mcp-server-status', { extraServers: `${extra.url}\n${down}` });
		expect(report.verdict).toBe('degraded');
		const rows = tableOf(report, 'servers').rows;
		expect(rows.map((row) => [row[0], row[1]])).toEqual([
			[down, 'Down'],
			[`${server.url} (credential)`, 'Up'],
			[extra.url, 'Up'],
		]);
		expect(rows[1].slice(2, 6)).toEqual(['kubernetes-mcp-server v0.0.67', 'streamable-http', '15', '15']);
		expect(rows[1][8]).toBe('namespaces_list');
		expect(email.subject).toMatch(/^MCP server status: degraded - 1 of 3 MCP servers did not answer/);
		const bad = await runWorkflow({
			workflow: dataPath(shipped.get('mcp-server-status')!),
			nodeTypes,
			credentials: credentialsFor(server.url),
			credentialTypes: [new McpServerApi()],
			inputItems: [{ ...settingsOf(shipped.get('mcp-server-status')!), extraServers: 'gitea-mcp:8080' }],
		});
		expect(bad.errorOf('Check MCP servers')?.message).toBe('Extra MCP Servers: URL "gitea-mcp:8080" has no scheme: expected http:// or https://, e.g. http://gitea-mcp:8080');
	});
});
