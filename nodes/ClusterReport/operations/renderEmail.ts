/** Render Email: any report (with an optional model summary) as a subject, HTML and text. */
import type { IDataObject } from 'n8n-workflow';
import { renderReportEmail } from '../../shared/reports';
import type { ReportOperation } from './common';

export const renderEmail: ReportOperation = {
	value: 'renderEmail',
	name: 'Render Email',
	action: 'Render a report as an email',
	description: 'A subject, an HTML body with inline styles and a plain-text body; an optional model summary is shown as untrusted text',
	labels: { report: 'Report', summary: 'Model Summary' },
	properties: [
		{
			displayName: 'Report',
			name: 'report',
			type: 'json',
			default: '={{ $json }}',
			required: true,
			description: 'The output of a report operation of this node (Health Report, Table Report…)',
		},
		{
			displayName: 'Model Summary',
			name: 'summary',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description: 'Optional text from a model, e.g. the LiteLLM Agent’s answer. Shown apart from the facts, escaped; it never changes the verdict or the tables.',
		},
		{
			displayName: 'Model',
			name: 'model',
			type: 'string',
			default: '',
			description: 'Which model wrote the summary, shown beside it',
		},
		{
			displayName: 'Title',
			name: 'title',
			type: 'string',
			default: '',
			description: 'The email’s title; empty means the report’s own title',
		},
	],
	async run(context, itemIndex) {
		return (await renderReportEmail({
			report: context.getNodeParameter('report', itemIndex) as unknown,
			summary: context.getNodeParameter('summary', itemIndex, '') as unknown,
			model: context.getNodeParameter('model', itemIndex, '') as string,
			title: context.getNodeParameter('title', itemIndex, '') as string,
		})) as unknown as IDataObject;
	},
};
