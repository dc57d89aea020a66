import { McpError as SdkMcpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { ZodError } from 'zod';
import { redactErrorText } from '../redact/redact';

/** Every failure of the MCP layer is one of these; the node maps them to n8n errors. */
export type McpErrorCode =
	| 'INVALID_URL'
	| 'INVALID_INPUT'
	| 'AUTH'
	| 'CONNECTION'
	| 'TIMEOUT'
	| 'CANCELLED'
	| 'NOT_MCP'
	| 'SESSION_EXPIRED'
	| 'PROTOCOL'
	| 'UNKNOWN_TOOL'
	| 'TOOL';

export class McpClientError extends Error {
	readonly code: McpErrorCode;
	/** What the user can do about it. */
	readonly hint?: string;
	readonly httpStatus?: number;
	/** The parameter or field the error is about, when it is about one. */
	readonly field?: string;

	constructor(
		code: McpErrorCode,
		message: string,
		options: { hint?: string; httpStatus?: number; field?: string; cause?: unknown } = {},
	) {
		// Messages quote server URLs and server answers: `?token=`, `user:pw@` and secrets in them go first.
		super(redactErrorText(message), options.cause === undefined ? undefined : { cause: options.cause });
		this.name = 'McpClientError';
		this.code = code;
		this.hint = options.hint === undefined ? undefined : redactErrorText(options.hint);
		this.httpStatus = options.httpStatus;
		this.field = options.field;
	}
}

export interface ErrorContext {
	url: string;
	/** What we were doing, e.g. "connecting" or "calling tool pods_get". */
	action: string;
}

const NETWORK_CODES: Record<string, { code: McpErrorCode; text: string }> = {
	ECONNREFUSED: { code: 'CONNECTION', text: 'connection refused' },
	ECONNRESET: { code: 'CONNECTION', text: 'connection reset by the server' },
	EPIPE: { code: 'CONNECTION', text: 'connection closed by the server' },
	ENOTFOUND: { code: 'CONNECTION', text: 'unknown host' },
	EAI_AGAIN: { code: 'CONNECTION', text: 'host name lookup failed' },
	EHOSTUNREACH: { code: 'CONNECTION', text: 'host unreachable' },
	ENETUNREACH: { code: 'CONNECTION', text: 'network unreachable' },
	ETIMEDOUT: { code: 'TIMEOUT', text: 'connection timed out' },
	UND_ERR_CONNECT_TIMEOUT: { code: 'TIMEOUT', text: 'connection timed out' },
	UND_ERR_HEADERS_TIMEOUT: { code: 'TIMEOUT', text: 'server sent no response headers in time' },
	UND_ERR_SOCKET: { code: 'CONNECTION', text: 'connection closed unexpectedly' },
	CERT_HAS_EXPIRED: { code: 'CONNECTION', text: 'TLS certificate has expired' },
	DEPTH_ZERO_SELF_SIGNED_CERT: { code: 'CONNECTION', text: 'TLS certificate is self-signed' },
	SELF_SIGNED_CERT_IN_CHAIN: { code: 'CONNECTION', text: 'TLS certificate chain is self-signed' },
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: { code: 'CONNECTION', text: 'TLS certificate cannot be verified' },
	ERR_TLS_CERT_ALTNAME_INVALID: { code: 'CONNECTION', text: 'TLS certificate does not match the host name' },
};

/** Walks `cause` chains (fetch wraps socket errors as `TypeError: fetch failed`). */
function networkCodeOf(error: unknown): string | undefined {
	for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && code in NETWORK_CODES) return code;
		if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
		else e = (e as { cause?: unknown }).cause;
	}
	const text = error instanceof Error ? error.message : String(error);
	return Object.keys(NETWORK_CODES).find((code) => text.includes(code));
}

function httpStatusOf(error: unknown): number | undefined {
	if (error instanceof StreamableHTTPError || error instanceof SseError) {
		return typeof error.code === 'number' && error.code >= 100 ? error.code : undefined;
	}
	const match = /\(HTTP (\d{3})\)/.exec(error instanceof Error ? error.message : '');
	return match ? Number(match[1]) : undefined;
}

export function authError(url: string, status: number): McpClientError {
	return new McpClientError(
		'AUTH',
		status === 401
			? `The MCP server at ${url} rejected the credentials (HTTP 401)`
			: `The MCP server at ${url} refused access (HTTP 403)`,
		{
			httpStatus: status,
			hint:
				status === 401
					? 'Check the bearer token or the authentication headers in the MCP Server credential.'
					: 'The token is valid but lacks permission for this server; check its scopes or the gateway policy.',
		},
	);
}

/** Turns anything the SDK, fetch or the network throws into an McpClientError that says what to do. */
export function classifyMcpError(error: unknown, context: ErrorContext): McpClientError {
	if (error instanceof McpClientError) return error;
	const message = error instanceof Error ? error.message : String(error);

	if (error instanceof SdkMcpError) {
		if (error.code === ErrorCode.RequestTimeout) {
			return new McpClientError('TIMEOUT', `The MCP server at ${context.url} did not answer in time while ${context.action}`, {
				hint: 'Raise the request timeout in the credential, or check why the server is slow.',
				cause: error,
			});
		}
		if (error.code === ErrorCode.ConnectionClosed) {
			return new McpClientError('CONNECTION', `The connection to ${context.url} closed while ${context.action}`, {
				hint: 'Check that the MCP server is running and reachable.',
				cause: error,
			});
		}
		return new McpClientError('PROTOCOL', `The MCP server rejected the request while ${context.action}: ${message}`, {
			cause: error,
		});
	}

	const status = httpStatusOf(error);
	if (status === 401 || status === 403) return authError(context.url, status);
	if (status !== undefined && status >= 500) {
		return new McpClientError('CONNECTION', `The MCP server at ${context.url} failed with HTTP ${status} while ${context.action}`, {
			httpStatus: status,
			hint: 'The server or a proxy in front of it is failing; check its logs.',
			cause: error,
		});
	}
	if (status !== undefined) {
		return new McpClientError('NOT_MCP', `${context.url} answered HTTP ${status} while ${context.action}: ${message}`, {
			httpStatus: status,
			hint: 'Check the server URL and its path (for example /mcp for Streamable HTTP or /sse for SSE).',
			cause: error,
		});
	}

	// fetch refuses ports on the WHATWG "bad ports" list (9, 25, 6000…) before connecting.
	if (/bad port/.test(String((error as { cause?: { message?: string } })?.cause?.message ?? ''))) {
		return new McpClientError('INVALID_URL', `${context.url} uses a port that fetch refuses to connect to ("bad port")`, {
			hint: 'Serve the MCP server on another port; browsers and Node block ports such as 9, 25 and 6000.',
			cause: error,
		});
	}

	const networkCode = networkCodeOf(error);
	if (networkCode) {
		const { code, text } = NETWORK_CODES[networkCode];
		return new McpClientError(code, `Cannot reach the MCP server at ${context.url}: ${text} (${networkCode})`, {
			hint:
				code === 'TIMEOUT'
					? 'Check that the host is reachable from n8n, or raise the timeout.'
					: 'Check the host and port in the server URL and that the server is running.',
			cause: error,
		});
	}

	if (error instanceof ZodError || /Unexpected content type|not valid JSON|Unexpected token|JSON/.test(message)) {
		return new McpClientError('NOT_MCP', `${context.url} did not answer as an MCP server while ${context.action}: ${message}`, {
			hint: 'Check that the URL points at the MCP endpoint of the server, not a web page or another API.',
			cause: error,
		});
	}

	if ((error as { name?: string })?.name === 'AbortError') {
		return new McpClientError('CANCELLED', `Cancelled while ${context.action}`, { cause: error });
	}
	return new McpClientError('PROTOCOL', `MCP error while ${context.action}: ${message}`, { cause: error });
}
