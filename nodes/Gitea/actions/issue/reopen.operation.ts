import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { setIssueState } from '../../../shared/gitea';
import { itemsFor } from '../../helpers/output';
import { getIssue as readIssue } from '../../helpers/parameters';
import { errorItemJson, giteaClient, toNodeError } from '../../transport';
import { issueRLC } from '../common.descriptions';

const properties: INodeProperties[] = [issueRLC];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['reopen'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const returnData: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			const client = await giteaClient.call(this);
			const ref = readIssue.call(this, client, i);
			const issue = await setIssueState(client, ref, 'open');
			returnData.push(...itemsFor.call(this, issue, i));
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
