import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { mcpClientProperties } from './description';
import { executeMcpClient } from './execute';
import { getToolArgumentFields, mcpServerApiTest, searchTools } from './methods';

export class McpClient implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MCP Client',
		name: 'mcpClient',
		icon: { light: 'file:mcp.svg', dark: 'file:mcp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "callTool" ? $parameter["tool"].value : $parameter["operation"]}}',
		description: 'Call tools, read resources and get prompts from a Model Context Protocol server',
		defaults: { name: 'MCP Client' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mcpServerApi', required: true, testedBy: 'mcpServerApiTest' }],
		properties: mcpClientProperties,
	};

	methods = {
		listSearch: { searchTools },
		resourceMapping: { getToolArgumentFields },
		credentialTest: { mcpServerApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeMcpClient.call(this);
	}
}
