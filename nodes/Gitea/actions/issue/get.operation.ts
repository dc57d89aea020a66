import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { getIssue } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getIssue as readIssue } from '../../helpers/parameters';
import { issueRLC } from '../common.descriptions';

const properties: INodeProperties[] = [issueRLC];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['get'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		const ref = readIssue.call(this, client, i);
		return await getIssue(client, ref);
	});
}
