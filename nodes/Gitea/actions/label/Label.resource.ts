import type { INodeProperties } from 'n8n-workflow';

import { repositoryLocators } from '../common.descriptions';
import * as create from './create.operation';
import * as getAll from './getAll.operation';

export { create, getAll };

const inLabel = { show: { resource: ['label'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: inLabel,
		options: [
			{ name: 'Create', value: 'create', description: 'Create a label in a repository', action: 'Create a label' },
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the labels of a repository and its organization',
				action: 'Get many labels',
			},
		],
		default: 'getAll',
	},
	...repositoryLocators(inLabel),
	...create.description,
	...getAll.description,
];
