import { parseQuantity, quotasReport, reportProblem, type ResourceQuotaLike } from '../../../nodes/shared/reports';
import type { KubeObject } from '../../fixtures/cluster';
import { mcpClientErrorItem, objectsOf, resourcesListOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const quotas = objectsOf('ResourceQuota') as Array<ResourceQuotaLike & KubeObject>;

describe('the resource quota report', () => {
	it('lists every resource of every quota, fullest first, flags 80% and more and calls a used-up quota critical', () => {
		const report = quotasReport({ now, quotas: resourcesListOutput(quotas) });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('critical');
		expect(report.counts).toEqual({ quotas: 3, resources: 9, full: 1, high: 2, unreadable: 0 });
		expect(report.headline).toBe(
			'1 quota resource is used up (data/data-storage persistentvolumeclaims) and 2 resources are at 80% or more of their quota (shop/shop-quota pods, shop/shop-quota requests.memory).',
		);
		expect(report.tables[0].rows.slice(0, 5)).toEqual([
			['data', 'data-storage', 'persistentvolumeclaims', '2', '2', '100%', 'Used up'],
			['shop', 'shop-quota', 'pods', '7', '8', '87.5%', '80% or more'],
			['shop', 'shop-quota', 'requests.memory', '7Gi', '8Gi', '87.5%', '80% or more'],
			['data', 'data-storage', 'requests.storage', '70Gi', '100Gi', '70%', ''],
			['shop', 'shop-quota', 'limits.memory', '8448Mi', '12Gi', '68.8%', ''],
		]);
		expect(report.tables[0].rows.at(-1)).toEqual(['ci', 'ci-quota', 'pods', '1', '40', '2.5%', '']);
	});

	it('moves with the threshold, and is healthy below it', () => {
		const ci = quotas.filter((quota) => quota.metadata?.namespace === 'ci');
		expect(quotasReport({ now, quotas: ci }).verdict).toBe('healthy');
		expect(quotasReport({ now, quotas: ci }).headline).toBe('Every resource of 1 quota is below 80% of its limit.');
		expect(quotasReport({ now, quotas: ci, thresholdPercent: 20 })).toMatchObject({ verdict: 'degraded', counts: { high: 1 } });
		expect(quotasReport({ now, quotas: [] }).headline).toBe('No resource quotas are set.');
	});

	it('reads a quota the controller has not counted yet, a zero allowance and a quantity it cannot read', () => {
		const fresh: ResourceQuotaLike = { kind: 'ResourceQuota', metadata: { name: 'new', namespace: 'ci' }, spec: { hard: { pods: '10', 'count/jobs.batch': '0', 'requests.nvidia.com/gpu': 'lots' } } };
		const rows = quotasReport({ now, quotas: [fresh] }).tables[0].rows;
		expect(rows).toEqual([
			['ci', 'new', 'requests.nvidia.com/gpu', '0', 'lots', '—', 'Not a quantity'],
			['ci', 'new', 'count/jobs.batch', '0', '0', '—', ''],
			['ci', 'new', 'pods', '0', '10', '0%', ''],
		]);
	});

	it('parses Kubernetes quantities in every suffix', () => {
		expect([parseQuantity('250m'), parseQuantity('4'), parseQuantity('12Gi'), parseQuantity('1.5e3'), parseQuantity('2k'), parseQuantity('100Ki'), parseQuantity('x1')]).toEqual([0.25, 4, 12 * 2 ** 30, 1500, 2000, 102400, undefined]);
	});

	it('notes quotas it cannot read, and refuses a threshold over 100', () => {
		expect(quotasReport({ now, quotas: mcpClientErrorItem('Tool "resources_list" failed: forbidden') })).toMatchObject({ verdict: 'degraded', headline: 'The resource quotas could not be read: Tool "resources_list" failed: forbidden.' });
		expect(() => quotasReport({ now, quotas: [], thresholdPercent: 120 })).toThrow(expect.objectContaining({ field: 'thresholdPercent', message: 'must be a number from 1 to 100, got 120' }));
	});
});
