import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as comment from './comment/Comment.resource';
import * as issue from './issue/Issue.resource';
import * as label from './label/Label.resource';
import type { GiteaType } from './node.type';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const gitea = {
		resource: this.getNodeParameter('resource', 0),
		operation: this.getNodeParameter('operation', 0),
	} as GiteaType;

	let returnData: INodeExecutionData[];
	switch (gitea.resource) {
		case 'issue':
			returnData = await issue[gitea.operation].execute.call(this, items);
			break;
		case 'comment':
			returnData = await comment[gitea.operation].execute.call(this, items);
			break;
		case 'label':
			returnData = await label[gitea.operation].execute.call(this, items);
			break;
		default:
			throw new NodeOperationError(this.getNode(), `The resource "${String((gitea as { resource: unknown }).resource)}" is not supported`);
	}
	return [returnData];
}
