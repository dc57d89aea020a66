import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createOrComment } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getRepository, names } from '../../helpers/parameters';
import { labelOptions, labelsProperty } from '../common.descriptions';
import { issueExtraFields, type IssueExtraFields, type LabelOptionValues } from './create.operation';

const properties: INodeProperties[] = [
	{
		displayName: 'Fingerprint',
		name: 'fingerprint',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.fingerprint }}',
		description:
			'What makes two failures the same failure: the Failure Triage node computes one, or use any stable expression. Stored invisibly in the issue body.',
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		required: true,
		description: 'Used when a new issue is created',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		description: 'Markdown; used when a new issue is created',
	},
	{ ...labelsProperty, description: 'Label names, comma-separated; applied when a new issue is created' },
	{
		displayName: 'Run URL',
		name: 'runUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://tekton.example.com/#/namespaces/ci/pipelineruns/build-42',
		description: 'Link to the run that failed; shown in the comment when the issue already exists',
	},
	{
		displayName: 'Comment Text',
		name: 'commentText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Extra Markdown for the comment when the issue already exists, e.g. a summary of this run',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Applied when a new issue is created',
		options: issueExtraFields,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			...labelOptions,
			{
				displayName: 'Match Issues by Any Author',
				name: 'matchAnyAuthor',
				type: 'boolean',
				default: false,
				description:
					"Whether to also look at open issues created by other users than the token's user (slower on busy repositories)",
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['createOrComment'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as IssueExtraFields;
		const options = this.getNodeParameter('options', i, {}) as LabelOptionValues & { matchAnyAuthor?: boolean };
		return await createOrComment(client, {
			...getRepository.call(this, client, i),
			fingerprint: this.getNodeParameter('fingerprint', i) as string,
			title: this.getNodeParameter('title', i) as string,
			body: this.getNodeParameter('body', i, '') as string,
			labels: names(this.getNodeParameter('labels', i, '')),
			runUrl: this.getNodeParameter('runUrl', i, '') as string,
			commentText: this.getNodeParameter('commentText', i, '') as string,
			assignees: names(extra.assignees),
			milestone: extra.milestone,
			dueDate: extra.dueDate,
			createMissingLabels: options.createMissingLabels,
			labelColor: options.labelColor,
			matchAnyAuthor: options.matchAnyAuthor,
		});
	});
}
