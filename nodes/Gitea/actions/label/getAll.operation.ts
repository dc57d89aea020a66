import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listLabels } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getLimit, getRepository } from '../../helpers/parameters';
import { returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [...returnAllAndLimit('label', 'getAll')];

export const description = updateDisplayOptions({ show: { resource: ['label'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		return await listLabels(client, getRepository.call(this, client, i), getLimit.call(this, i));
	});
}
