import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';

import { liteLlmAgentProperties } from './description';
import { executeLiteLlmAgent } from './execute';
import { mcpServerApiTest } from '../McpClient/methods';
import { liteLlmApiTest, searchModels } from './methods';

export class LiteLlmAgent implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'LiteLLM Agent',
		name: 'liteLlmAgent',
		icon: { light: 'file:litellm.svg', dark: 'file:litellm.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["model"].value}}',
		description: 'A tool-calling agent over a LiteLLM (OpenAI-compatible) endpoint that uses MCP tools, read-only by default',
		defaults: { name: 'LiteLLM Agent' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'liteLlmApi', required: true, testedBy: 'liteLlmApiTest' },
			{ name: 'mcpServerApi', required: true, testedBy: 'mcpServerApiTest', displayOptions: { show: { mcpTools: ['credential'] } } },
		],
		properties: liteLlmAgentProperties,
	};

	methods = {
		listSearch: { searchModels },
		credentialTest: { liteLlmApiTest, mcpServerApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeLiteLlmAgent.call(this);
	}
}
