// In-process MCP servers built with the SDK, served over real HTTP on 127.0.0.1, for tests and
// benchmarks: Streamable HTTP (stateful or stateless) and the older HTTP+SSE transport, with the
// faults the MCP core must survive (auth, slow tools, forgotten sessions, isError, pagination, big results).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
	CallToolRequestSchema,
	GetPromptRequestSchema,
	ListPromptsRequestSchema,
	ListResourcesRequestSchema,
	ListToolsRequestSchema,
	ReadResourceRequestSchema,
	type CallToolResult,
	type Tool,
} from '@modelcontextprotocol/sdk/types.js';

export type TestServerTransport = 'streamable-http' | 'stateless' | 'sse';

export interface TestMcpServerOptions {
	transport: TestServerTransport;
	/** Require `Authorization: Bearer <token>`; otherwise 401. */
	bearerToken?: string;
	/** Require this header (name lower-case) to have this value. */
	requiredHeader?: { name: string; value: string };
	/** Extra filler tools, to exercise pagination. */
	fillerTools?: number;
	/** Tools per tools/list page; all at once when undefined. */
	toolPageSize?: number;
}

export interface TestMcpServer {
	url: string;
	/** Requests seen, in order. */
	requests: Array<{ method: string; path: string; sessionId?: string }>;
	/** Initialize requests seen (one per session created). */
	initializeCount(): number;
	/** Calls per tool name. */
	toolCalls: Map<string, number>;
	/** Forget every session: the next request carrying an old Mcp-Session-Id gets a 404. */
	forgetSessions(): void;
	/** Sessions the client closed with DELETE. */
	deletedSessions: number;
	/** notifications/cancelled messages received. */
	cancellations(): number;
	close(): Promise<void>;
}

const TEXT = (text: string): CallToolResult => ({ content: [{ type: 'text', text }] });

export const PODS_YAML = `# The following pods (YAML format) were found:
- apiVersion: v1
  kind: Pod
  metadata:
    name: build-pod
    namespace: ci
  status:
    phase: Failed
`;

// A 1x1 transparent PNG.
export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

function baseTools(): Tool[] {
	return [
		{
			name: 'echo',
			description: 'Returns its arguments as JSON',
			inputSchema: {
				type: 'object',
				properties: {
					message: { type: 'string' },
					count: { type: 'integer', minimum: 0 },
					labels: { type: 'object', additionalProperties: { type: 'string' } },
					selectors: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } } } },
				},
				required: ['message'],
			},
			annotations: { readOnlyHint: true },
		},
		{ name: 'slow', description: 'Waits ms milliseconds', inputSchema: { type: 'object', properties: { ms: { type: 'number' } }, required: ['ms'] } },
		{ name: 'fail', description: 'Always fails', inputSchema: { type: 'object', properties: { reason: { type: 'string' } } } },
		{ name: 'big', description: 'Returns bytes of text', inputSchema: { type: 'object', properties: { bytes: { type: 'integer' } }, required: ['bytes'] } },
		{ name: 'pods_yaml', description: 'Kubernetes-style YAML', inputSchema: { type: 'object', properties: {} } },
		{ name: 'image', description: 'Returns a PNG', inputSchema: { type: 'object', properties: {} } },
		{ name: 'log_text', description: 'Returns log lines that are valid YAML by accident', inputSchema: { type: 'object', properties: {} } },
	];
}

function buildServer(tools: Tool[], pageSize: number | undefined, toolCalls: Map<string, number>): Server {
	const server = new Server({ name: 'test-mcp-server', version: '1.0.0' }, { capabilities: { tools: {}, resources: {}, prompts: {} } });
	server.setRequestHandler(ListToolsRequestSchema, async (request) => {
		if (!pageSize) return { tools };
		const start = request.params?.cursor ? Number(request.params.cursor) : 0;
		const end = start + pageSize;
		return { tools: tools.slice(start, end), nextCursor: end < tools.length ? String(end) : undefined };
	});
	server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
		const { name } = request.params;
		const args = (request.params.arguments ?? {}) as Record<string, unknown>;
		toolCalls.set(name, (toolCalls.get(name) ?? 0) + 1);
		switch (name) {
			case 'echo':
				return TEXT(JSON.stringify(args));
			case 'slow':
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, Number(args.ms));
					extra.signal.addEventListener('abort', () => {
						clearTimeout(timer);
						resolve();
					});
				});
				return TEXT(`waited ${args.ms} ms`);
			case 'fail':
				return { isError: true, content: [{ type: 'text', text: `pods "${String(args.reason ?? 'x')}" not found` }] };
			case 'big': {
				const line = 'E1121 12:00:00.000000 big log line with some padding to make it long enough\n';
				const bytes = Number(args.bytes);
				return TEXT(line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes));
			}
			case 'pods_yaml':
				return TEXT(PODS_YAML);
			case 'image':
				return { content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }, { type: 'text', text: 'a picture' }] };
			case 'log_text':
				return TEXT('INFO: starting build\nERROR: compile failed\n');
			default:
				if (name.startsWith('filler_')) return TEXT(name);
				return { isError: true, content: [{ type: 'text', text: `unknown tool ${name}` }] };
		}
	});
	server.setRequestHandler(ListResourcesRequestSchema, async () => ({
		resources: [
			{ uri: 'test://readme', name: 'readme', mimeType: 'text/plain' },
			{ uri: 'test://config.json', name: 'config', mimeType: 'application/json' },
		],
	}));
	server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
		if (request.params.uri === 'test://config.json') {
			return { contents: [{ uri: request.params.uri, mimeType: 'application/json', text: '{"cluster":"fixture"}' }] };
		}
		return { contents: [{ uri: request.params.uri, mimeType: 'text/plain', text: 'hello from a resource' }] };
	});
	server.setRequestHandler(ListPromptsRequestSchema, async () => ({
		prompts: [{ name: 'triage', description: 'Triage a pod', arguments: [{ name: 'pod', required: true }] }],
	}));
	server.setRequestHandler(GetPromptRequestSchema, async (request) => ({
		messages: [{ role: 'user', content: { type: 'text', text: `Triage pod ${request.params.arguments?.pod ?? '?'}` } }],
	}));
	return server;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? JSON.parse(text) : undefined;
}

export async function startTestMcpServer(options: TestMcpServerOptions): Promise<TestMcpServer> {
	const tools = [
		...baseTools(),
		...Array.from({ length: options.fillerTools ?? 0 }, (_, i) => ({
			name: `filler_${String(i).padStart(3, '0')}`,
			inputSchema: { type: 'object' as const, properties: {} },
		})),
	];
	const toolCalls = new Map<string, number>();
	const requests: TestMcpServer['requests'] = [];
	const sessions = new Map<string, StreamableHTTPServerTransport>();
	const sseSessions = new Map<string, SSEServerTransport>();
	let initializeCount = 0;
	let deletedSessions = 0;
	let cancellationCount = 0;

	const authorised = (req: IncomingMessage) => {
		if (options.bearerToken && req.headers.authorization !== `Bearer ${options.bearerToken}`) return false;
		if (options.requiredHeader && req.headers[options.requiredHeader.name] !== options.requiredHeader.value) return false;
		return true;
	};

	async function handleStreamable(req: IncomingMessage, res: ServerResponse, stateless: boolean): Promise<void> {
		const body = req.method === 'POST' ? await readBody(req) : undefined;
		const method = (body as { method?: string } | undefined)?.method;
		const isInitialize = method === 'initialize';
		if (isInitialize) initializeCount++;
		if (method === 'notifications/cancelled') cancellationCount++;
		if (stateless) {
			const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
			const server = buildServer(tools, options.toolPageSize, toolCalls);
			res.on('close', () => void server.close());
			await server.connect(transport);
			await transport.handleRequest(req, res, body);
			return;
		}
		const sessionId = req.headers['mcp-session-id'] as string | undefined;
		if (sessionId) {
			const transport = sessions.get(sessionId);
			if (!transport) {
				res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
				return;
			}
			if (req.method === 'DELETE') deletedSessions++;
			await transport.handleRequest(req, res, body);
			return;
		}
		if (!isInitialize) {
			res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null }));
			return;
		}
		const transport = new StreamableHTTPServerTransport({
			sessionIdGenerator: () => randomUUID(),
			onsessioninitialized: (id) => void sessions.set(id, transport),
		});
		transport.onclose = () => {
			if (transport.sessionId) sessions.delete(transport.sessionId);
		};
		await buildServer(tools, options.toolPageSize, toolCalls).connect(transport);
		await transport.handleRequest(req, res, body);
	}

	async function handleSse(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		if (req.method === 'GET' && url.pathname === '/sse') {
			const transport = new SSEServerTransport('/messages', res);
			sseSessions.set(transport.sessionId, transport);
			res.on('close', () => sseSessions.delete(transport.sessionId));
			await buildServer(tools, options.toolPageSize, toolCalls).connect(transport);
			return;
		}
		if (req.method === 'POST' && url.pathname === '/messages') {
			const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
			if (!transport) {
				res.writeHead(404).end('Session not found');
				return;
			}
			const body = await readBody(req);
			if ((body as { method?: string })?.method === 'initialize') initializeCount++;
			await transport.handlePostMessage(req, res, body);
			return;
		}
		// An SSE-only server refuses Streamable HTTP's POST, which is what makes clients fall back.
		res.writeHead(405, { allow: 'GET' }).end('Method Not Allowed');
	}

	const httpServer: HttpServer = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		requests.push({ method: req.method ?? '', path: url.pathname, sessionId: req.headers['mcp-session-id'] as string | undefined });
		if (!authorised(req)) {
			res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: 'unauthorized' }));
			return;
		}
		const handler =
			options.transport === 'sse' ? handleSse(req, res, url) : handleStreamable(req, res, options.transport === 'stateless');
		handler.catch((error: unknown) => {
			if (!res.headersSent) res.writeHead(500).end(String(error));
		});
	});
	await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
	const { port } = httpServer.address() as AddressInfo;
	const path = options.transport === 'sse' ? '/sse' : '/mcp';

	return {
		url: `http://127.0.0.1:${port}${path}`,
		requests,
		toolCalls,
		initializeCount: () => initializeCount,
		cancellations: () => cancellationCount,
		get deletedSessions() {
			return deletedSessions;
		},
		forgetSessions() {
			for (const transport of sessions.values()) transport.onclose = undefined;
			sessions.clear();
		},
		async close() {
			for (const transport of [...sessions.values(), ...sseSessions.values()]) await transport.close().catch(() => undefined);
			httpServer.closeAllConnections();
			await new Promise<void>((resolve) => httpServer.close(() => resolve()));
		},
	};
}

/** A plain web server: HTML on every path, to play a URL that is not an MCP endpoint. */
export async function startHtmlServer(): Promise<{ url: string; close(): Promise<void> }> {
	const server = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function unusedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
