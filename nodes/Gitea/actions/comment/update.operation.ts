import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { updateComment } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getComment } from '../../helpers/parameters';
import { commentBodyProperty, commentIdProperty } from './fields';

const properties: INodeProperties[] = [commentIdProperty, { ...commentBodyProperty, description: 'The new text, in Markdown' }];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['update'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		return await updateComment(client, getComment.call(this, client, i), this.getNodeParameter('body', i) as string);
	});
}
