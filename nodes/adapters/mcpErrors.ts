import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { McpClientError } from '../shared/mcp';

/**
 * Maps a core MCP error to the n8n error a user sees: problems with what the user entered become
 * NodeOperationError; problems on the server's side become NodeApiError with the HTTP status.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!(error instanceof McpClientError)) {
		return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
	}
	const options = { message: error.message, description: error.hint, itemIndex };
	switch (error.code) {
		case 'INVALID_URL':
		case 'INVALID_INPUT':
		case 'UNKNOWN_TOOL':
		case 'CANCELLED':
			return new NodeOperationError(node, error.message, options);
		default: {
			const apiError = new NodeApiError(node, { code: error.code, message: error.message } as JsonObject, {
				...options,
				httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
			});
			// n8n swaps any message mentioning ECONNREFUSED, ENOTFOUND… for a generic sentence that
			// drops the server URL; ours already says what failed and where.
			apiError.message = error.message;
			return apiError;
		}
	}
}
