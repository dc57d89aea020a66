/** Fields more than one comment operation shows. */
import type { INodeProperties } from 'n8n-workflow';

export const commentIdProperty: INodeProperties = {
	displayName: 'Comment ID',
	name: 'commentId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 1234',
	description: 'The number after #issuecomment- in the comment link, or the ID from Get Many',
};

export const commentBodyProperty: INodeProperties = {
	displayName: 'Comment',
	name: 'body',
	type: 'string',
	typeOptions: { rows: 4 },
	default: '',
	required: true,
	description: 'Markdown',
};
