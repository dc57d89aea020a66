import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listIssues } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getRepository, names } from '../../helpers/parameters';
import { returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	...returnAllAndLimit('issue', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Assigned To',
				name: 'assignedTo',
				type: 'string',
				default: '',
				placeholder: 'e.g. alice',
				description: 'Only issues assigned to this user',
			},
			{
				displayName: 'Created By',
				name: 'createdBy',
				type: 'string',
				default: '',
				placeholder: 'e.g. ci-bot',
				description: 'Only issues this user created',
			},
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				placeholder: 'e.g. ci-failure, flaky',
				description: 'Only issues with any of these labels (names, comma-separated); an unknown name is an error',
			},
			{
				displayName: 'Milestone',
				name: 'milestone',
				type: 'string',
				default: '',
				description: 'Only issues in this milestone (title or ID)',
			},
			{
				displayName: 'Search Text',
				name: 'search',
				type: 'string',
				default: '',
				description: "Words in the title or body, as Gitea's issue search finds them",
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'options',
				options: [
					{ name: 'Open', value: 'open' },
					{ name: 'Closed', value: 'closed' },
					{ name: 'All', value: 'all' },
				],
				default: 'open',
			},
			{
				displayName: 'Updated Before',
				name: 'before',
				type: 'dateTime',
				default: '',
			},
			{
				displayName: 'Updated Since',
				name: 'since',
				type: 'dateTime',
				default: '',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['getAll'] } }, properties);

interface IssueFilters {
	assignedTo?: string;
	createdBy?: string;
	labels?: string;
	milestone?: string;
	search?: string;
	state?: 'open' | 'closed' | 'all';
	before?: string;
	since?: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IssueFilters;
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		return await listIssues(client, {
			...getRepository.call(this, client, i),
			state: filters.state,
			labels: names(filters.labels),
			search: filters.search,
			since: filters.since || undefined,
			before: filters.before || undefined,
			createdBy: filters.createdBy || undefined,
			assignedTo: filters.assignedTo || undefined,
			milestone: filters.milestone,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
		});
	});
}
