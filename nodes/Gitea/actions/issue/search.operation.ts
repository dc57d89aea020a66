import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { searchIssues } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getLimit } from '../../helpers/parameters';
import { returnAllAndLimit } from '../common.descriptions';
import { filtersProperty, issueFilters, issueStateFilter, updatedRangeFilters, type IssueFilterValues } from '../filters';

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
	filtersProperty([
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
		issueStateFilter,
		...updatedRangeFilters,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['search'] } }, properties);

interface SearchFilters extends IssueFilterValues {
	owner?: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const filters = this.getNodeParameter('filters', i, {}) as SearchFilters;
		return await searchIssues(client, {
			search: this.getNodeParameter('search', i, '') as string,
			...issueFilters(filters),
			owner: filters.owner,
			limit: getLimit.call(this, i),
		});
	});
}
