import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { listLabels } from '../../../shared/gitea';
import { itemsFor } from '../../helpers/output';
import { getRepository } from '../../helpers/parameters';
import { errorItemJson, giteaClient, toNodeError } from '../../transport';
import { returnAllAndLimit } from '../common.descriptions';

const properties: INodeProperties[] = [...returnAllAndLimit('label', 'getAll')];

export const description = updateDisplayOptions({ show: { resource: ['label'], operation: ['getAll'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
			const labels = await listLabels(
				client,
				getRepository.call(this, client, i),
				returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
			);
			returnData.push(...itemsFor.call(this, labels, i));
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (this.continueOnFail()) {
				returnData.push({ json: errorItemJson(nodeError, error), pairedItem: { item: i } });
				continue;
			}
			throw nodeError;
		}
	}
	return returnData;
}
