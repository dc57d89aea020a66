import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { properties } from './actions/description';
import { router } from './actions/router';
import { listSearch } from './methods';

export class Gitea implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Gitea',
		name: 'gitea',
		icon: { light: 'file:gitea.svg', dark: 'file:gitea.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'File, find, update and comment on Gitea issues, with one issue per distinct failure',
		defaults: { name: 'Gitea' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'giteaApi', required: true }],
		properties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
