import { errorItemJson } from '../../adapters/errorItems';
/**
 * The node's side of the transport: builds the core GiteaClient from the credential (one per
 * execution or editor call) and turns GiteaErrors into the n8n errors a user sees.
 */
import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INode,
	type IDataObject,
	type JsonObject,
} from 'n8n-workflow';

import { GiteaClient, GiteaError } from '../../shared/gitea';

type GiteaContext = IExecuteFunctions | ILoadOptionsFunctions;

const clients = new WeakMap<object, Promise<GiteaClient>>();

export function clientFromCredentials(credentials: ICredentialDataDecryptedObject): GiteaClient {
	return new GiteaClient({
		serverUrl: String(credentials.server ?? ''),
		accessToken: String(credentials.accessToken ?? ''),
		allowUnauthorizedCerts: credentials.allowUnauthorizedCerts === true,
	});
}

/** The client for this execution (or editor call), created on first use from the `giteaApi` credential. */
export function giteaClient(this: GiteaContext): Promise<GiteaClient> {
	let client = clients.get(this);
	if (!client) {
		client = this.getCredentials('giteaApi').then(clientFromCredentials);
		clients.set(this, client);
	}
	return client;
}

/**
 * Input problems become NodeOperationError; anything Gitea (or the network) answered becomes
 * NodeApiError with the HTTP status. The message is always ours: it says what to do.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!(error instanceof GiteaError)) {
		return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
	}
	if (error.code === 'INVALID_INPUT' || error.code === 'INVALID_URL') {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: error.field ? `Check the "${error.field}" field.` : undefined,
		});
	}
	const apiError = new NodeApiError(node, { message: error.message, code: error.code } as JsonObject, {
		message: error.message,
		description: error.describe(),
		httpCode: error.status !== undefined ? String(error.status) : undefined,
		itemIndex,
	});
	// n8n replaces messages that mention system error codes with generic ones; ours name the server.
	apiError.message = error.message;
	return apiError;
}

/** The json of an item that failed while "Continue On Fail" is on. */
export function giteaErrorItemJson(error: NodeApiError | NodeOperationError, cause: unknown): IDataObject {
	const details: IDataObject = {};
	if (cause instanceof GiteaError) {
		details.code = cause.code;
		if (cause.field) details.field = cause.field;
		if (cause.status !== undefined) details.httpCode = cause.status;
	}
	return errorItemJson(error, details);
}
