/** Table Report: a report from tables a workflow computed itself, for the same email as every other report. */
import type { IDataObject } from 'n8n-workflow';
import { buildTableReport, reportDigest, TABLE_REPORT_DEFAULTS } from '../../shared/reports';
import { maxRowsOption, reportTime, reportTimeOption, type ReportOperation } from './common';

interface TableOptions {
	kind?: string;
	maxRows?: number;
	now?: string;
}

const TABLES_EXAMPLE = '[{ "title": "Checks", "columns": ["Check", "Result"], "rows": [["Nodes ready", "pass"]] }]';

export const tableReport: ReportOperation = {
	value: 'tableReport',
	name: 'Table Report',
	action: 'Build a report from tables',
	description: 'A verdict, a headline and tables given as data or expressions, for Render Email',
	labels: { title: 'Title', verdict: 'Verdict', headline: 'Headline', tables: 'Tables', notes: 'Notes', kind: 'Kind', maxRows: 'Max Rows per Table', now: 'Report Time' },
	properties: [
		{ displayName: 'Title', name: 'title', type: 'string', default: TABLE_REPORT_DEFAULTS.title, required: true, description: 'The report’s and the email’s title' },
		{
			displayName: 'Verdict',
			name: 'verdict',
			type: 'options',
			options: [
				{ name: 'Healthy', value: 'healthy' },
				{ name: 'Degraded', value: 'degraded', description: 'Something needs a look' },
				{ name: 'Critical', value: 'critical', description: 'Something is broken until someone acts' },
			],
			default: 'healthy',
			description: 'Shown as a coloured badge and in the subject. Use an expression to decide it from data.',
		},
		{
			displayName: 'Headline',
			name: 'headline',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 2 of 7 checks failed: nodes ready, PVCs bound.',
			description: 'One sentence: what the reader should know first',
		},
		{
			displayName: 'Tables',
			name: 'tables',
			type: 'json',
			default: '[]',
			placeholder: TABLES_EXAMPLE,
			description: `An array of tables, each { title, columns, rows, emptyText?, note?, id? }. A row is an array with one cell per column, or an object keyed by column name. Cells are text, numbers or booleans. Example: ${TABLES_EXAMPLE}.`,
		},
		{
			displayName: 'Notes',
			name: 'notes',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Shown above the tables: one note per line, or an expression giving an array of sentences',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{ displayName: 'Kind', name: 'kind', type: 'string', default: 'table', description: 'The report’s kind, for workflows that route reports by it' },
				maxRowsOption(TABLE_REPORT_DEFAULTS.maxRows),
				reportTimeOption,
			],
		},
	],
	async run(context, itemIndex) {
		const options = context.getNodeParameter('options', itemIndex, {}) as TableOptions;
		const report = buildTableReport({
			title: context.getNodeParameter('title', itemIndex, '') as unknown,
			verdict: context.getNodeParameter('verdict', itemIndex, '') as unknown,
			headline: context.getNodeParameter('headline', itemIndex, '') as unknown,
			tables: context.getNodeParameter('tables', itemIndex, '[]') as unknown,
			notes: context.getNodeParameter('notes', itemIndex, '') as unknown,
			kind: options.kind,
			maxRows: options.maxRows,
			now: reportTime(options.now),
		});
		return { ...report, digest: reportDigest(report) } as unknown as IDataObject;
	},
};
