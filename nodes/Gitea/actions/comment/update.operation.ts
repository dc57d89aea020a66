import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { parsePositiveInteger, updateComment } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getRepository } from '../../helpers/parameters';
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
	return await forEachItem.call(this, items, async (client, i) => {
		const id = parsePositiveInteger('Comment ID', this.getNodeParameter('commentId', i), 'comment ID, e.g. 1234');
		return await updateComment(client, { ...getRepository.call(this, client, i), id }, this.getNodeParameter('body', i) as string);
	});
}
