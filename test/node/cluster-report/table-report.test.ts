import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { ClusterReport } from '../../../nodes/ClusterReport/ClusterReport.node';
import { runWorkflow, type WorkflowJson } from '../../support/n8n-engine';

const nodeTypes = { 'n8n-nodes-mcp-devops.clusterReport': new ClusterReport() };
const REPORT_TIME = '2025-06-03T07:00:00Z';

/** Start → Table Report → Render Email, the report's parameters written as a workflow would. */
function workflow(parameters: INodeParameters, settings: Partial<INode> = {}): WorkflowJson {
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'report', name: 'Build report', type: 'n8n-nodes-mcp-devops.clusterReport', typeVersion: 1, position: [220, 0], parameters: { operation: 'tableReport', ...parameters }, ...settings },
			{ id: 'render', name: 'Render email', type: 'n8n-nodes-mcp-devops.clusterReport', typeVersion: 1, position: [440, 0], parameters: { operation: 'renderEmail', report: '={{ $json }}' } },
		],
		connections: {
			Start: { main: [[{ node: 'Build report', type: 'main', index: 0 }]] },
			'Build report': { main: [[{ node: 'Render email', type: 'main', index: 0 }]] },
		},
	};
}

const run = (parameters: INodeParameters, inputItems: IDataObject[] = [{}], settings: Partial<INode> = {}) => runWorkflow({ workflow: workflow(parameters, settings), nodeTypes, inputItems });

describe('Cluster Report: Table Report in n8n’s engine', () => {
	it('builds a report from expressions over the input item, and Render Email turns it into an email', async () => {
		const checks = [
			{ check: 'Nodes ready', passed: true, detail: '4 of 4' },
			{ check: 'PVCs bound', passed: false, detail: '1 Pending' },
		];
		const result = await run(
			{
				title: 'Smoke tests',
				verdict: "={{ $json.checks.every(c => c.passed) ? 'healthy' : 'degraded' }}",
				headline: "={{ $json.checks.filter(c => !c.passed).length }} of {{ $json.checks.length }} checks failed.",
				tables: "={{ [{ id: 'checks', title: 'Checks', columns: ['Check', 'Result', 'Detail'], rows: $json.checks.map(c => [c.check, c.passed ? 'pass' : 'FAIL', c.detail]) }] }}",
				notes: 'Run from the test suite.\nRead-only calls only.',
				options: { now: REPORT_TIME },
			},
			[{ checks }],
		);
		expect(result.status).toBe('success');
		const [report] = result.outputOf('Build report').map((item) => item.json);
		expect(report).toMatchObject({
			kind: 'table',
			title: 'Smoke tests',
			verdict: 'degraded',
			headline: '1 of 2 checks failed.',
			generatedAt: new Date(REPORT_TIME).toISOString(),
			counts: { tables: 1, rows: 2 },
			notes: ['Run from the test suite.', 'Read-only calls only.'],
		});
		expect(report.tables).toEqual([{ id: 'checks', title: 'Checks', columns: ['Check', 'Result', 'Detail'], rows: [['Nodes ready', 'pass', '4 of 4'], ['PVCs bound', 'FAIL', '1 Pending']], emptyText: 'No rows.' }]);
		expect(report.digest).toContain('Checks (2)');
		const [email] = result.outputOf('Render email').map((item) => item.json);
		expect(email.subject).toBe('Smoke tests: degraded - 1 of 2 checks failed.');
		expect(email.text).toMatch(/PVCs bound +FAIL +1 Pending/);
		expect(email.html).toContain('Read-only calls only.');
	});

	it('takes tables written as JSON in the parameter, with rows as objects', async () => {
		const result = await run({
			title: 'Inventory',
			verdict: 'healthy',
			headline: 'Two namespaces.',
			tables: JSON.stringify([{ title: 'Namespaces', columns: ['Name', 'Pods'], rows: [{ Name: 'shop', Pods: 6 }, { Name: 'data', Pods: 1 }] }]),
		});
		expect(result.outputOf('Build report')[0].json.tables).toEqual([{ id: 'table1', title: 'Namespaces', columns: ['Name', 'Pods'], rows: [['shop', '6'], ['data', '1']], emptyText: 'No rows.' }]);
	});

	it('takes notes from an expression that gives an array', async () => {
		const result = await run({ title: 'T', verdict: 'healthy', headline: 'Fine.', tables: '[]', notes: "={{ $json.skipped.map(name => name + ' was skipped.') }}" }, [{ skipped: ['helm', 'olm'] }]);
		expect(result.outputOf('Build report')[0].json.notes).toEqual(['helm was skipped.', 'olm was skipped.']);
	});

	it.each([
		['a verdict that is not one of the three', { verdict: '={{ "fine" }}' }, 'Verdict: must be healthy, degraded or critical, got "fine"'],
		['a headline that comes out empty', { headline: '={{ $json.nothing ?? "" }}' }, 'Headline: is empty: write one sentence that says what the reader should know first'],
		['a table row with a cell missing', { tables: '={{ [{ title: "T", columns: ["A", "B"], rows: [["x"]] }] }}' }, 'Tables: table 1 ("T"): row 1 has 1 cell(s), expected 2 (one per column: A, B)'],
		['tables that are not JSON', { tables: '[{"title": ' }, expect.stringMatching(/^Tables: is not valid JSON \(/)],
		['a report time that is not a time', { options: { now: 'tomorrow' } }, 'Report Time: "tomorrow" is not a time: use ISO 8601, e.g. 2025-06-03T07:00:00Z'],
	])('stops with an error naming the parameter: %s', async (_case, overrides, message) => {
		const result = await run({ title: 'T', verdict: 'healthy', headline: 'All good.', tables: '[]', ...overrides });
		expect(result.status).toBe('error');
		expect(result.errorOf('Build report')).toMatchObject({ message, description: expect.stringMatching(/^Check the ".+" parameter; no report was built from this item\.$/) });
	});

	it('sends a bad item to the error output under Continue On Fail and builds the others', async () => {
		const result = await run(
			{ title: 'T', verdict: '={{ $json.verdict }}', headline: 'Headline.', tables: '[]' },
			[{ verdict: 'unknown' }, { verdict: 'critical' }],
			{ onError: 'continueErrorOutput' },
		);
		expect(result.status).toBe('success');
		const failed = result.outputOf('Build report', 1);
		expect(failed.map((item) => item.json)).toEqual([
			{
				verdict: 'unknown',
				error: 'Verdict: must be healthy, degraded or critical, got "unknown"',
				details: { description: 'Check the "Verdict" parameter; no report was built from this item.', code: 'invalid_parameter', parameter: 'Verdict' },
			},
		]);
		expect(result.outputOf('Build report', 0).map((item) => [item.json.verdict, item.pairedItem])).toEqual([['critical', { item: 1 }]]);
	});
});
