import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listIssues } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getLimit, getRepository } from '../../helpers/parameters';
import { returnAllAndLimit } from '../common.descriptions';
import { filtersProperty, issueFilters, issueStateFilter, updatedRangeFilters, type IssueFilterValues } from '../filters';

const properties: INodeProperties[] = [
	...returnAllAndLimit('issue', 'getAll'),
	filtersProperty([
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
		issueStateFilter,
		...updatedRangeFilters,
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['getAll'] } }, properties);

interface IssueFilters extends IssueFilterValues {
	assignedTo?: string;
	createdBy?: string;
	milestone?: string;
	search?: string;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const filters = this.getNodeParameter('filters', i, {}) as IssueFilters;
		return await listIssues(client, {
			...getRepository.call(this, client, i),
			...issueFilters(filters),
			search: filters.search,
			createdBy: filters.createdBy || undefined,
			assignedTo: filters.assignedTo || undefined,
			milestone: filters.milestone,
			limit: getLimit.call(this, i),
		});
	});
}
