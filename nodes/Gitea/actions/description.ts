import type { INodeProperties } from 'n8n-workflow';

import * as comment from './comment/Comment.resource';
import * as issue from './issue/Issue.resource';
import * as label from './label/Label.resource';

/** The node's parameters: the resource, then each resource's operations and fields. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Comment', value: 'comment' },
			{ name: 'Issue', value: 'issue' },
			{ name: 'Label', value: 'label' },
		],
		default: 'issue',
	},
	...issue.description,
	...comment.description,
	...label.description,
];
