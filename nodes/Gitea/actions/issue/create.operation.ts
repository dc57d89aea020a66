import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import { createIssue } from '../../../shared/gitea';
import { forEachItem } from '../../helpers/forEachItem';
import { labelOptionsProperty, labelsProperty } from '../common.descriptions';
import { additionalFieldsProperty, bodyProperty, getNewIssue, titleProperty } from './newIssue';

const properties: INodeProperties[] = [
	{ ...titleProperty, placeholder: 'e.g. npm ERESOLVE in build/step-install' },
	bodyProperty,
	labelsProperty,
	additionalFieldsProperty,
	labelOptionsProperty,
];

export const description = updateDisplayOptions({ show: { resource: ['issue'], operation: ['create'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await forEachItem.call(this, items, async (client, i) => await createIssue(client, getNewIssue.call(this, client, i)));
}
