import { normaliseEvent, readEvents, readNamespaces, readPods, readToolOutput, ReportInputError } from '../../../nodes/shared/reports';
import { defaultCluster, fixtures } from '../../fixtures/cluster';
import { listOutput, mcpClientErrorItem, mcpClientItem, serverEvent, warningEventsOutput } from './mcp-outputs';

const crashLoopPod = fixtures.crashLoopBackOff.pod.pod;

function inputErrorOf(run: () => unknown): ReportInputError {
	try {
		run();
	} catch (error) {
		if (error instanceof ReportInputError) return error;
		throw error;
	}
	throw new Error('expected a ReportInputError');
}

describe('reading MCP Client output', () => {
	it('takes the MCP Client item, the list itself, or the item as JSON text', () => {
		const item = listOutput('pods_list', [crashLoopPod]);
		expect(readPods(item)).toEqual({ available: true, value: [crashLoopPod] });
		expect(readPods([crashLoopPod])).toEqual({ available: true, value: [crashLoopPod] });
		expect(readPods(JSON.stringify(item))).toEqual({ available: true, value: [crashLoopPod] });
		expect(readPods({ data: { apiVersion: 'v1', kind: 'PodList', items: [crashLoopPod] } })).toEqual({ available: true, value: [crashLoopPod] });
	});

	it('reads an empty list and the server’s "# No events found" as nothing to report', () => {
		expect(readPods(listOutput('pods_list', []))).toEqual({ available: true, value: [] });
		expect(readEvents(warningEventsOutput([]))).toEqual({ available: true, value: [] });
	});

	it('turns an error item into a reason: a tool the server does not offer, or the server’s error', () => {
		expect(readEvents(mcpClientErrorItem('The server has no tool named "events_list"'))).toEqual({ available: false, why: 'events_list is not offered by this MCP server' });
		const failed = 'Tool "pods_list" failed: failed to list pods in all namespaces: pods is forbidden: User "system:serviceaccount:ci:mcp-readonly" cannot list resource "pods"';
		expect(readPods(mcpClientErrorItem(failed))).toEqual({ available: false, why: failed });
		expect(readToolOutput({ content: [{ type: 'text', text: 'connection refused' }], isError: true }, 'pods', 'pods_list')).toEqual({
			available: false,
			why: 'Tool "pods_list" failed: connection refused',
		});
	});

	it('says to switch the server to YAML when a list came back as a table', () => {
		const table = mcpClientItem('pods_list', 'NAMESPACE   APIVERSION   KIND   NAME          READY   STATUS    RESTARTS   AGE\nshop        v1           Pod    payments-db-0 1/1     Running   0          6d\n');
		expect(readPods(table)).toEqual({ available: false, why: expect.stringContaining('--list-output yaml') });
	});

	it('names the field when the value is not MCP output, or lists the wrong kind of object', () => {
		expect(inputErrorOf(() => readPods(42))).toMatchObject({ field: 'pods', message: expect.stringMatching(/expected the output of pods_list .* got a number/) });
		expect(inputErrorOf(() => readPods({ hello: 'world' }))).toMatchObject({ field: 'pods', message: expect.stringMatching(/got an object with keys hello/) });
		const namespaces = defaultCluster.objects.filter((object) => object.kind === 'Namespace');
		expect(inputErrorOf(() => readPods(listOutput('namespaces_list', namespaces)))).toMatchObject({ field: 'pods', message: 'expected Pod objects from pods_list, but item 1 is a Namespace' });
		expect(inputErrorOf(() => readNamespaces([crashLoopPod]))).toMatchObject({ field: 'namespaces' });
		expect(inputErrorOf(() => readEvents([crashLoopPod]))).toMatchObject({ field: 'events', message: expect.stringContaining('item 1 has no Reason and InvolvedObject') });
		expect(inputErrorOf(() => readPods(mcpClientItem('pods_log', 'Starting payments-api\nlistening on :8080\n')))).toMatchObject({ field: 'pods', message: expect.stringContaining('text that is not YAML or JSON') });
	});

	it('normalises events in the server’s capitalised shape and in the API’s shape alike', () => {
		const event = fixtures.crashLoopBackOff.events.find((candidate) => candidate.reason === 'BackOff')!;
		const expected = { namespace: 'shop', kind: 'Pod', name: fixtures.crashLoopBackOff.podName, reason: 'BackOff', message: event.message, type: 'Warning', time: Date.parse(event.lastTimestamp) };
		expect(normaliseEvent(serverEvent(event))).toEqual({ ...expected, count: 1 });
		expect(normaliseEvent(event)).toEqual({ ...expected, count: 9 });
		expect(normaliseEvent({ Reason: 'BackOff' })).toBeUndefined();
	});
});
