import { buildTableReport, renderReportEmail, reportProblem, ReportInputError, type TableReportInput } from '../../../nodes/shared/reports';

const now = new Date('2025-06-03T07:00:00Z');
const checks = { title: 'Checks', columns: ['Check', 'Result', 'Detail'], rows: [['Nodes ready', 'pass', '4 of 4'], ['PVCs bound', 'fail', '1 Pending']] };

const input = (overrides: Partial<TableReportInput> = {}): TableReportInput => ({
	title: 'Nightly checks',
	verdict: 'degraded',
	headline: '1 of 2 checks failed: PVCs bound.',
	tables: [checks],
	now,
	...overrides,
});

function inputError(build: () => unknown): ReportInputError {
	try {
		build();
	} catch (error) {
		if (error instanceof ReportInputError) return error;
		throw error;
	}
	throw new Error('expected a ReportInputError');
}

describe('the table report', () => {
	it('is a report the email renderer accepts, with the tables as given and counts of tables and rows', async () => {
		const report = buildTableReport(input());
		expect(reportProblem(report)).toBeUndefined();
		expect(report).toMatchObject({
			kind: 'table',
			title: 'Nightly checks',
			generatedAt: now.toISOString(),
			verdict: 'degraded',
			headline: '1 of 2 checks failed: PVCs bound.',
			counts: { tables: 1, rows: 2 },
			notes: [],
			unavailable: [],
		});
		expect(report.tables).toEqual([{ id: 'table1', title: 'Checks', columns: ['Check', 'Result', 'Detail'], rows: checks.rows, emptyText: 'No rows.' }]);
		const email = await renderReportEmail({ report });
		expect(email.subject).toBe('Nightly checks: degraded - 1 of 2 checks failed: PVCs bound.');
		expect(email.text).toMatch(/PVCs bound +fail +1 Pending/);
	});

	it('takes JSON text, rows keyed by column (other keys ignored), numbers, booleans and null, and notes one per line', () => {
		const tables = JSON.stringify({ id: 'pvcs', title: 'PVCs', columns: ['Name', 'Size', 'Bound'], rows: [{ Name: 'data', Size: 20, Bound: false, uid: 'x' }, { Name: 'logs', Bound: null }], emptyText: 'None.', note: 'From resources_list.' });
		const report = buildTableReport(input({ tables, notes: 'First note\n\n  second   note ', verdict: ' Critical ' }));
		expect(report.verdict).toBe('critical');
		expect(report.tables).toEqual([{ id: 'pvcs', title: 'PVCs', columns: ['Name', 'Size', 'Bound'], rows: [['data', '20', 'false'], ['logs', '', '']], emptyText: 'None.', note: 'From resources_list.' }]);
		expect(report.notes).toEqual(['First note', 'second note']);
		expect(buildTableReport(input({ notes: '["a", 2]' })).notes).toEqual(['a', '2']);
		expect(buildTableReport(input({ notes: ['only one'] })).notes).toEqual(['only one']);
	});

	it('allows no tables at all, a custom kind, and keeps the first rows when a table is longer than the limit', () => {
		expect(buildTableReport(input({ tables: '' })).tables).toEqual([]);
		expect(buildTableReport(input({ tables: '[]', kind: 'smoke-test' })).kind).toBe('smoke-test');
		const rows = Array.from({ length: 5 }, (_, index) => [`check ${index}`, 'pass', '']);
		const [table] = buildTableReport(input({ tables: [{ ...checks, rows }], maxRows: 2 })).tables;
		expect(table.rows).toEqual(rows.slice(0, 2));
		expect(table.note).toBe('Showing the first 2 of 5 rows.');
	});

	it('makes hostile cells one plain line each, and the email escapes them', async () => {
		const hostile = '<img src="https://tracker.example/p.png">\r\nBcc: all@example.com\u001b[31m';
		const report = buildTableReport(input({ title: 'Checks <b>', headline: `Bad ${hostile}`, tables: [{ title: hostile, columns: [hostile], rows: [[hostile]] }] }));
		expect(report.tables[0].rows[0][0]).toBe('<img src="https://tracker.example/p.png"> Bcc: all@example.com');
		const email = await renderReportEmail({ report });
		expect(email.html).not.toMatch(/<img|<b>/);
		expect(email.html).toContain('&lt;img src=&quot;https://tracker.example/p.png&quot;&gt; Bcc: all@example.com');
		expect(email.subject).not.toMatch(/[\r\n]/);
	});

	it.each([
		['a verdict that is not one of the three', { verdict: 'ok' }, 'verdict', 'must be healthy, degraded or critical, got "ok"'],
		['an empty headline', { headline: ' ' }, 'headline', 'is empty: write one sentence that says what the reader should know first'],
		['tables that are not JSON', { tables: '[{title:' }, 'tables', expect.stringMatching(/^is not valid JSON \(/)],
		['a number for tables', { tables: 42 }, 'tables', 'expected an array of tables ({ title, columns, rows }), got a number'],
		['a table that is text', { tables: ['Checks'] }, 'tables', 'table 1 must be an object with title, columns and rows, got a string'],
		['a table without columns', { tables: [{ title: 'Checks', rows: [] }] }, 'tables', 'table 1 ("Checks"): columns is required'],
		['a misspelt key', { tables: [{ title: 'Checks', colums: ['A'], columns: ['A'] }] }, 'tables', 'table 1 ("Checks") has unknown key(s) colums: use id, title, columns, rows, emptyText, note'],
		['a row with too few cells', { tables: [checks, { ...checks, id: 'b', rows: [['x', 'y']] }] }, 'tables', 'table 2 ("Checks"): row 1 has 2 cell(s), expected 3 (one per column: Check, Result, Detail)'],
		['a row that is text', { tables: [{ ...checks, rows: ['x'] }] }, 'tables', 'table 1 ("Checks"): rows[0] must be an array of cells or an object keyed by column'],
		['two tables with one id', { tables: [{ ...checks, id: 'checks' }, { ...checks, id: 'checks' }] }, 'tables', 'two tables have the id "checks": ids must differ'],
		['notes that are an object', { notes: { a: 1 } }, 'notes', 'expected text or an array of sentences, got an object with keys a'],
		['a row limit of zero', { maxRows: 0 }, 'maxRows', 'must be a whole number of at least 1, got 0'],
	])('refuses %s, naming the input', (_case, overrides, field, message) => {
		const error = inputError(() => buildTableReport(input(overrides as Partial<TableReportInput>)));
		expect({ field: error.field, message: error.message }).toEqual({ field, message });
	});
});
