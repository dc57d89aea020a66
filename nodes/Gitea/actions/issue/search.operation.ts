import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { searchIssues } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { names } from '../../helpers/parameters';
import { returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	{
		displayName: 'Search Text',
		name: 'search',
		type: 'string',
		default: '',
		placeholder: 'e.g. ERESOLVE',
		description: "Words in the title or body, as Gitea's issue search finds them; empty lists every issue you can read",
	},
	...returnAllAndLimit('issue', 'search'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Labels',
				name: 'labels',
				type: 'string',
				default: '',
				description: 'Only issues with any of these labels (names, comma-separated); Gitea ignores names it does not know',
			},
			{
				displayName: 'Owner',
				name: 'owner',
				type: 'string',
				default: '',
				placeholder: 'e.g. platform',
				description: 'Only repositories of this user or organization',
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

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['search'] } }, properties);

interface SearchFilters {
	labels?: string;
	owner?: string;
	state?: 'open' | 'closed' | 'all';
	before?: string;
	since?: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const filters = this.getNodeParameter('filters', i, {}) as SearchFilters;
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		return await searchIssues(client, {
			search: this.getNodeParameter('search', i, '') as string,
			state: filters.state,
			labels: names(filters.labels),
			owner: filters.owner,
			since: filters.since || undefined,
			before: filters.before || undefined,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
		});
	});
}
