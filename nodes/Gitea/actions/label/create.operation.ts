import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createLabel } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getRepository } from '../../helpers/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ci-failure',
	},
	{
		displayName: 'Color',
		name: 'color',
		type: 'color',
		default: '#e11d21',
		required: true,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{
				displayName: 'Exclusive',
				name: 'exclusive',
				type: 'boolean',
				default: false,
				description: 'Whether an issue can carry only one label of this scope (for scoped names like "priority/high")',
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['label'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const extra = this.getNodeParameter('additionalFields', i, {}) as { description?: string; exclusive?: boolean };
		return await createLabel(client, {
			...getRepository.call(this, client, i),
			name: this.getNodeParameter('name', i) as string,
			color: this.getNodeParameter('color', i) as string,
			description: extra.description,
			exclusive: extra.exclusive,
		});
	});
}
