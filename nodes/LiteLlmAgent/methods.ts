import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	ILoadOptionsFunctions,
	INodeCredentialTestResult,
	INodeListSearchResult,
} from 'n8n-workflow';

import { chatClientFromCredential, type LiteLlmCredentialFields } from './connections';
import { toAgentNodeError } from './errors';

const LIST_TIMEOUT_MS = 15_000;

/** The model picker: the models the proxy lists for this key. */
export async function searchModels(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	let models: string[];
	try {
		const credentials = (await this.getCredentials('liteLlmApi')) as LiteLlmCredentialFields;
		models = await chatClientFromCredential(credentials).listModels({ timeoutMs: LIST_TIMEOUT_MS });
	} catch (error) {
		throw toAgentNodeError(this.getNode(), error);
	}
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: models
			.filter((model) => !needle || model.toLowerCase().includes(needle))
			.sort((a, b) => a.localeCompare(b))
			.map((model) => ({ name: model, value: model })),
	};
}

/** Credential test: list the models, with the extra headers, as a real run would connect. */
export async function liteLlmApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	try {
		const models = await chatClientFromCredential((credential.data ?? {}) as LiteLlmCredentialFields).listModels({ timeoutMs: LIST_TIMEOUT_MS });
		const preview = models.slice(0, 5).join(', ');
		return {
			status: 'OK',
			message: `Connected: ${models.length} model${models.length === 1 ? '' : 's'}${preview ? ` (${preview}${models.length > 5 ? ', …' : ''})` : ''}`,
		};
	} catch (error) {
		return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
	}
}
