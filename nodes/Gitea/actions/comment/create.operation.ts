import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createComment } from '../../../shared/gitea';
import { itemsFor } from '../../helpers/output';
import { getIssue as readIssue } from '../../helpers/parameters';
import { errorItemJson, giteaClient, toNodeError } from '../../transport';
import { issueRLC } from '../common.descriptions';

const properties: INodeProperties[] = [
	issueRLC,
	{
		displayName: 'Comment',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Markdown',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const comment = await createComment(client, readIssue.call(this, client, i), this.getNodeParameter('body', i) as string);
			returnData.push(...itemsFor.call(this, comment, i));
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
