import { groupWarningEvents, normaliseEvent, warningEventsTable, type ClusterEvent } from '../../../nodes/shared/reports';
import { defaultCluster, fixtures } from '../../fixtures/cluster';
import { serverEvent } from './mcp-outputs';

const now = Date.parse('2025-06-03T12:00:00Z');
const asServerPrintsThem = (events = defaultCluster.events): ClusterEvent[] => events.map((event) => normaliseEvent(serverEvent(event))!);

describe('Warning events of a window', () => {
	it('groups by namespace, object and reason, keeps the latest message, most frequent first', () => {
		const summary = groupWarningEvents(asServerPrintsThem(), now - 24 * 3600_000);
		const warnings = defaultCluster.events.filter((event) => event.type === 'Warning');
		expect(summary.inWindow).toBe(warnings.length);
		expect(summary.otherTypes).toBe(defaultCluster.events.length - warnings.length);
		const storefront = summary.groups[0];
		expect(storefront).toMatchObject({ namespace: 'shop', kind: 'Pod', name: fixtures.imagePullBackOff.podName, reason: 'Failed', count: 3, message: 'Error: ImagePullBackOff' });
		expect(summary.groups.map((group) => group.count)).toEqual([...summary.groups.map((group) => group.count)].sort((a, b) => b - a));
	});

	it('counts the API’s own event counts when the events come from the API', () => {
		const summary = groupWarningEvents(fixtures.crashLoopBackOff.events.map((event) => normaliseEvent(event)!), 0);
		expect(summary.groups).toEqual([expect.objectContaining({ reason: 'BackOff', count: 9 })]);
	});

	it('leaves events before the window out and counts them', () => {
		const since = Date.parse('2025-06-03T10:00:00Z');
		const summary = groupWarningEvents(asServerPrintsThem(), since);
		expect(summary.groups.every((group) => group.lastSeen! >= since)).toBe(true);
		expect(summary.older).toBeGreaterThan(0);
		expect(summary.inWindow + summary.older).toBe(defaultCluster.events.filter((event) => event.type === 'Warning').length);
	});

	it('keeps events without a time, which cannot be placed outside the window', () => {
		const undated: ClusterEvent = { namespace: 'ci', kind: 'Pod', name: 'x', reason: 'FailedMount', message: 'm', type: 'Warning', count: 1 };
		expect(groupWarningEvents([undated], now).groups).toEqual([expect.objectContaining({ reason: 'FailedMount', lastSeen: undefined })]);
	});

	it('shows object, count, age and a one-line message', () => {
		const [backOff] = groupWarningEvents(asServerPrintsThem(fixtures.crashLoopBackOff.events), 0).groups;
		expect(warningEventsTable([backOff], now, 24).rows).toEqual([
			['shop', `Pod/${fixtures.crashLoopBackOff.podName}`, 'BackOff', '1', '2h ago', backOff.message],
		]);
	});
});
