import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { parsePositiveInteger, updateComment } from '../../../shared/gitea';
import { itemsFor } from '../../helpers/output';
import { getRepository } from '../../helpers/parameters';
import { errorItemJson, giteaClient, toNodeError } from '../../transport';
import { commentIdProperty } from './delete.operation';

const properties: INodeProperties[] = [
	commentIdProperty,
	{
		displayName: 'Comment',
		name: 'body',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The new text, in Markdown',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const id = parsePositiveInteger('Comment ID', this.getNodeParameter('commentId', i), 'comment ID, e.g. 1234');
			const comment = await updateComment(client, { ...getRepository.call(this, client, i), id }, this.getNodeParameter('body', i) as string);
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
