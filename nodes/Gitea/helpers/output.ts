import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

/** Items for the output of input item `itemIndex`, paired with it. */
export function itemsFor(this: IExecuteFunctions, data: object | object[], itemIndex: number): INodeExecutionData[] {
	return this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data as IDataObject | IDataObject[]), {
		itemData: { item: itemIndex },
	});
}
