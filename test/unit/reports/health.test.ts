import { buildHealthReport, healthReportFromMcpOutputs, ReportInputError, type HealthReport, type McpHealthInputs } from '../../../nodes/shared/reports';
import { defaultCluster, fixtures, type KubeEvent, type KubeObject } from '../../fixtures/cluster';
import { FIXTURE_NODES_TOP, listOutput, mcpClientErrorItem, mcpClientItem, warningEventsOutput } from './mcp-outputs';

const now = new Date('2025-06-03T12:00:00Z');
const pods = defaultCluster.pods.map((fixture) => fixture.pod);
const namespaces = defaultCluster.objects.filter((object) => object.kind === 'Namespace');
const database = pods.find((pod) => pod.metadata.name === 'payments-db-0')!;

/** The four MCP Client items the shipped workflow hands the report, for a cluster of these objects. */
function mcpOutputs(cluster: { pods: KubeObject[]; events: KubeEvent[]; namespaces?: KubeObject[] } = { pods, events: defaultCluster.events }): McpHealthInputs {
	return {
		pods: listOutput('pods_list', cluster.pods),
		events: warningEventsOutput(cluster.events),
		nodeUsage: mcpClientItem('nodes_top', FIXTURE_NODES_TOP),
		namespaces: listOutput('namespaces_list', cluster.namespaces ?? namespaces),
		now,
	};
}

const table = (report: HealthReport, id: string) => report.tables.find((candidate) => candidate.id === id)!;
const column = (report: HealthReport, id: string, name: string) => {
	const found = table(report, id);
	return found.rows.map((row) => row[found.columns.indexOf(name)]);
};

describe('the cluster health report', () => {
	it('is critical for the fixture cluster, with the failing pods first and one sentence saying why', async () => {
		const report = await healthReportFromMcpOutputs(mcpOutputs());
		expect(report.verdict).toBe('critical');
		expect(report.kind).toBe('health');
		expect(report.generatedAt).toBe(now.toISOString());
		expect(report.counts).toMatchObject({ pods: pods.length, failingPods: 4, nodes: 4, busyNodes: 0, namespaces: 6, unavailable: 0, olderWarningEvents: 0 });
		expect(report.counts.warningEvents).toBe(defaultCluster.events.filter((event) => event.type === 'Warning').length);
		expect(report.headline).toMatch(/^4 pods are failing \(CrashLoopBackOff, .*\), \d+ more pods need attention and \d+ Warning events were recorded in the last 24 h\.$/);
		expect(report.tables.map((t) => t.id)).toEqual(['problemPods', 'warningEvents', 'nodeUsage', 'namespaces']);
		expect(column(report, 'problemPods', 'Pod')[0]).toBe(fixtures.crashLoopBackOff.podName);
		expect(column(report, 'problemPods', 'Pod')).not.toContain('payments-db-0');
		expect(column(report, 'warningEvents', 'Reason')).toEqual(expect.arrayContaining(['BackOff', 'Failed', 'FailedScheduling']));
		expect(column(report, 'nodeUsage', 'Node')[0]).toBe('worker-1.ocp.example.internal');
		expect(column(report, 'namespaces', 'Namespace')[0]).toBe('shop');
		expect(report.notes).toEqual([]);
	});

	it('is healthy when every pod runs and nothing warned, and says so', async () => {
		const report = await healthReportFromMcpOutputs(mcpOutputs({ pods: [database], events: defaultCluster.events.filter((event) => event.type === 'Normal') }));
		expect(report.verdict).toBe('healthy');
		expect(report.headline).toBe('No pod needs attention (1 listed), no Warning events were recorded in the last 24 h and no node is at 85% or more of CPU or memory.');
		expect(table(report, 'problemPods').rows).toEqual([]);
		expect(table(report, 'problemPods').emptyText).toBe('Every pod is running or completed, and none restarted in the last 24 h.');
	});

	it('is degraded when pods failed but none is stuck failing', async () => {
		const tekton = fixtures.tektonBuildFailure;
		const report = await healthReportFromMcpOutputs(mcpOutputs({ pods: [database, tekton.pod.pod], events: tekton.events }));
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toMatch(/^1 pod needs attention and \d+ Warning events were recorded in the last 24 h\.$/);
	});

	it('counts busy nodes against the threshold', async () => {
		const report = await healthReportFromMcpOutputs({ ...mcpOutputs({ pods: [database], events: [] }), busyNodePercent: 50 });
		expect(report.verdict).toBe('degraded');
		expect(report.counts.busyNodes).toBe(1);
		expect(report.headline).toBe('1 node is at 50% or more of CPU or memory.');
	});

	it('notes a nodes_top the server does not offer, and still reports the rest', async () => {
		const report = await healthReportFromMcpOutputs({
			...mcpOutputs(),
			nodeUsage: mcpClientErrorItem('The server has no tool named "nodes_top"', 'Available tools: events_list, namespaces_list, pods_list'),
		});
		expect(report.verdict).toBe('critical');
		expect(report.unavailable).toEqual([{ what: 'nodeUsage', why: 'nodes_top is not offered by this MCP server' }]);
		expect(report.notes).toEqual(['Node usage could not be read: nodes_top is not offered by this MCP server.']);
		expect(table(report, 'nodeUsage')).toMatchObject({ rows: [], emptyText: 'Node usage could not be read: nodes_top is not offered by this MCP server.' });
	});

	it('leaves the node table out when node usage was not asked for', async () => {
		const report = await healthReportFromMcpOutputs({ ...mcpOutputs(), nodeUsage: undefined });
		expect(report.tables.map((t) => t.id)).toEqual(['problemPods', 'warningEvents', 'namespaces']);
		expect(report.headline).not.toContain('node');
	});

	it('cannot call a cluster healthy whose pods or events could not be read', async () => {
		const error = 'Tool "events_list" failed: failed to list events in all namespaces: the server has asked for the client to provide credentials';
		const report = await healthReportFromMcpOutputs({ ...mcpOutputs({ pods: [database], events: [] }), events: mcpClientErrorItem(error) });
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('The events could not be read.');
		expect(report.notes).toEqual([`Warning events could not be read: ${error}.`]);
		expect(table(report, 'warningEvents').emptyText).toBe(`Warning events could not be read: ${error}.`);
	});

	it('still lists namespaces seen in pods and events when the namespace list is missing', async () => {
		const report = await healthReportFromMcpOutputs({ ...mcpOutputs(), namespaces: mcpClientErrorItem('The server has no tool named "namespaces_list"') });
		expect(column(report, 'namespaces', 'Namespace').sort()).toEqual(['ci', 'data', 'shop']);
		expect(column(report, 'namespaces', 'Status')).toEqual(['—', '—', '—']);
	});

	it('leaves Warning events before the window out, with a note', async () => {
		const report = await healthReportFromMcpOutputs({ ...mcpOutputs(), now: new Date('2025-06-05T12:00:00Z') });
		expect(report.counts.warningEvents).toBe(0);
		expect(report.counts.olderWarningEvents).toBe(defaultCluster.events.filter((event) => event.type === 'Warning').length);
		expect(report.notes).toEqual([expect.stringMatching(/^\d+ Warning events older than 24 h are not counted\.$/)]);
		const wider = await healthReportFromMcpOutputs({ ...mcpOutputs(), now: new Date('2025-06-05T12:00:00Z'), windowHours: 72 });
		expect(wider.counts.olderWarningEvents).toBe(0);
	});

	it('redacts secrets in event messages', async () => {
		const leaky = structuredClone(fixtures.crashLoopBackOff.events.find((event) => event.reason === 'BackOff')!);
		const token = 'ghp_' + 'Zq8xW2m4Kp7Rt9Vb3Nc6Hd1Jf5Lg0Sa2Ye4U';
		leaky.message = `Failed to pull image "registry.example.com/app": unauthorized: token ${token}`;
		const report = await healthReportFromMcpOutputs(mcpOutputs({ pods: [database], events: [leaky] }));
		const messages = column(report, 'warningEvents', 'Latest message');
		expect(messages[0]).toContain('[REDACTED:');
		expect(JSON.stringify(report)).not.toContain(token);
		expect(report.counts.redactedSecrets).toBe(1);
		expect(report.notes).toContain('1 secret in event messages was redacted.');
	});

	it('keeps the worst rows when a table is longer than the limit, and says how many there were', async () => {
		const report = await healthReportFromMcpOutputs({ ...mcpOutputs(), maxRows: 2 });
		expect(table(report, 'problemPods').rows).toHaveLength(2);
		expect(table(report, 'problemPods').note).toBe(`Showing the first 2 of ${report.counts.problemPods} rows.`);
		expect(column(report, 'problemPods', 'Reason').every((reason) => reason !== 'Error (exit 1)')).toBe(true);
	});

	it('refuses a window that is not a positive number of hours, naming it', async () => {
		await expect(buildHealthReport({ pods: [], events: [], namespaces: [], now, windowHours: 0 })).rejects.toMatchObject({ field: 'windowHours', message: 'must be a number of at least 0.25, got 0' });
		await expect(buildHealthReport({ pods: [], events: [], namespaces: [], now, windowHours: Number.NaN })).rejects.toBeInstanceOf(ReportInputError);
	});
});
