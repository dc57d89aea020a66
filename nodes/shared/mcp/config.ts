import { z } from 'zod';
import { McpClientError } from './errors';

export type McpTransportKind = 'streamable-http' | 'sse';
export type McpTransportChoice = McpTransportKind | 'auto';

export interface McpServerConfig {
	url: string;
	transport: McpTransportChoice;
	/** Sent with every HTTP request (authentication and custom headers). */
	headers: Record<string, string>;
	/** Cap on each MCP request. */
	requestTimeoutMs: number;
	/** Cap on the whole session, from connect to close; none when undefined. */
	totalTimeoutMs?: number;
	/**
	 * The user trusts this server's tool annotations (`readOnlyHint`): the agent then offers tools
	 * annotated read-only. Off by default, as the MCP specification advises for servers not trusted.
	 */
	trustAnnotations?: boolean;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** Accepts both spellings users meet: the contract's `streamable-http` and n8n option values. */
export function parseTransportChoice(value: unknown, field = 'transport'): McpTransportChoice {
	const normalised = String(value ?? 'auto')
		.trim()
		.toLowerCase()
		.replace(/[_\s]/g, '-');
	if (normalised === '' || normalised === 'auto') return 'auto';
	if (normalised === 'sse') return 'sse';
	if (normalised === 'streamable-http' || normalised === 'streamablehttp' || normalised === 'http') return 'streamable-http';
	throw new McpClientError('INVALID_INPUT', `${field} must be "auto", "streamable-http" or "sse", got "${String(value)}"`, {
		field,
	});
}

/** Checks a server URL before any connection is attempted, so a typo never becomes a network error. */
export function parseServerUrl(raw: unknown, field = 'url'): URL {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (!text) throw new McpClientError('INVALID_URL', `${field} is empty: expected the MCP server URL, e.g. http://mcp.example:8080/mcp`, { field });
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		throw new McpClientError('INVALID_URL', `${field} "${text}" has no scheme: expected http:// or https://, e.g. http://${text}`, {
			field,
		});
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new McpClientError('INVALID_URL', `${field} "${text}" is not a valid URL`, { field });
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new McpClientError('INVALID_URL', `${field} "${text}" uses ${url.protocol.slice(0, -1)}: expected http:// or https://`, {
			field,
		});
	}
	return url;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses custom headers written one per line as `Name: value`. Only the first colon separates, so
 * values may hold spaces, `=` and further colons (`Cookie: a=b; c=d`, `X-Url: http://x`).
 */
export function parseHeaderLines(text: string | undefined, field = 'headers'): Record<string, string> {
	const headers: Record<string, string> = {};
	const lines = (text ?? '').split(/\r?\n/);
	lines.forEach((line, index) => {
		if (!line.trim() || line.trim().startsWith('#')) return;
		const colon = line.indexOf(':');
		const name = colon > 0 ? line.slice(0, colon).trim() : '';
		if (!name || !HEADER_NAME.test(name)) {
			throw new McpClientError('INVALID_INPUT', `${field} line ${index + 1} is not "Name: value"`, { field });
		}
		headers[name] = line.slice(colon + 1).trim();
	});
	return headers;
}

const timeoutSchema = z.number().int().positive();

export function buildServerConfig(input: {
	url: unknown;
	transport?: unknown;
	authentication?: 'none' | 'bearer' | 'headers';
	token?: string;
	headerLines?: string;
	requestTimeoutMs?: number;
	totalTimeoutMs?: number;
	trustAnnotations?: boolean;
}): McpServerConfig {
	const url = parseServerUrl(input.url);
	const transport = parseTransportChoice(input.transport);
	const headers: Record<string, string> = {};
	if (input.authentication === 'bearer') {
		const token = (input.token ?? '').trim();
		if (!token) throw new McpClientError('INVALID_INPUT', 'token is empty: bearer authentication needs a token', { field: 'token' });
		headers.Authorization = `Bearer ${token}`;
	} else if (input.authentication === 'headers') {
		Object.assign(headers, parseHeaderLines(input.headerLines));
	}
	const requestTimeoutMs = input.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
	if (!timeoutSchema.safeParse(requestTimeoutMs).success) {
		throw new McpClientError('INVALID_INPUT', `timeout must be a positive number of milliseconds, got ${requestTimeoutMs}`, {
			field: 'timeout',
		});
	}
	if (input.totalTimeoutMs !== undefined && !timeoutSchema.safeParse(input.totalTimeoutMs).success) {
		throw new McpClientError('INVALID_INPUT', `totalTimeout must be a positive number of milliseconds, got ${input.totalTimeoutMs}`, {
			field: 'totalTimeout',
		});
	}
	return {
		url: url.href,
		transport,
		headers,
		requestTimeoutMs,
		totalTimeoutMs: input.totalTimeoutMs,
		...(input.trustAnnotations === true ? { trustAnnotations: true } : {}),
	};
}

/** The `mcpServerApi` credential's fields, as n8n hands them over. */
export interface McpServerCredentialFields {
	url?: unknown;
	transport?: unknown;
	authentication?: unknown;
	token?: unknown;
	headers?: unknown;
	timeout?: unknown;
	/** "Trust Tool Annotations": only the boolean `true` turns it on. */
	trustAnnotations?: unknown;
}

export function serverConfigFromCredential(fields: McpServerCredentialFields, overrides: { requestTimeoutMs?: number; totalTimeoutMs?: number } = {}): McpServerConfig {
	const authentication = fields.authentication === 'bearer' || fields.authentication === 'headers' ? fields.authentication : 'none';
	const timeout = Number(fields.timeout);
	return buildServerConfig({
		url: fields.url,
		transport: fields.transport,
		authentication,
		token: typeof fields.token === 'string' ? fields.token : undefined,
		headerLines: typeof fields.headers === 'string' ? fields.headers : undefined,
		requestTimeoutMs: overrides.requestTimeoutMs ?? (Number.isFinite(timeout) && timeout > 0 ? timeout : undefined),
		totalTimeoutMs: overrides.totalTimeoutMs,
		trustAnnotations: fields.trustAnnotations === true,
	});
}
