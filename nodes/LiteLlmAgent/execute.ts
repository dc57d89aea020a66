import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runAgent, type AgentConfigInput } from '../shared/agent';
import type { ChatClient } from '../shared/llm';
import type { McpServerCredentialFields } from '../shared/mcp';
import {
	chatClientFromCredential,
	combinedTools,
	listParameter,
	openToolSessions,
	type AdditionalServer,
	type LiteLlmCredentialFields,
	type OpenedTools,
} from './connections';
import { agentErrorItemJson, toAgentNodeError } from './errors';

/** A number parameter, which an expression may hand over as text; anything else goes to validation as it is. */
function numeric(value: unknown): unknown {
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return value;
}

function optional(options: IDataObject, name: string): unknown {
	return options[name] === undefined || options[name] === '' ? undefined : numeric(options[name]);
}

/** Reads one item's parameters (expressions resolved) into the agent's settings; the core validates them. */
function agentSettings(context: IExecuteFunctions, itemIndex: number): AgentConfigInput {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const outputMode = context.getNodeParameter('outputMode', itemIndex, 'text') as AgentConfigInput['outputMode'];
	return {
		model: String(context.getNodeParameter('model', itemIndex, '', { extractValue: true }) ?? ''),
		fallbackModels: listParameter(context.getNodeParameter('fallbackModels', itemIndex, '')),
		systemPrompt: String(context.getNodeParameter('systemPrompt', itemIndex, '') ?? ''),
		userPrompt: String(context.getNodeParameter('userPrompt', itemIndex, '') ?? ''),
		maxIterations: numeric(context.getNodeParameter('maxIterations', itemIndex, 10)) as number,
		outputMode,
		jsonSchema: outputMode === 'json' ? (context.getNodeParameter('jsonSchema', itemIndex, '') as AgentConfigInput['jsonSchema']) : undefined,
		temperature: optional(options, 'temperature') as number | undefined,
		maxTokens: optional(options, 'maxTokens') as number | undefined,
		maxToolCalls: optional(options, 'maxToolCalls') as number | undefined,
		toolConcurrency: optional(options, 'toolConcurrency') as number | undefined,
		contextTokens: optional(options, 'contextTokens') as number | undefined,
		toolResultTokens: optional(options, 'toolResultTokens') as number | undefined,
		requestTimeoutMs: optional(options, 'requestTimeoutMs') as number | undefined,
		totalTimeoutMs: optional(options, 'totalTimeoutMs') as number | undefined,
		toolTimeoutMs: optional(options, 'toolTimeoutMs') as number | undefined,
		toolChoice: options.toolChoice as AgentConfigInput['toolChoice'],
		includeTools: listParameter(options.includeTools),
		excludeTools: listParameter(options.excludeTools),
		allowedTools: listParameter(options.allowedTools),
		allowedNamespaces: listParameter(options.allowedNamespaces),
		allowedSecretReads: listParameter(options.allowedSecretReads),
	};
}

export async function executeLiteLlmAgent(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const signal = this.getExecutionCancelSignal() ?? new AbortController().signal;

	let chat: ChatClient;
	let opened: OpenedTools;
	try {
		chat = chatClientFromCredential((await this.getCredentials('liteLlmApi')) as LiteLlmCredentialFields);
		const useCredentialServer = this.getNodeParameter('mcpTools', 0, 'credential') === 'credential';
		opened = await openToolSessions({
			credential: useCredentialServer ? ((await this.getCredentials('mcpServerApi')) as McpServerCredentialFields) : undefined,
			additional: this.getNodeParameter('additionalServers.server', 0, []) as AdditionalServer[],
			signal,
		});
	} catch (error) {
		const nodeError = toAgentNodeError(this.getNode(), error);
		if (!this.continueOnFail()) throw nodeError;
		// Without a model endpoint or tool servers no item can run: each gets the error, paired to itself.
		return [items.map((_, itemIndex) => ({ json: agentErrorItemJson(error, nodeError), pairedItem: { item: itemIndex } }))];
	}

	const tools = combinedTools(opened);
	const returnData: INodeExecutionData[] = [];
	try {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const result = await runAgent(agentSettings(this, itemIndex), { chat, tools, signal });
				returnData.push(...this.helpers.constructExecutionMetaData([{ json: result as unknown as IDataObject }], { itemData: { item: itemIndex } }));
			} catch (error) {
				const nodeError = toAgentNodeError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				returnData.push({ json: agentErrorItemJson(error, nodeError), pairedItem: { item: itemIndex } });
			}
		}
	} finally {
		await opened.close();
	}
	return [returnData];
}
