import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig, McpTransportKind } from './config';
import { classifyMcpError, McpClientError } from './errors';

export const CLIENT_INFO = { name: 'n8n-nodes-mcp-devops', version: '0.1.0' };

export interface ConnectedClient {
	client: Client;
	transport: Transport;
	transportKind: McpTransportKind;
}

function createTransport(kind: McpTransportKind, config: McpServerConfig): Transport {
	const url = new URL(config.url);
	const requestInit: RequestInit = { headers: config.headers };
	return kind === 'sse'
		? new SSEClientTransport(url, { requestInit })
		: new StreamableHTTPClientTransport(url, {
				requestInit,
				// We re-initialise on our own terms (session expiry) and never want a background
				// reconnect loop outliving the node's execution.
				reconnectionOptions: { maxRetries: 0, initialReconnectionDelay: 1000, maxReconnectionDelay: 1000, reconnectionDelayGrowFactor: 1 },
			});
}

function abortReason(signal: AbortSignal): McpClientError {
	return signal.reason instanceof McpClientError
		? signal.reason
		: new McpClientError('CANCELLED', 'The execution was cancelled');
}

/** Connects over one transport; on any failure the client is closed and the error rethrown (all-or-nothing, as the SDK's connect). */
async function connectWith(kind: McpTransportKind, config: McpServerConfig, signal: AbortSignal): Promise<ConnectedClient> {
	if (signal.aborted) throw abortReason(signal);
	const client = new Client(CLIENT_INFO, { capabilities: {} });
	const transport = createTransport(kind, config);
	let timer: NodeJS.Timeout | undefined;
	// One listener, removed afterwards: the signal may be a session's, outliving many connects.
	let onAbort: () => void = () => undefined;
	const aborted = new Promise<never>((_, reject) => {
		onAbort = () => reject(abortReason(signal));
	});
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		// The SDK bounds the initialize request, but not the SSE handshake before it: bound both.
		const deadline = new Promise<never>((_, reject) => {
			timer = setTimeout(
				() =>
					reject(
						new McpClientError('TIMEOUT', `The MCP server at ${config.url} did not complete the handshake within ${config.requestTimeoutMs} ms`, {
							hint: 'Check that the URL is the MCP endpoint and the server is healthy, or raise the timeout.',
						}),
					),
				config.requestTimeoutMs,
			);
		});
		await Promise.race([client.connect(transport, { timeout: config.requestTimeoutMs, signal }), deadline, aborted]);
		return { client, transport, transportKind: kind };
	} catch (error) {
		await client.close().catch(() => undefined);
		throw signal.aborted ? abortReason(signal) : error;
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort);
	}
}

/** Auth, network and cancellation failures mean SSE would fail the same way; other failures may mean "old server". */
function worthTryingSse(error: McpClientError): boolean {
	return error.code === 'NOT_MCP' || error.code === 'PROTOCOL';
}

/**
 * Opens an initialised MCP client. `auto` follows the spec's backwards-compatibility rule: try
 * Streamable HTTP first and fall back to the HTTP+SSE transport when the POST is refused.
 */
export async function connectToServer(config: McpServerConfig, signal: AbortSignal): Promise<ConnectedClient> {
	const context = { url: config.url, action: 'connecting' };
	if (config.transport !== 'auto') {
		try {
			return await connectWith(config.transport, config, signal);
		} catch (error) {
			throw classifyMcpError(error, context);
		}
	}
	let streamableError: McpClientError;
	try {
		return await connectWith('streamable-http', config, signal);
	} catch (error) {
		streamableError = classifyMcpError(error, context);
		if (!worthTryingSse(streamableError)) throw streamableError;
	}
	try {
		return await connectWith('sse', config, signal);
	} catch (error) {
		const sseError = classifyMcpError(error, context);
		if (!worthTryingSse(sseError)) throw sseError;
		throw new McpClientError(
			'NOT_MCP',
			`${config.url} is not an MCP endpoint: Streamable HTTP failed (${streamableError.message}) and SSE failed (${sseError.message})`,
			{
				httpStatus: streamableError.httpStatus,
				hint: 'Check the server URL including its path: the Kubernetes MCP server serves Streamable HTTP at /mcp and SSE at /sse.',
				cause: sseError,
			},
		);
	}
}
