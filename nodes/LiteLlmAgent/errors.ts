import { errorItemJson } from '../adapters/errorItems';
import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';

import { toNodeError } from '../adapters/mcpErrors';
import { AgentConfigError, AgentError, ToolNameClashError } from '../shared/agent';
import { LlmError } from '../shared/llm';
import { McpClientError } from '../shared/mcp';

/**
 * Maps what the agent core throws to the error a user sees: settings to fix become
 * NodeOperationError naming the parameter; failures of the model endpoint become NodeApiError with
 * the endpoint's status, keeping our message (n8n would swap in a generic one per status).
 */
export function toAgentNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof AgentConfigError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Fix the "${error.label}" parameter.` });
	}
	if (error instanceof AgentError) {
		if (error.code === 'all_models_failed' || error.code === 'auth') {
			const description =
				error.result.fallbacksTried.length > 1
					? error.result.fallbacksTried.map((tried) => `${tried.model}: ${tried.code}`).join('; ')
					: error.code === 'auth'
						? 'Check the API key of the LiteLLM credential.'
						: undefined;
			const apiError = new NodeApiError(node, { code: error.llmError?.code ?? error.code, message: error.message } as JsonObject, {
				message: error.message,
				description,
				httpCode: error.llmError?.status ? String(error.llmError.status) : undefined,
				itemIndex,
			});
			apiError.message = error.message;
			return apiError;
		}
		return new NodeOperationError(node, error.message, { itemIndex });
	}
	if (error instanceof ToolNameClashError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: 'Set a Tool Name Prefix on one of the Additional MCP Servers.',
		});
	}
	if (error instanceof LlmError) {
		const where = error.code === 'invalid_url' ? 'The Base URL of the LiteLLM credential is not valid' : error.message;
		return new NodeOperationError(node, error.code === 'invalid_url' ? `${where}: ${error.serverMessage ?? ''}` : where, { itemIndex });
	}
	if (error instanceof McpClientError) return toNodeError(node, error, itemIndex);
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}

/** The item emitted under "Continue On Fail": the error, plus what the run did before it failed. */
export function agentErrorItemJson(error: unknown, nodeError: NodeApiError | NodeOperationError): IDataObject {
	const details: IDataObject = {};
	if (error instanceof AgentError) {
		Object.assign(details, { code: error.code, ...(error.result as unknown as IDataObject) });
		if (error.llmError) details.cause = error.llmError.code;
	} else if (error instanceof AgentConfigError) {
		Object.assign(details, { code: 'invalid_parameter', parameter: error.label });
	}
	return errorItemJson(nodeError, details);
}
