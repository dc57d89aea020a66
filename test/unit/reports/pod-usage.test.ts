import { podTotals, podUsageReport, reportProblem } from '../../../nodes/shared/reports';
import { checkoutPods, defaultCluster } from '../../fixtures/cluster';
import { FIXTURE_PODS_TOP, listOutput, mcpClientErrorItem, mcpClientItem } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const top = () => mcpClientItem('pods_top', FIXTURE_PODS_TOP);
const pods = () => listOutput('pods_list', defaultCluster.pods.map((fixture) => fixture.pod));

describe('the pod usage report', () => {
	it('ranks pods by CPU and by memory, and with the pods adds requests, limits and flags the one near its memory limit', () => {
		const report = podUsageReport({ now, podUsage: top(), pods: pods() });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe(
			'1 pod is at 90% or more of a memory limit (shop/checkout-api-6d8f7c9b5d-9vbqt at 95.1%) and the most CPU is 212m (shop/checkout-api-6d8f7c9b5d-2xk4m), the most memory 487.0 MiB (shop/checkout-api-6d8f7c9b5d-9vbqt).',
		);
		expect(report.tables[0].columns).toEqual(['Namespace', 'Pod', 'CPU', 'Memory', 'CPU request', 'Memory limit', 'Memory of limit']);
		expect(report.tables[0].rows[0]).toEqual(['shop', 'checkout-api-6d8f7c9b5d-2xk4m', '212m', '301.0 MiB', '250m', '512.0 MiB', '58.8%']);
		expect(report.tables[1].rows.map((row) => row[1])).toEqual([checkoutPods[1], checkoutPods[0], checkoutPods[2]].map((pod) => pod.metadata.name).concat(['payments-db-0', 'report-worker-6b8f9c7d5-n7w2r']));
	});

	it('keeps to the top N, and without the pods shows usage only', () => {
		const report = podUsageReport({ now, podUsage: top(), topN: 2 });
		expect(report.verdict).toBe('healthy');
		expect(report.tables.map((table) => [table.title, table.rows.length])).toEqual([
			['Top 2 pods by CPU', 2],
			['Top 2 pods by memory', 2],
		]);
		expect(report.tables[0].columns).toEqual(['Namespace', 'Pod', 'CPU', 'Memory']);
	});

	it('sums a pod’s containers and names the one closest to its limit', () => {
		const usage = [
			{ namespace: 'ci', pod: 'p', container: 'a', cpuMillicores: 10, memoryBytes: 100 },
			{ namespace: 'ci', pod: 'p', container: 'b', cpuMillicores: 5, memoryBytes: 90 },
		];
		const pod = { metadata: { namespace: 'ci', name: 'p' }, spec: { containers: [{ name: 'a', resources: { limits: { memory: '1000' } } }, { name: 'b', resources: { limits: { memory: '100' } } }] } };
		expect(podTotals(usage, [pod])).toEqual([{ namespace: 'ci', pod: 'p', containers: 2, cpuMillicores: 15, memoryBytes: 190, memoryLimit: 1100, worstMemoryPercent: 90, worstContainer: 'b' }]);
	});

	it('says when there are no metrics', () => {
		const report = podUsageReport({ now, podUsage: mcpClientErrorItem('Tool "pods_top" failed: failed to get pods top: metrics API not available') });
		expect(report).toMatchObject({ verdict: 'degraded', headline: 'Pod usage could not be read: Tool "pods_top" failed: failed to get pods top: metrics API not available.' });
		expect(() => podUsageReport({ now, podUsage: [{ pod: 'x' }] })).toThrow(expect.objectContaining({ field: 'podUsage' }));
	});
});
