import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createIssue } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getRepository, names } from '../../helpers/parameters';
import { labelOptions, labelsProperty } from '../common.descriptions';

export const issueExtraFields: INodeProperties[] = [
	{
		displayName: 'Assignees',
		name: 'assignees',
		type: 'string',
		default: '',
		placeholder: 'e.g. alice, bob',
		description: 'User names, comma-separated',
	},
	{
		displayName: 'Milestone',
		name: 'milestone',
		type: 'string',
		default: '',
		placeholder: 'e.g. v1.2',
		description: 'Milestone title (or ID)',
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'dateTime',
		default: '',
		description: 'Gitea keeps the date only',
	},
];

const properties: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. npm ERESOLVE in build/step-install',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description: 'Markdown',
	},
	labelsProperty,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: issueExtraFields,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: labelOptions,
	},
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['create'] } }, properties);

export interface IssueExtraFields {
	assignees?: string;
	milestone?: string;
	dueDate?: string;
}

export interface LabelOptionValues {
	createMissingLabels?: boolean;
	labelColor?: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IssueExtraFields;
		const options = this.getNodeParameter('options', i, {}) as LabelOptionValues;
		return await createIssue(client, {
			...getRepository.call(this, client, i),
			title: this.getNodeParameter('title', i) as string,
			body: this.getNodeParameter('body', i, '') as string,
			labels: names(this.getNodeParameter('labels', i, '')),
			assignees: names(extra.assignees),
			milestone: extra.milestone,
			dueDate: extra.dueDate,
			createMissingLabels: options.createMissingLabels,
			labelColor: options.labelColor,
		});
	});
}
