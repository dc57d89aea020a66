import { LlmError } from './errors';

const ENDPOINT_SUFFIXES = ['/chat/completions', '/completions', '/models', '/responses'];

/**
 * Turns what users paste into the base URL the SDK appends `/chat/completions` to.
 * `http://litellm:4000`, `http://litellm:4000/`, `…/v1/` and `…/v1/chat/completions` all become
 * `http://litellm:4000/v1`: LiteLLM serves both `/chat/completions` and `/v1/chat/completions`,
 * while vLLM and Ollama serve only the `/v1` form, so a bare host gets `/v1`. Any other path
 * (a gateway prefix such as `/litellm/v1`) is kept as it is; a query string or fragment is dropped,
 * since the SDK appends paths to the base URL.
 */
export function normaliseBaseUrl(input: string): string {
	const trimmed = input.trim();
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		throw new LlmError('invalid_url', { serverMessage: `"${trimmed}" is not an absolute URL` });
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new LlmError('invalid_url', { serverMessage: `"${trimmed}" must start with http:// or https://` });
	}
	if (url.username || url.password) {
		throw new LlmError('invalid_url', {
			serverMessage: 'put the API key in the credential, not in the URL',
		});
	}
	let path = url.pathname.replace(/\/+$/, '');
	for (const suffix of ENDPOINT_SUFFIXES) {
		if (path.endsWith(suffix)) {
			path = path.slice(0, -suffix.length);
			break;
		}
	}
	if (path === '') path = '/v1';
	return `${url.origin}${path}`;
}
