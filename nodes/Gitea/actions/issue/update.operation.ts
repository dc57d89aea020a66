import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { updateIssue, type UpdateIssueInput } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getIssue as readIssue, getLabelOptions, names } from '../../helpers/parameters';
import { issueRLC, labelOptionsProperty } from '../common.descriptions';

const properties: INodeProperties[] = [
	issueRLC,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Assignees',
				name: 'assignees',
				type: 'string',
				default: '',
				placeholder: 'e.g. alice, bob',
				description: 'User names, comma-separated; they replace the current assignees (empty removes them all)',
			},
			{
				displayName: 'Body',
				name: 'body',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
			},
			{
				displayName: 'Due Date',
				name: 'dueDate',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'e.g. ci-failure, flaky',
				description: 'Label names, comma-separated; they replace the current labels (empty removes them all)',
			},
			{
				displayName: 'Milestone',
				name: 'milestone',
				type: 'string',
				default: '',
				description: 'Milestone title (or ID)',
			},
			{
				displayName: 'Remove Due Date',
				name: 'removeDueDate',
				type: 'boolean',
				default: false,
				description: 'Whether to remove the due date',
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'options',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Closed', value: 'closed' },
				],
				default: 'open',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: '',
			},
		],
	},
	labelOptionsProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['update'] } }, properties);

interface UpdateFields {
	assignees?: string;
	body?: string;
	dueDate?: string;
	labels?: string;
	milestone?: string;
	removeDueDate?: boolean;
	state?: 'open' | 'closed';
	title?: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const fields = this.getNodeParameter('updateFields', i, {}) as UpdateFields;
		// A field added to the collection is an instruction, even when left empty (e.g. "remove all labels").
		const input: UpdateIssueInput = {
			...readIssue.call(this, client, i),
			title: fields.title,
			body: fields.body,
			state: fields.state,
			labels: fields.labels === undefined ? undefined : names(fields.labels),
			assignees: fields.assignees === undefined ? undefined : names(fields.assignees),
			milestone: fields.milestone,
			dueDate: fields.dueDate || undefined,
			removeDueDate: fields.removeDueDate,
			...getLabelOptions.call(this, i),
		};
		return await updateIssue(client, input);
	});
}
