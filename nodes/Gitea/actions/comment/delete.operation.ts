import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deleteComment, parsePositiveInteger } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getRepository } from '../../helpers/parameters';

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
	return await forEachItem.call(this, items, async (client, i) => {
		const id = parsePositiveInteger('Comment ID', this.getNodeParameter('commentId', i), 'comment ID, e.g. 1234');
		await deleteComment(client, { ...getRepository.call(this, client, i), id });
		return { deleted: true, commentId: id };
	});
}
