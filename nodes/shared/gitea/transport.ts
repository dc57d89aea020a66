/**
 * The one way requests leave for Gitea: server URL normalisation, the HTTP dispatcher (TLS
 * verification on or off, proxy from the environment), a time limit, a size limit, and the
 * translation of every failure — no answer, or an answer that is an error — into a GiteaError.
 */
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';

import { GiteaError, describeTarget, type GiteaTarget } from './errors';

/** Gitea is usually behind a reverse proxy; nginx refuses request bodies over 1 MiB by default. */
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * `https://git.example.com/gitea/api/v1/` → `https://git.example.com/gitea`: the web root, with
 * its sub-path, without trailing slashes or the API prefix (gitea-js adds `/api/v1` itself).
 */
export function normalizeServerUrl(input: string): string {
	const raw = (input ?? '').trim();
	if (raw === '') {
		throw new GiteaError('INVALID_URL', 'Server URL is empty - enter the address of your Gitea, e.g. https://git.example.com', {
			field: 'Server URL',
		});
	}
	if (!/^https?:\/\//i.test(raw)) {
		throw new GiteaError(
			'INVALID_URL',
			`Server URL "${raw}" has no http:// or https:// scheme - write it in full, e.g. https://${raw.replace(/^\/+/, '')}`,
			{ field: 'Server URL' },
		);
	}
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new GiteaError('INVALID_URL', `Server URL "${raw}" is not a valid URL - e.g. https://git.example.com`, {
			field: 'Server URL',
		});
	}
	if (url.username || url.password) {
		throw new GiteaError(
			'INVALID_URL',
			'Server URL must not contain a user name or password - put the access token in the Access Token field instead',
			{ field: 'Server URL' },
		);
	}
	const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/i, '').replace(/\/+$/, '');
	return `${url.origin}${path}`;
}

const dispatchers = new Map<boolean, Dispatcher>();

/** Shared per process so connections are pooled; HTTP(S)_PROXY / NO_PROXY are honoured. */
function dispatcherFor(allowUnauthorizedCerts: boolean): Dispatcher {
	let dispatcher = dispatchers.get(allowUnauthorizedCerts);
	if (!dispatcher) {
		const tls = { rejectUnauthorized: !allowUnauthorizedCerts };
		dispatcher = new EnvHttpProxyAgent({ connect: tls, requestTls: tls });
		dispatchers.set(allowUnauthorizedCerts, dispatcher);
	}
	return dispatcher;
}

export interface TransportOptions {
	allowUnauthorizedCerts: boolean;
	timeoutMs: number;
}

const TLS_ERROR_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_UNTRUSTED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function causeCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function causeMessage(error: unknown): string | undefined {
	const cause = (error as { cause?: unknown })?.cause;
	return cause instanceof Error ? cause.message : undefined;
}

/** A failure before any HTTP answer, in words that say what to check. */
export function networkError(error: unknown, method: string, url: string, timeoutMs: number): GiteaError {
	const request = `${method} ${url}`;
	const origin = new URL(url).origin;
	const name = (error as { name?: unknown })?.name;
	if (name === 'TimeoutError') {
		return new GiteaError(
			'TIMEOUT',
			`Gitea at ${origin} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} - check that the server is up and reachable from n8n`,
			{ request },
		);
	}
	const code = causeCode(error);
	const cause = [code, causeMessage(error)].filter(Boolean).join(': ') || String(error);
	if (causeMessage(error) === 'bad port') {
		return new GiteaError(
			'INVALID_URL',
			`Port ${new URL(url).port} of ${origin} is on the list of ports web clients refuse to connect to - serve Gitea on another port (e.g. 3000 or 443) and update the Server URL`,
			{ field: 'Server URL', request, cause },
		);
	}
	if (code && TLS_ERROR_CODES.has(code)) {
		return new GiteaError(
			'TLS',
			`The TLS certificate of ${origin} was not accepted - if Gitea uses a self-signed or internal certificate, turn on "Ignore SSL Issues (Insecure)" in the Gitea credential, or give n8n the CA with NODE_EXTRA_CA_CERTS`,
			{ request, cause },
		);
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return new GiteaError('NETWORK', `Could not resolve the host of ${origin} - check the Server URL in the Gitea credential`, {
			request,
			cause,
		});
	}
	if (code === 'ECONNREFUSED') {
		return new GiteaError(
			'NETWORK',
			`Nothing is listening at ${origin} (connection refused) - check the Server URL and port in the Gitea credential, and that Gitea is running`,
			{ request, cause },
		);
	}
	return new GiteaError('NETWORK', `Could not reach Gitea at ${origin} - check the Server URL and that n8n can reach it`, {
		request,
		cause,
	});
}

/**
 * A `fetch` for gitea-js's `customFetch`: undici's own fetch with the chosen dispatcher (so the
 * TLS option applies whatever Node's bundled undici is), a time limit, and a size limit checked
 * before anything is sent.
 */
export function createGiteaFetch(options: TransportOptions): typeof fetch {
	const dispatcher = dispatcherFor(options.allowUnauthorizedCerts);
	const giteaFetch = async (input: unknown, init: Record<string, unknown> = {}): Promise<unknown> => {
		const url = String(input);
		const method = String(init.method ?? 'GET').toUpperCase();
		const body = init.body;
		if (typeof body === 'string' && Buffer.byteLength(body) > MAX_REQUEST_BYTES) {
			throw new GiteaError(
				'BODY_TOO_LARGE',
				`The request to Gitea would be ${Buffer.byteLength(body)} bytes, over the ${MAX_REQUEST_BYTES}-byte limit - shorten the text you send`,
				{ request: `${method} ${url}` },
			);
		}
		const timeout = AbortSignal.timeout(options.timeoutMs);
		const signal = init.signal instanceof AbortSignal ? AbortSignal.any([init.signal, timeout]) : timeout;
		try {
			return await undiciFetch(url, { ...init, signal, dispatcher } as Parameters<typeof undiciFetch>[1]);
		} catch (error) {
			throw networkError(error, method, url, options.timeoutMs);
		}
	};
	return giteaFetch as unknown as typeof fetch;
}

/** What the client knows about a request that failed with an HTTP status. */
export interface FailedRequest {
	method: string;
	url: string;
	status: number;
	contentType: string;
	/** Parsed JSON body, or undefined when the body was not JSON. */
	body: unknown;
	target: GiteaTarget;
}

function giteaMessageOf(body: unknown): string | undefined {
	if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
		return (body as { message: string }).message;
	}
	return undefined;
}

/** `[Title]: Required` → `Title`: Gitea's binding errors name the Go field. */
const GITEA_FIELD_NAMES: Record<string, string> = {
	title: 'Title',
	body: 'Body',
	labels: 'Labels',
	name: 'Name',
	color: 'Color',
	assignees: 'Assignees',
	milestone: 'Milestone',
	deadline: 'Due Date',
	due_date: 'Due Date',
};

function fieldOfValidationMessage(message: string | undefined): string | undefined {
	const match = /^\[([A-Za-z_]+)[\],]/.exec(message ?? '');
	return match ? GITEA_FIELD_NAMES[match[1].toLowerCase()] : undefined;
}

function requiredScopeOf(message: string | undefined): string | undefined {
	const match = /required scope\(s\):\s*\[([^\]]+)\]/i.exec(message ?? '');
	return match ? match[1].trim() : undefined;
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

/** Maps an HTTP error answer to a GiteaError whose message says what to do. */
export function errorFromResponse(failed: FailedRequest): GiteaError {
	const { status, method, url, target } = failed;
	const giteaMessage = giteaMessageOf(failed.body);
	const details = { status, giteaMessage, request: `${method} ${url}`, target };
	const what = describeTarget(target);

	if (status === 401) {
		return new GiteaError(
			'AUTH',
			'Authorization failed - please check your credentials: Gitea did not accept the access token (wrong, expired or revoked). Create a new token in Gitea under Settings → Applications and update the Gitea credential',
			details,
		);
	}
	if (status === 403) {
		const scope = requiredScopeOf(giteaMessage);
		if (scope) {
			return new GiteaError(
				'FORBIDDEN',
				`Forbidden - the access token lacks the "${scope}" scope. Create a token with "${scope}" (this node needs write:issue, read:repository, read:user and read:organization) and update the Gitea credential`,
				details,
			);
		}
		const needed = isWrite(method)
			? 'the token needs the "write:issue" scope and its user needs write access to the repository'
			: 'the token needs the "read:issue" scope and its user needs read access to the repository';
		return new GiteaError('FORBIDDEN', `Forbidden - Gitea refused access to ${what}: ${needed}`, details);
	}
	if (status === 404) {
		if (giteaMessage === undefined) {
			return new GiteaError(
				'UNEXPECTED_RESPONSE',
				`The server answered 404 with something that is not Gitea's API - check the Server URL in the Gitea credential (include the sub-path if Gitea is served under one, e.g. https://example.com/gitea)`,
				details,
			);
		}
		return notFoundError(target, details);
	}
	if (status === 413) {
		return new GiteaError(
			'BODY_TOO_LARGE',
			'The request is too large for the server (HTTP 413) - a proxy in front of Gitea limits the request size (nginx allows 1 MiB by default): shorten the Body, or raise client_max_body_size on the proxy',
			details,
		);
	}
	if (status === 422) {
		const field = fieldOfValidationMessage(giteaMessage);
		return new GiteaError(
			'VALIDATION',
			`Gitea rejected the ${field ? `"${field}" value` : 'request'}: ${giteaMessage ?? 'validation failed'}`,
			{ ...details, field },
		);
	}
	if (status >= 500) {
		return new GiteaError(
			'SERVER',
			`Gitea failed to process the request (HTTP ${status})${giteaMessage ? `: ${giteaMessage}` : ''} - try again later; if it persists, look at Gitea's log`,
			details,
		);
	}
	if (giteaMessage === undefined && !failed.contentType.includes('json')) {
		return new GiteaError(
			'UNEXPECTED_RESPONSE',
			`The server answered HTTP ${status} with ${failed.contentType || 'an unknown content type'} instead of Gitea's JSON - check the Server URL in the Gitea credential`,
			details,
		);
	}
	return new GiteaError('REJECTED', `Gitea refused the request (HTTP ${status}): ${giteaMessage ?? 'no reason given'}`, details);
}

export function notFoundError(target: GiteaTarget, details: ConstructorParameters<typeof GiteaError>[2] = {}): GiteaError {
	switch (target.kind) {
		case 'owner':
			return new GiteaError('NOT_FOUND', `Owner "${target.owner}" was not found - check the Owner (user or organization name)`, {
				...details,
				field: 'Owner',
			});
		case 'repository':
			return new GiteaError(
				'NOT_FOUND',
				`Repository ${target.owner}/${target.repo} was not found - check Owner and Repository (the token's user must be able to see it)`,
				{ ...details, field: 'Repository' },
			);
		case 'issue':
			return new GiteaError(
				'NOT_FOUND',
				`Issue #${target.number} was not found in ${target.owner}/${target.repo} - check the Issue number`,
				{ ...details, field: 'Issue' },
			);
		case 'comment':
			return new GiteaError(
				'NOT_FOUND',
				`Comment ${target.id} was not found in ${target.owner}/${target.repo} - check the Comment ID`,
				{ ...details, field: 'Comment ID' },
			);
		default:
			return new GiteaError('NOT_FOUND', `Gitea could not find ${describeTarget(target)}`, details);
	}
}
