import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createComment } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { getIssue as readIssue } from '../../helpers/parameters';
import { issueRLC } from '../common.descriptions';
import { commentBodyProperty } from './fields';

const properties: INodeProperties[] = [issueRLC, commentBodyProperty];

export const description = updateDisplayOptions({ show: { resource: ['comment'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => {
		return await createComment(client, readIssue.call(this, client, i), this.getNodeParameter('body', i) as string);
	});
}
