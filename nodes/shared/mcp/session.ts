import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
	CallToolResultSchema,
	type CallToolResult,
	type GetPromptResult,
	type Prompt,
	type ReadResourceResult,
	type Resource,
	type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { validateToolArguments } from './arguments';
import type { McpServerConfig, McpTransportKind } from './config';
import { connectToServer, type ConnectedClient } from './connect';
import { classifyMcpError, McpClientError } from './errors';

/** Servers that paginate forever would otherwise hang a listing. */
const MAX_PAGES = 1000;

export interface CallOptions {
	signal?: AbortSignal;
	/** Check the arguments against the tool's inputSchema first (default true). */
	validate?: boolean;
}

/**
 * One MCP session shared by every item of a node execution. Requests are bounded by the
 * per-request timeout, the session's total timeout and the caller's cancel signal; a session the
 * server forgot (HTTP 404 on a request carrying `Mcp-Session-Id`) is re-initialised once and the
 * request retried, as the spec asks of clients.
 */
export class McpSession {
	private toolCache?: Promise<Tool[]>;
	private closing?: Promise<void>;

	private constructor(
		readonly config: McpServerConfig,
		private connection: ConnectedClient,
		/** Aborted on close, on the caller's cancel and at the total timeout. */
		private readonly lifetime: AbortController,
		private readonly releaseSignals: () => void,
	) {
		// A cancelled or timed-out session closes its connection, so nothing keeps running.
		lifetime.signal.addEventListener('abort', () => void this.close(), { once: true });
	}

	static async open(config: McpServerConfig, options: { signal?: AbortSignal } = {}): Promise<McpSession> {
		const lifetime = new AbortController();
		const release = linkSignals(lifetime, config, options.signal);
		try {
			const connection = await connectToServer(config, lifetime.signal);
			return new McpSession(config, connection, lifetime, release);
		} catch (error) {
			release();
			throw error;
		}
	}

	get transport(): McpTransportKind {
		return this.connection.transportKind;
	}

	get serverInfo() {
		return this.connection.client.getServerVersion();
	}

	/** All tools, following `nextCursor` across pages; cached for the session. */
	listTools(): Promise<Tool[]> {
		this.toolCache ??= this.paginate('listing tools', (client, cursor, options) =>
			client.listTools(cursor ? { cursor } : undefined, options).then((page) => ({ items: page.tools, nextCursor: page.nextCursor })),
		).catch((error: unknown) => {
			this.toolCache = undefined;
			throw error;
		});
		return this.toolCache;
	}

	async findTool(name: string): Promise<Tool> {
		const trimmed = name.trim();
		if (!trimmed) throw new McpClientError('INVALID_INPUT', 'tool is empty: choose a tool from the list or enter its name', { field: 'tool' });
		const tools = await this.listTools();
		const tool = tools.find((t) => t.name === trimmed);
		if (!tool) {
			const names = tools.map((t) => t.name);
			throw new McpClientError('UNKNOWN_TOOL', `The server has no tool named "${trimmed}"`, {
				field: 'tool',
				hint: names.length ? `Available tools: ${names.join(', ')}` : 'The server offers no tools.',
			});
		}
		return tool;
	}

	/**
	 * Calls a tool. A result with `isError: true` is returned, not thrown: a tool failure is data
	 * (the agent hands it back to the model); the caller decides what it means.
	 */
	async callTool(name: string, args: Record<string, unknown>, options: CallOptions = {}): Promise<CallToolResult> {
		const tool = await this.findTool(name);
		if (options.validate !== false) validateToolArguments(tool, args);
		return this.request(`calling tool ${tool.name}`, options.signal, (client, requestOptions) =>
			client.callTool({ name: tool.name, arguments: args }, CallToolResultSchema, requestOptions) as Promise<CallToolResult>,
		);
	}

	listResources(): Promise<Resource[]> {
		return this.paginate('listing resources', (client, cursor, options) =>
			client.listResources(cursor ? { cursor } : undefined, options).then((page) => ({ items: page.resources, nextCursor: page.nextCursor })),
		);
	}

	readResource(uri: string, options: { signal?: AbortSignal } = {}): Promise<ReadResourceResult> {
		if (!uri.trim()) throw new McpClientError('INVALID_INPUT', 'resourceUri is empty: enter the URI of the resource to read', { field: 'resourceUri' });
		return this.request(`reading resource ${uri}`, options.signal, (client, requestOptions) =>
			client.readResource({ uri: uri.trim() }, requestOptions),
		);
	}

	listPrompts(): Promise<Prompt[]> {
		return this.paginate('listing prompts', (client, cursor, options) =>
			client.listPrompts(cursor ? { cursor } : undefined, options).then((page) => ({ items: page.prompts, nextCursor: page.nextCursor })),
		);
	}

	getPrompt(name: string, args: Record<string, string>, options: { signal?: AbortSignal } = {}): Promise<GetPromptResult> {
		if (!name.trim()) throw new McpClientError('INVALID_INPUT', 'promptName is empty: enter the name of the prompt', { field: 'promptName' });
		return this.request(`getting prompt ${name}`, options.signal, (client, requestOptions) =>
			client.getPrompt({ name: name.trim(), arguments: args }, requestOptions),
		);
	}

	/** Closes the session; safe to call more than once. In-flight requests end as cancelled. */
	async close(): Promise<void> {
		if (this.closing) return this.closing;
		this.releaseSignals();
		this.closing = closeQuietly(this.connection);
		// In-flight requests end as cancelled; the connection is closed once, above.
		if (!this.lifetime.signal.aborted) this.lifetime.abort(new McpClientError('CANCELLED', 'The MCP session was closed'));
		return this.closing;
	}

	private async paginate<T>(
		action: string,
		fetchPage: (client: Client, cursor: string | undefined, options: RequestOptions) => Promise<{ items: T[]; nextCursor?: string }>,
	): Promise<T[]> {
		const items: T[] = [];
		const seen = new Set<string>();
		let cursor: string | undefined;
		for (let page = 0; page < MAX_PAGES; page++) {
			const result = await this.request(action, undefined, (client, options) => fetchPage(client, cursor, options));
			items.push(...result.items);
			if (!result.nextCursor) return items;
			if (seen.has(result.nextCursor)) {
				throw new McpClientError('PROTOCOL', `The server repeated pagination cursor "${result.nextCursor}" while ${action}`);
			}
			seen.add(result.nextCursor);
			cursor = result.nextCursor;
		}
		throw new McpClientError('PROTOCOL', `The server returned more than ${MAX_PAGES} pages while ${action}`);
	}

	private async request<T>(
		action: string,
		signal: AbortSignal | undefined,
		send: (client: Client, options: RequestOptions) => Promise<T>,
	): Promise<T> {
		const context = { url: this.config.url, action };
		if (this.closing) throw new McpClientError('CANCELLED', `The MCP session was closed before ${action}`);
		const { signal: requestSignal, release } = requestScopedSignal([this.lifetime.signal, signal]);
		const options: RequestOptions = { timeout: this.config.requestTimeoutMs, signal: requestSignal };
		try {
			try {
				return await send(this.connection.client, options);
			} catch (error) {
				if (requestSignal.aborted) throw abortedError(requestSignal, action);
				if (!this.isSessionExpired(error)) throw classifyMcpError(error, context);
			}
			await this.reinitialise(action);
			try {
				return await send(this.connection.client, options);
			} catch (error) {
				if (requestSignal.aborted) throw abortedError(requestSignal, action);
				if (this.isSessionExpired(error)) {
					throw new McpClientError('SESSION_EXPIRED', `The MCP server dropped the session again right after re-initialising, while ${action}`, {
						httpStatus: 404,
						hint: 'The server (or a load balancer without session affinity) loses sessions; check its session handling.',
						cause: error,
					});
				}
				throw classifyMcpError(error, context);
			}
		} finally {
			release();
		}
	}

	private isSessionExpired(error: unknown): boolean {
		const transport = this.connection.transport as { sessionId?: string };
		return error instanceof StreamableHTTPError && error.code === 404 && Boolean(transport.sessionId);
	}

	private async reinitialise(action: string): Promise<void> {
		await closeQuietly(this.connection);
		try {
			this.connection = await connectToServer({ ...this.config, transport: this.connection.transportKind }, this.lifetime.signal);
		} catch (error) {
			throw new McpClientError('SESSION_EXPIRED', `The MCP session expired while ${action} and re-initialising failed: ${(error as Error).message}`, {
				httpStatus: 404,
				cause: error,
			});
		}
	}
}

/**
 * A signal for one request that follows the long-lived ones. The SDK adds an abort listener to
 * the signal of every request and never removes it: handing it the session's signal would pile up
 * one listener per call and, on close, send the server a cancellation for every call ever made.
 */
function requestScopedSignal(parents: Array<AbortSignal | undefined>): { signal: AbortSignal; release: () => void } {
	const controller = new AbortController();
	const live = parents.filter((parent): parent is AbortSignal => Boolean(parent));
	const aborted = live.find((parent) => parent.aborted);
	if (aborted) {
		controller.abort(aborted.reason);
		return { signal: controller.signal, release: () => undefined };
	}
	const forwarders = live.map((parent) => {
		const forward = () => controller.abort(parent.reason);
		parent.addEventListener('abort', forward, { once: true });
		return () => parent.removeEventListener('abort', forward);
	});
	return { signal: controller.signal, release: () => forwarders.forEach((remove) => remove()) };
}

function abortedError(signal: AbortSignal, action: string): McpClientError {
	if (signal.reason instanceof McpClientError) return signal.reason;
	return new McpClientError('CANCELLED', `Cancelled while ${action}`, { cause: signal.reason });
}

async function closeQuietly(connection: ConnectedClient): Promise<void> {
	// A streamable HTTP session is ended politely (DELETE) so the server can free it.
	const transport = connection.transport as { terminateSession?: () => Promise<void>; sessionId?: string };
	if (transport.sessionId && transport.terminateSession) {
		await Promise.race([transport.terminateSession().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
	}
	await connection.client.close().catch(() => undefined);
}

/** Aborts `target` on the caller's cancel signal or when the session's total timeout passes. */
function linkSignals(target: AbortController, config: McpServerConfig, external?: AbortSignal): () => void {
	const cleanups: Array<() => void> = [];
	if (external) {
		const onCancel = () => target.abort(new McpClientError('CANCELLED', 'The execution was cancelled'));
		if (external.aborted) onCancel();
		else {
			external.addEventListener('abort', onCancel, { once: true });
			cleanups.push(() => external.removeEventListener('abort', onCancel));
		}
	}
	if (config.totalTimeoutMs !== undefined) {
		const timer = setTimeout(
			() =>
				target.abort(
					new McpClientError('TIMEOUT', `The MCP work took longer than the total timeout of ${config.totalTimeoutMs} ms`, {
						hint: 'Raise the total timeout, or process fewer items per execution.',
					}),
				),
			config.totalTimeoutMs,
		);
		timer.unref();
		cleanups.push(() => clearTimeout(timer));
	}
	return () => cleanups.forEach((cleanup) => cleanup());
}
