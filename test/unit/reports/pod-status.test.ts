import { podStatusReport, reportProblem } from '../../../nodes/shared/reports';
import { checkoutPods, defaultCluster, fixtures } from '../../fixtures/cluster';
import { listOutput, mcpClientErrorItem } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const podsIn = (namespace: string) => defaultCluster.pods.map((fixture) => fixture.pod).filter((pod) => pod.metadata.namespace === namespace);
const inNamespace = (namespace: string) => listOutput('pods_list_in_namespace', podsIn(namespace));
const column = (report: ReturnType<typeof podStatusReport>, id: string, name: string) => {
	const table = report.tables.find((candidate) => candidate.id === id)!;
	return table.rows.map((row) => row[table.columns.indexOf(name)]);
};

describe('the pod status report', () => {
	it('reads one pods_list_in_namespace item per namespace: failing pods first, a row per namespace, every pod', () => {
		const report = podStatusReport({ now, pods: [inNamespace('shop'), inNamespace('data')], namespaces: ['shop', 'data'] });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('critical');
		expect(report.counts).toEqual({ pods: 8, namespaces: 2, running: 6, problemPods: 4, failingPods: 4, unavailable: 0 });
		expect(report.headline).toBe('8 pods in 2 namespaces: 4 pods are failing (CrashLoopBackOff, OOMKilled, CreateContainerConfigError, …).');
		const namespaces = report.tables[0];
		expect(namespaces.rows).toEqual([
			['shop', '7', '5', '2', '0', '0', '3'],
			['data', '1', '1', '0', '0', '0', '1'],
		]);
		expect(column(report, 'problemPods', 'Pod')[0]).toBe(fixtures.crashLoopBackOff.podName);
		expect(column(report, 'pods', 'Pod').slice(-4)).toEqual([...checkoutPods.map((pod) => pod.metadata.name), 'payments-db-0']);
		expect(column(report, 'pods', 'Ready')).toContain('0/1');
	});

	it('is healthy for a namespace whose pods all run, and keeps a row for an asked namespace without pods', () => {
		const report = podStatusReport({ now, pods: [listOutput('pods_list_in_namespace', checkoutPods), listOutput('pods_list_in_namespace', [])], namespaces: ['shop', 'default'] });
		expect(report.verdict).toBe('healthy');
		expect(report.headline).toBe('All 3 pods in 2 namespaces are running or completed, and none restarted in the last 24 h.');
		expect(report.tables[0].rows.map((row) => row[0])).toEqual(['default', 'shop']);
		expect(report.tables[1].rows).toEqual([]);
	});

	it('notes a namespace it could not read, and reports the others', () => {
		const denied = 'Tool "pods_list_in_namespace" failed: failed to list pods in namespace kube-system: pods is forbidden';
		const report = podStatusReport({ now, pods: [listOutput('pods_list_in_namespace', checkoutPods), mcpClientErrorItem(denied)], namespaces: 'shop kube-system'.split(' ') });
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('3 pods in 2 namespaces: 1 pod list could not be read.');
		expect(report.notes).toEqual([`A pod list could not be read: ${denied}.`]);
		expect(report.unavailable).toEqual([{ what: 'pods', why: denied }]);
	});

	it('takes the list itself, and counts restarts only inside the window', () => {
		const oom = fixtures.oomKilled.pod.pod;
		expect(podStatusReport({ now, pods: [oom], windowHours: 24 }).counts.failingPods).toBe(1);
		expect(podStatusReport({ now: new Date('2025-06-05T09:30:00Z'), pods: [oom], windowHours: 24 }).verdict).toBe('healthy');
	});

	it('keeps hostile pod names to one line of plain text', () => {
		const pod = structuredClone(checkoutPods[0]);
		pod.metadata.name = 'evil\u001b[31m<script>\r\nBcc: x@example.com';
		const report = podStatusReport({ now, pods: [pod] });
		expect(report.tables[2].rows[0][1]).toBe('evil<script> Bcc: x@example.com');
	});

	it('refuses a window that is not a number, naming it', () => {
		expect(() => podStatusReport({ now, pods: [], windowHours: Number.NaN })).toThrow(expect.objectContaining({ field: 'windowHours' }));
	});
});
