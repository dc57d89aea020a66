/** What Create and Create or Comment share: the fields of a new issue, and reading them per item. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CreateIssueInput, GiteaClient } from '../../../shared/gitea';
import { getLabelOptions, getRepository, names } from '../../helpers/parameters';

export const titleProperty: INodeProperties = {
	displayName: 'Title',
	name: 'title',
	type: 'string',
	default: '',
	required: true,
};

export const bodyProperty: INodeProperties = {
	displayName: 'Body',
	name: 'body',
	type: 'string',
	typeOptions: { rows: 6 },
	default: '',
	description: 'Markdown',
};

export const additionalFieldsProperty: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
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
	],
};

interface AdditionalFields {
	assignees?: string;
	milestone?: string;
	dueDate?: string;
}

/** The issue item `itemIndex` asks for: repository, title, body, labels, Additional Fields and label options. */
export function getNewIssue(this: IExecuteFunctions, client: GiteaClient, itemIndex: number): CreateIssueInput {
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as AdditionalFields;
	return {
		...getRepository.call(this, client, itemIndex),
		title: this.getNodeParameter('title', itemIndex) as string,
		body: this.getNodeParameter('body', itemIndex, '') as string,
		labels: names(this.getNodeParameter('labels', itemIndex, '')),
		assignees: names(extra.assignees),
		milestone: extra.milestone,
		dueDate: extra.dueDate,
		...getLabelOptions.call(this, itemIndex),
	};
}
