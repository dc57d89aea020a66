import type { IDataObject, NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The item a node emits for a failed input item under Continue On Fail: `{ error, details }`.
 * n8n moves an item to the error output ("Continue (using error output)") only when its JSON has
 * no keys but error / message / details, so everything else goes under `details`.
 */
export function errorItemJson(nodeError: NodeApiError | NodeOperationError, details: IDataObject = {}): IDataObject {
	const all: IDataObject = { ...(nodeError.description ? { description: nodeError.description } : {}), ...details };
	return Object.keys(all).length ? { error: nodeError.message, details: all } : { error: nodeError.message };
}
