import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listComments } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getIssue as readIssue, getLimit } from '../../helpers/parameters';
import { issueRLC, returnAllAndLimit } from '../common.descriptions';
import { filtersProperty, updatedRange, updatedRangeFilters, type UpdatedRangeValues } from '../filters';

const properties: INodeProperties[] = [
	issueRLC,
	...returnAllAndLimit('comment', 'getAll'),
	filtersProperty(updatedRangeFilters),
];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const filters = this.getNodeParameter('filters', i, {}) as UpdatedRangeValues;
		return await listComments(client, {
			...readIssue.call(this, client, i),
			...updatedRange(filters),
			limit: getLimit.call(this, i),
		});
	});
}
