import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type ResourceMapperValue,
} from 'n8n-workflow';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { errorItemJson } from '../adapters/errorItems';
import { toNodeError } from '../adapters/mcpErrors';
import {
	argumentsFromFields,
	McpSession,
	parseArgumentsJson,
	parseResourceContents,
	parseToolResult,
	serverConfigFromCredential,
	toolErrorMessage,
	type BinaryPart,
	type McpServerCredentialFields,
	type OutputParsing,
} from '../shared/mcp';
import { MCP_OPERATIONS, type McpOperation } from './description';


interface NodeOptions {
	outputParsing?: OutputParsing;
	requestTimeout?: number;
	totalTimeout?: number;
	validateArguments?: boolean;
}

type OperationRunner = (this: IExecuteFunctions, session: McpSession, itemIndex: number, options: NodeOptions) => Promise<INodeExecutionData[]>;

const asItems = (records: IDataObject[]): INodeExecutionData[] => records.map((json) => ({ json }));

async function binaryData(context: IExecuteFunctions, parts: BinaryPart[]): Promise<INodeExecutionData['binary']> {
	if (parts.length === 0) return undefined;
	const binary: NonNullable<INodeExecutionData['binary']> = {};
	for (const [index, part] of parts.entries()) {
		binary[index === 0 ? 'data' : `data${index}`] = await context.helpers.prepareBinaryData(Buffer.from(part.data, 'base64'), part.fileName, part.mimeType);
	}
	return binary;
}

function toolArguments(context: IExecuteFunctions, itemIndex: number, tool: Tool): Record<string, unknown> {
	if (context.getNodeParameter('argumentsMode', itemIndex, 'json') === 'fields') {
		const mapped = context.getNodeParameter('argumentFields', itemIndex, {}) as ResourceMapperValue;
		return argumentsFromFields(tool, mapped?.value ?? {});
	}
	return parseArgumentsJson(context.getNodeParameter('arguments', itemIndex, '{}'));
}

const operations: Record<McpOperation, OperationRunner> = {
	async listTools(session) {
		const tools = await session.listTools();
		return asItems(tools.map((tool) => ({ ...tool }) as IDataObject));
	},

	async callTool(session, itemIndex, options) {
		const toolName = String(this.getNodeParameter('tool', itemIndex, '', { extractValue: true }) ?? '');
		const tool = await session.findTool(toolName);
		const args = toolArguments(this, itemIndex, tool);
		const result = parseToolResult(
			await session.callTool(tool.name, args, { validate: options.validateArguments !== false }),
			options.outputParsing,
		);
		if (result.isError) {
			throw new NodeOperationError(this.getNode(), `Tool "${tool.name}" failed: ${toolErrorMessage(result)}`, {
				itemIndex,
				description: 'The MCP server ran the tool and reported an error (isError: true).',
			});
		}
		const json: IDataObject = { tool: tool.name, isError: false, format: result.format, text: result.text };
		if (result.data !== undefined) json.data = result.data as IDataObject;
		if (result.structuredContent !== undefined) json.structuredContent = result.structuredContent as IDataObject;
		if (result.problem) json.problem = result.problem;
		if (result.resources.length) json.resources = result.resources as IDataObject[];
		return [{ json, binary: await binaryData(this, result.binaries) }];
	},

	async listResources(session) {
		return asItems((await session.listResources()).map((resource) => ({ ...resource }) as IDataObject));
	},

	async readResource(session, itemIndex, options) {
		const uri = String(this.getNodeParameter('resourceUri', itemIndex, ''));
		const contents = parseResourceContents(await session.readResource(uri), options.outputParsing);
		const items: INodeExecutionData[] = [];
		for (const content of contents) {
			if (content.format === 'binary' && content.binary) {
				items.push({ json: { uri: content.uri, mimeType: content.mimeType, format: 'binary' }, binary: await binaryData(this, [content.binary]) });
			} else {
				items.push({ json: content as unknown as IDataObject });
			}
		}
		return items;
	},

	async listPrompts(session) {
		return asItems((await session.listPrompts()).map((prompt) => ({ ...prompt }) as IDataObject));
	},

	async getPrompt(session, itemIndex) {
		const name = String(this.getNodeParameter('promptName', itemIndex, ''));
		const raw = parseArgumentsJson(this.getNodeParameter('promptArguments', itemIndex, '{}'), 'promptArguments');
		const args = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
		const prompt = await session.getPrompt(name, args);
		return [{ json: { name, ...prompt } as IDataObject }];
	},
};

export async function executeMcpClient(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!(MCP_OPERATIONS as readonly string[]).includes(operation)) {
		throw new NodeOperationError(this.getNode(), `operation "${operation}" is not supported: expected one of ${MCP_OPERATIONS.join(', ')}`);
	}
	const run = operations[operation as McpOperation];
	const options = this.getNodeParameter('options', 0, {}) as NodeOptions;

	let session: McpSession;
	try {
		const credentials = (await this.getCredentials('mcpServerApi')) as McpServerCredentialFields;
		const config = serverConfigFromCredential(credentials, { requestTimeoutMs: options.requestTimeout, totalTimeoutMs: options.totalTimeout });
		// The session follows n8n's cancel signal for its whole life, so calls need not pass it again.
		session = await McpSession.open(config, { signal: this.getExecutionCancelSignal() });
	} catch (error) {
		const nodeError = toNodeError(this.getNode(), error);
		if (!this.continueOnFail()) throw nodeError;
		// Without a session no item can run: each gets the connection error, paired to itself.
		return [items.map((_, itemIndex) => ({ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } }))];
	}

	const returnData: INodeExecutionData[] = [];
	try {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const output = await run.call(this, session, itemIndex, options);
				returnData.push(...this.helpers.constructExecutionMetaData(output, { itemData: { item: itemIndex } }));
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				returnData.push({ json: errorItemJson(nodeError), pairedItem: { item: itemIndex } });
			}
		}
	} finally {
		await session.close();
	}
	return [returnData];
}
