import type { INodeProperties } from 'n8n-workflow';

import { repositoryLocators } from '../common.descriptions';
import * as close from './close.operation';
import * as create from './create.operation';
import * as createOrComment from './createOrComment.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as reopen from './reopen.operation';
import * as search from './search.operation';
import * as update from './update.operation';

export { close, create, createOrComment, get, getAll, reopen, search, update };

const inRepository = { show: { resource: ['issue'], operation: ['close', 'create', 'createOrComment', 'get', 'getAll', 'reopen', 'update'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['issue'] } },
		options: [
			{ name: 'Close', value: 'close', description: 'Close an issue', action: 'Close an issue' },
			{ name: 'Create', value: 'create', description: 'Create an issue', action: 'Create an issue' },
			{
				name: 'Create or Comment',
				value: 'createOrComment',
				description:
					'Comment on the open issue that carries the same fingerprint, or create it: one issue per distinct failure',
				action: 'Create an issue or comment on its duplicate',
			},
			{ name: 'Get', value: 'get', description: 'Get an issue', action: 'Get an issue' },
			{ name: 'Get Many', value: 'getAll', description: 'List the issues of a repository', action: 'Get many issues' },
			{ name: 'Reopen', value: 'reopen', description: 'Reopen a closed issue', action: 'Reopen an issue' },
			{
				name: 'Search',
				value: 'search',
				description: 'Search issues across every repository the token can read',
				action: 'Search issues',
			},
			{ name: 'Update', value: 'update', description: 'Change an issue', action: 'Update an issue' },
		],
		default: 'createOrComment',
	},
	...repositoryLocators(inRepository),
	...close.description,
	...create.description,
	...createOrComment.description,
	...get.description,
	...getAll.description,
	...reopen.description,
	...search.description,
	...update.description,
];
