import { eventAnomaliesReport, reasonRates, reportProblem, type ClusterEvent } from '../../../nodes/shared/reports';
import { checkoutProbeEvents, defaultCluster, type KubeEvent } from '../../fixtures/cluster';
import { mcpClientErrorItem, resourcesListOutput, warningEventsOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');

describe('the event anomaly detector', () => {
	it('flags the reasons that spiked in the last hour against the day before: Unhealthy far above its rate, Failed new', async () => {
		const report = await eventAnomaliesReport({ now, events: warningEventsOutput(defaultCluster.events) });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('2 Warning reasons spiked in the last 1 h: Failed (6 events on 4 objects, none before), Unhealthy (5 events on 3 objects, 125× the baseline).');
		expect(report.tables[0].rows).toEqual([
			['Failed', '6', '4', '6', '0', 'new', 'SPIKE'],
			['Unhealthy', '5', '3', '5', '0.04', '125×', 'SPIKE'],
			['BackOff', '1', '1', '1', '0', 'new', ''],
			['FailedScheduling', '1', '1', '1', '0', 'new', ''],
			['ProvisioningFailed', '1', '1', '1', '0', 'new', ''],
		]);
		// Objects of spiking reasons come first.
		expect(report.tables[1].rows.slice(0, 3).map((row) => row[2])).toEqual(['Failed', 'Unhealthy', 'Unhealthy']);
		expect(report.notes).toEqual([
			'8 events are dated after the report time and left out.',
			'events_list shows an event once however often it repeated; resources_list on v1 Events keeps the counts.',
		]);
	});

	it('uses the API’s counts when the events come from resources_list', async () => {
		const report = await eventAnomaliesReport({ now, events: resourcesListOutput(defaultCluster.events.filter((event) => event.type === 'Warning')) });
		const unhealthy = report.tables[0].rows.find((row) => row[0] === 'Unhealthy');
		expect(unhealthy?.slice(0, 3)).toEqual(['Unhealthy', String(checkoutProbeEvents.slice(1).reduce((sum, event) => sum + event.count, 0)), '3']);
		expect(report.notes).not.toContain('events_list shows an event once however often it repeated; resources_list on v1 Events keeps the counts.');
	});

	it('says there is no spike when the window is quiet, and is healthy', async () => {
		const later = new Date('2025-06-03T13:00:00Z');
		// events_list prints an event's last time when it repeated, its first otherwise.
		const printedTime = (event: KubeEvent) => Date.parse(event.count > 1 ? event.lastTimestamp : event.firstTimestamp);
		const dayBefore = defaultCluster.events.filter((event) => event.type === 'Warning' && printedTime(event) <= later.getTime() - 3600_000 && printedTime(event) > later.getTime() - 25 * 3600_000);
		const report = await eventAnomaliesReport({ now: later, events: warningEventsOutput(defaultCluster.events) });
		expect(report.verdict).toBe('healthy');
		expect(report.headline).toBe(`No spike: 0 Warning events in the last 1 h, against ${dayBefore.length} in the 24 h before.`);
		expect(report.tables[0].emptyText).toBe('No Warning events in the last 1 h.');
	});

	it('needs the minimum number of events and the factor for a spike', () => {
		const event = (reason: string, time: number): ClusterEvent => ({ namespace: 'ci', kind: 'Pod', name: `p${time}`, reason, message: '', type: 'Warning', time, count: 1 });
		const recent = Array.from({ length: 6 }, (_, index) => event('BackOff', index));
		const baseline = Array.from({ length: 48 }, (_, index) => event('BackOff', -index));
		const settings = { windowHours: 1, baselineHours: 24, minEvents: 5, spikeFactor: 3 };
		expect(reasonRates(recent, baseline, settings)[0]).toMatchObject({ recentPerHour: 6, baselinePerHour: 2, spike: true });
		expect(reasonRates(recent, baseline, { ...settings, spikeFactor: 4 })[0].spike).toBe(false);
		expect(reasonRates(recent.slice(0, 4), [], settings)[0].spike).toBe(false);
	});

	it('redacts secrets in event messages', async () => {
		const event = structuredClone(checkoutProbeEvents[1]) as KubeEvent;
		event.message = 'Readiness probe failed: Get "https://admin:hunter2hunter2@api.internal/ready": EOF';
		const report = await eventAnomaliesReport({ now, events: warningEventsOutput([event]) });
		expect(report.tables[1].rows[0][5]).not.toContain('hunter2');
		expect(report.notes).toContain('1 secret in event messages was redacted.');
	});

	it('notes events it cannot read, and refuses a window that is no number', async () => {
		await expect(eventAnomaliesReport({ now, events: mcpClientErrorItem('The server has no tool named "events_list"') })).resolves.toMatchObject({
			verdict: 'degraded',
			headline: 'The Warning events could not be read: events_list is not offered by this MCP server.',
		});
		await expect(eventAnomaliesReport({ now, events: [], windowHours: 0 })).rejects.toMatchObject({ field: 'windowHours' });
	});
});
