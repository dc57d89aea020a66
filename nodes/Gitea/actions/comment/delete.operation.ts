import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { deleteComment } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getComment } from '../../helpers/parameters';
import { commentIdProperty } from './fields';

const properties: INodeProperties[] = [commentIdProperty];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['delete'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const comment = getComment.call(this, client, i);
		await deleteComment(client, comment);
		return { deleted: true, commentId: comment.id };
	});
}
