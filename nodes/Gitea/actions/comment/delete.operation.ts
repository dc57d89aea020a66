import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deleteComment, parsePositiveInteger } from '../../../shared/gitea';
import { itemsFor } from '../../helpers/output';
import { getRepository } from '../../helpers/parameters';
import { errorItemJson, giteaClient, toNodeError } from '../../transport';

export const commentIdProperty: INodeProperties = {
	displayName: 'Comment ID',
	name: 'commentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1234',
	description: 'The number after #issuecomment- in the comment link, or the ID from Get Many',
};

const properties: INodeProperties[] = [commentIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const id = parsePositiveInteger('Comment ID', this.getNodeParameter('commentId', i), 'comment ID, e.g. 1234');
			await deleteComment(client, { ...getRepository.call(this, client, i), id });
			returnData.push(...itemsFor.call(this, { deleted: true, commentId: id }, i));
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
