import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listComments } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getIssue as readIssue } from '../../helpers/parameters';
import { issueRLC, returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [
	issueRLC,
	...returnAllAndLimit('comment', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{ displayName: 'Updated Before', name: 'before', type: 'dateTime', default: '' },
			{ displayName: 'Updated Since', name: 'since', type: 'dateTime', default: '' },
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const filters = this.getNodeParameter('filters', i, {}) as { since?: string; before?: string };
		const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
		return await listComments(client, {
			...readIssue.call(this, client, i),
			since: filters.since || undefined,
			before: filters.before || undefined,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
		});
	});
}
