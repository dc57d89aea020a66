import { claimState, pvcReport, reportProblem, type ClaimLike } from '../../../nodes/shared/reports';
import { defaultCluster, type KubeEvent, type KubeObject } from '../../fixtures/cluster';
import { mcpClientErrorItem, objectsOf, resourcesListOutput, warningEventsOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const claims = objectsOf('PersistentVolumeClaim') as Array<ClaimLike & KubeObject>;
const claimEvents = () => warningEventsOutput(defaultCluster.events.filter((event) => event.involvedObject.kind === 'PersistentVolumeClaim'));

describe('the PVC storage report', () => {
	it('puts the Pending claim first with the warning that says why, then the bound ones, and sums per storage class', async () => {
		const report = await pvcReport({ now, claims: resourcesListOutput(claims), events: claimEvents() });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('1 claim is Pending for more than 5 min (data/reports-archive: storageclass.storage.k8s.io "fast-archive" not found).');
		expect(report.tables[0].rows[0]).toEqual(['data', 'reports-archive', 'Pending', '20.0 GiB', '—', 'fast-archive', 'ReadWriteOnce', '', '31m', 'ProvisioningFailed: storageclass.storage.k8s.io "fast-archive" not found']);
		expect(report.tables[0].rows.slice(1).map((row) => [row[1], row[2]])).toEqual([
			['pvc-5d0c3b1e7a', 'Bound'],
			['report-worker-cache', 'Bound'],
			['data-payments-db-0', 'Bound'],
		]);
		expect(report.tables[1].rows).toEqual([
			['gp3-csi', '3', '3', '71.0 GiB', '71.0 GiB'],
			['fast-archive', '1', '0', '20.0 GiB', '0 B'],
		]);
		expect(report.counts).toMatchObject({ claims: 4, bound: 3, pending: 1, lost: 0 });
	});

	it('gives a new claim its grace time, and calls a lost volume critical', async () => {
		const pending = claims.find((claim) => claim.metadata?.name === 'reports-archive')!;
		expect(claimState(pending, Date.parse('2025-06-03T09:00:00Z'), 5).severity).toBe('ok');
		const lost = structuredClone(claims[0]);
		lost.status = { phase: 'Lost' };
		await expect(pvcReport({ now, claims: [lost] })).resolves.toMatchObject({ verdict: 'critical', headline: '1 claim has lost its volume.' });
		await expect(pvcReport({ now, claims: claims.filter((claim) => claim.status?.phase === 'Bound') })).resolves.toMatchObject({
			verdict: 'healthy',
			headline: 'All 3 claims are Bound; 71.0 GiB requested in total.',
		});
	});

	it('redacts secrets in the warnings it quotes', async () => {
		const event = structuredClone(defaultCluster.events.find((candidate) => candidate.reason === 'ProvisioningFailed')!) as KubeEvent;
		event.message = 'failed to provision volume: rpc error: Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789';
		const report = await pvcReport({ now, claims, events: warningEventsOutput([event]) });
		expect(report.tables[0].rows[0][9]).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
		expect(report.notes).toEqual(['1 secret in event messages was redacted.']);
	});

	it('says so when the claims cannot be read', async () => {
		await expect(pvcReport({ now, claims: mcpClientErrorItem('Tool "resources_list" failed: forbidden') })).resolves.toMatchObject({ verdict: 'degraded', headline: 'The claims could not be read: Tool "resources_list" failed: forbidden.' });
	});
});
