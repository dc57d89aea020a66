import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listComments } from '../../../shared/gitea';
import { itemsFor } from '../../helpers/output';
import { getIssue as readIssue } from '../../helpers/parameters';
import { errorItemJson, giteaClient, toNodeError } from '../../transport';
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
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const filters = this.getNodeParameter('filters', i, {}) as { since?: string; before?: string };
			const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
			const comments = await listComments(client, {
				...readIssue.call(this, client, i),
				since: filters.since || undefined,
				before: filters.before || undefined,
				limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
			});
			returnData.push(...itemsFor.call(this, comments, i));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (this.continueOnFail()) {
				returnData.push({ json: errorItemJson(nodeError, error), pairedItem: { item: i } });
				continue;
			}
			throw nodeError;
		}
	}
	return returnData;
}
