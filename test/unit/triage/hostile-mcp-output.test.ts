import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { collectFailure, type ToolCaller } from '../../../nodes/shared/triage/collect';
import { readPod } from '../../../nodes/shared/triage/pod';
import { buildReport } from '../../../nodes/shared/triage/report';
import { renderReport } from '../../../nodes/shared/triage/render';

const text = (value: string, isError = false): CallToolResult => ({ content: [{ type: 'text', text: value }], ...(isError ? { isError: true } : {}) });

/** A Tekton pod as a hostile or broken MCP server could return it: fields of the wrong type everywhere. */
const hostilePod = {
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: { name: 'build-pod', namespace: 'ci', labels: { 'tekton.dev/pipelineRun': 'build-run', 'tekton.dev/pipelineTask': 7 } },
	spec: { containers: [{ name: 'step-build', image: { ref: 'node:20' } }, { name: 'step-push' }], nodeName: ['worker-1'] },
	status: {
		phase: 'Failed',
		message: { text: 'not a string' },
		containerStatuses: [
			{ name: 'step-build', restartCount: '0', state: { terminated: { exitCode: 2, reason: 42, message: { nested: true }, finishedAt: '2025-06-03T09:13:37Z' } } },
			{ image: 'no-name', state: { terminated: { exitCode: 1 } } },
			{ name: 'step-push', state: { terminated: { exitCode: '1', reason: 'Error' } } },
		],
	},
};

const hostileEvents = [
	{ Type: 'Warning', Reason: 17, Message: ['not', 'text'], InvolvedObject: { Kind: 'Pod', Name: 'build-pod' }, Timestamp: { when: 'now' } },
	'not an event',
	{ Type: 'Normal', Reason: 'Scheduled', Message: 'Successfully assigned ci/build-pod to worker-1', InvolvedObject: { Kind: 'Pod', Name: 'build-pod' } },
];

function tools(pod: unknown, events: unknown, logError?: string): ToolCaller {
	return {
		async callTool(name) {
			if (name === 'pods_get') return text(JSON.stringify(pod));
			if (name === 'events_list') return text(JSON.stringify(events));
			return logError ? text(logError, true) : text('error TS2307: Cannot find module "left-pad"\n');
		},
	};
}

describe('MCP output of the wrong shape', () => {
	it('reads what it can of a pod with fields of the wrong type, and names every field it left out', () => {
		const { pod, problems } = readPod(structuredClone(hostilePod));

		expect(pod?.status?.containerStatuses?.map((status) => status.name)).toEqual(['step-build', 'step-push']);
		expect(pod?.status?.containerStatuses?.[0].state?.terminated).toEqual({ exitCode: 2, finishedAt: '2025-06-03T09:13:37Z' });
		expect(problems.map((problem) => problem.field).sort()).toEqual([
			'metadata.labels.tekton.dev/pipelineTask',
			'spec.containers[0].image',
			'spec.nodeName',
			'status.containerStatuses[0].restartCount',
			'status.containerStatuses[0].state.terminated.message',
			'status.containerStatuses[0].state.terminated.reason',
			'status.containerStatuses[1]',
			'status.containerStatuses[2].state.terminated.exitCode',
			'status.message',
		]);
		expect(problems.find((problem) => problem.field === 'status.containerStatuses[1]')?.why).toBe('status.containerStatuses[1].name is missing; the entry was left out');
	});

	it('files a report that says what could not be read instead of crashing the render', async () => {
		const record = await collectFailure(tools(structuredClone(hostilePod), hostileEvents), { kind: 'pod', namespace: 'ci', podName: 'build-pod' });
		const report = await buildReport(record);
		const rendered = await renderReport({ report });

		expect(report.complete).toBe(false);
		expect(record.containers[0]).toMatchObject({ name: 'step-build', exitCode: 2 });
		expect(record.events).toEqual([
			{ type: 'Warning', object: 'Pod/build-pod' },
			{ type: 'Normal', reason: 'Scheduled', message: 'Successfully assigned ci/build-pod to worker-1', object: 'Pod/build-pod' },
		]);
		const whats = record.problems.map((problem) => problem.what);
		expect(whats).toEqual(
			expect.arrayContaining(['pod field status.containerStatuses[0].state.terminated.reason', 'event [0] field reason', 'event [0] field message', 'event [1]']),
		);
		expect(rendered.body).toContain('## Could not read');
		expect(rendered.body).toContain('pod field status.containerStatuses[0].state.terminated.message: expected string, received object; the field was left out');
	});

	it('reports a pod that is not an object at all as unreadable', async () => {
		const record = await collectFailure(tools(['just', 'a', 'list'], []), { kind: 'pod', namespace: 'ci', podName: 'build-pod' });
		expect(record.problems[0]).toEqual({ what: 'pod ci/build-pod', why: 'it is not a Pod object: Expected object, received array' });
	});

	it('files an issue even when the server answers with a 20 MB error message', async () => {
		const huge = `failed to get pod log: ${'x'.repeat(20 * 1024 * 1024)}`;
		const pod = { ...structuredClone(hostilePod), status: { phase: 'Failed', containerStatuses: [{ name: 'step-build', state: { terminated: { exitCode: 1 } } }] } };
		const record = await collectFailure(tools(pod, [], huge), { kind: 'pod', namespace: 'ci', podName: 'build-pod' });
		const rendered = await renderReport({ report: await buildReport(record) });

		const logProblem = record.problems.find((problem) => problem.what === 'log of step-build');
		expect(logProblem?.why.length).toBeLessThan(4_100);
		expect(logProblem?.why).toMatch(/more characters cut\]$/);
		expect(rendered.body.length).toBeLessThan(65_536);
	});
});
