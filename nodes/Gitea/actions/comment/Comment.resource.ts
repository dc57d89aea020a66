import type { INodeProperties } from 'n8n-workflow';

import { repositoryLocators } from '../common.descriptions';
import * as create from './create.operation';
import * as deleteComment from './delete.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export { create, deleteComment as delete, getAll, update };

const inComment = { show: { resource: ['comment'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: inComment,
		options: [
			{ name: 'Create', value: 'create', description: 'Comment on an issue', action: 'Create a comment' },
			{ name: 'Delete', value: 'delete', description: 'Delete a comment', action: 'Delete a comment' },
			{ name: 'Get Many', value: 'getAll', description: 'List the comments of an issue', action: 'Get many comments' },
			{ name: 'Update', value: 'update', description: 'Change the text of a comment', action: 'Update a comment' },
		],
		default: 'create',
	},
	...repositoryLocators(inComment),
	...create.description,
	...deleteComment.description,
	...getAll.description,
	...update.description,
];
