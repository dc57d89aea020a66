import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { GiteaClient } from '../../shared/gitea';
import { giteaClient, giteaErrorItemJson, toNodeError } from '../transport';

/**
 * Runs `operation` for every input item, each in its own try/catch, so one bad item neither hides
 * the others' results nor loses its pairing: the result becomes items paired with the input item;
 * a failure stops the node, or with "Continue On Fail" becomes an error item paired with it.
 */
export async function forEachItem(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: (client: GiteaClient, itemIndex: number) => Promise<object | object[]>,
): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const result = await operation(client, i);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result as IDataObject | IDataObject[]), {
					itemData: { item: i },
				}),
			);
		} catch (error) {
			const nodeError = toNodeError(this.getNode(), error, i);
			if (!this.continueOnFail()) throw nodeError;
			returnData.push({ json: giteaErrorItemJson(nodeError, error), pairedItem: { item: i } });
		}
	}
	return returnData;
}
