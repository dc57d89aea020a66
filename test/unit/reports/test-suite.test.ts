import { reportProblem, runClusterChecks, testSuiteReport, type TestSuiteInput } from '../../../nodes/shared/reports';
import { checkoutPods, defaultCluster, fixtures } from '../../fixtures/cluster';
import { FIXTURE_NODES_TOP, listOutput, mcpClientErrorItem, mcpClientItem, objectsOf, resourcesListOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const fullRun = (): TestSuiteInput => ({
	now,
	namespaces: listOutput('namespaces_list', objectsOf('Namespace')),
	nodes: resourcesListOutput(objectsOf('Node')),
	nodeUsage: mcpClientItem('nodes_top', FIXTURE_NODES_TOP),
	pods: listOutput('pods_list', defaultCluster.pods.map((fixture) => fixture.pod)),
	deployments: resourcesListOutput(objectsOf('Deployment')),
	claims: resourcesListOutput(objectsOf('PersistentVolumeClaim')),
});

describe('the cluster test suite', () => {
	it('runs every check on the fixture cluster: failures first, with what failed', () => {
		const report = testSuiteReport(fullRun());
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('critical');
		expect(report.counts).toEqual({ checks: 7, passed: 4, failed: 3, errors: 0, skipped: 0 });
		expect(report.headline).toBe('4 of 7 checks passed; failed: pods, deployments, claims.');
		expect(report.tables[0].rows.map((row) => [row[0], row[1]])).toEqual([
			['No pod is failing', 'FAIL'],
			['Every Deployment is available and rolled out', 'FAIL'],
			['Every persistent volume claim is Bound', 'FAIL'],
			['The cluster answers through the MCP server', 'PASS'],
			['Every node is Ready', 'PASS'],
			['No node is under pressure or cordoned', 'PASS'],
			['The metrics API answers', 'PASS'],
		]);
		expect(report.tables[0].rows[0][2]).toContain(`shop/${fixtures.crashLoopBackOff.podName} CrashLoopBackOff`);
		expect(report.tables[0].rows[2][2]).toBe('data/reports-archive Pending.');
	});

	it('passes everything on a healthy subset, skips checks without input and reports a missing tool as ERROR', () => {
		const outcomes = runClusterChecks({ now, pods: checkoutPods, nodeUsage: mcpClientErrorItem('The server has no tool named "nodes_top"') });
		expect(outcomes.map((outcome) => [outcome.id, outcome.result])).toEqual([
			['api', 'skipped'],
			['nodesReady', 'skipped'],
			['nodePressure', 'skipped'],
			['metrics', 'error'],
			['pods', 'pass'],
			['deployments', 'skipped'],
			['claims', 'skipped'],
		]);
		expect(outcomes[3].detail).toBe('nodes_top is not offered by this MCP server.');
		const report = testSuiteReport({ now, pods: checkoutPods, nodeUsage: mcpClientErrorItem('The server has no tool named "nodes_top"') });
		expect(report).toMatchObject({ verdict: 'degraded', headline: '1 of 2 checks passed; could not run: metrics.' });
		expect(testSuiteReport({ now, pods: checkoutPods })).toMatchObject({ verdict: 'healthy', headline: 'The one check that ran passed.' });
	});

	it('needs at least one input', () => {
		expect(testSuiteReport({ now })).toMatchObject({ verdict: 'degraded', headline: 'No checks ran: give the suite at least one MCP output.' });
	});
});
