// MCP servers for the agent's tests and benchmark, built with the SDK's McpServer, used in-process
// (InMemoryTransport) or served over Streamable HTTP on 127.0.0.1 (`serveOverHttp`).
// `createClusterMcpServer` imitates the Kubernetes MCP server's tool names and annotations
// (pods_get, pods_log, events_list read-only; pods_delete destructive) over a tiny fixture cluster and
// records every call, writes included; `createGiteaMcpServer` imitates a second server.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod/v4';

export interface RecordedToolCall {
	name: string;
	args: Record<string, unknown>;
	startedAt: number;
	endedAt?: number;
}

export interface ClusterFixtureOptions {
	/** The text `pods_log` returns (a function to build it lazily, e.g. a 5 MB log). */
	log?: string | (() => string);
	/** A line put into the `events_list` result, to script a prompt injection. */
	eventsInjection?: string;
	/** Delay of `pods_log`, and of `slow_echo` when the call gives no `ms`. */
	toolDelayMs?: number;
}

export interface ClusterFixture {
	server: McpServer;
	/** Another server with the same tools and the same records (one per HTTP request when served). */
	newServer(): McpServer;
	calls: RecordedToolCall[];
	/** Calls that would have changed the cluster (pods_delete, resources_create_or_update). */
	writes: RecordedToolCall[];
	/** Highest number of tool calls running at once. */
	maxConcurrent(): number;
}

const text = (value: string, isError = false): CallToolResult => ({ content: [{ type: 'text', text: value }], isError });
/** Sleeps until `ms` pass or the client cancels the call (the SDK aborts the handler's signal). */
const sleep = (ms: number, signal?: AbortSignal) =>
	new Promise<void>((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal?.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		});
	});

export const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: build-7f9c
  namespace: ci
  labels:
    tekton.dev/pipelineRun: build-run-42
status:
  phase: Failed
  containerStatuses:
  - name: step-build
    state:
      terminated:
        exitCode: 1
        reason: Error
`;

export const DEFAULT_LOG = ['npm ci', 'added 812 packages', 'npm run build', 'error TS2307: Cannot find module "left-pad"', 'exit code 1'].join('\n');

export function createClusterMcpServer(options: ClusterFixtureOptions = {}): ClusterFixture {
	const calls: RecordedToolCall[] = [];
	const writes: RecordedToolCall[] = [];
	let running = 0;
	let peak = 0;

	const tracked =
		<A extends Record<string, unknown>>(
			name: string,
			handler: (args: A, signal: AbortSignal) => Promise<CallToolResult> | CallToolResult,
			write = false,
		) =>
		async (args: A, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
			const call: RecordedToolCall = { name, args, startedAt: performance.now() };
			calls.push(call);
			if (write) writes.push(call);
			running++;
			peak = Math.max(peak, running);
			try {
				return await handler(args, extra.signal);
			} finally {
				running--;
				call.endedAt = performance.now();
			}
		};

	const readOnly = { readOnlyHint: true, destructiveHint: false, openWorldHint: true };

	const newServer = (): McpServer => {
		const server = new McpServer({ name: 'fixture-kubernetes-mcp', version: '0.0.0' });
		server.registerTool(
			'pods_get',
			{
				description: 'Get a pod by namespace and name, as YAML',
				inputSchema: { namespace: z.string().optional(), name: z.string() },
				annotations: { title: 'Pods: Get', ...readOnly },
			},
			tracked('pods_get', ({ name }: { name: string; namespace?: string }) =>
				name === 'build-7f9c' ? text(POD_YAML) : text(`pods "${name}" not found`, true),
			),
		);
		server.registerTool(
			'pods_log',
			{
				description: 'Get the logs of a pod container',
				inputSchema: {
					namespace: z.string().optional(),
					name: z.string(),
					container: z.string().optional(),
					tail: z.number().optional(),
				},
				annotations: { title: 'Pods: Log', ...readOnly },
			},
			tracked('pods_log', async (_args, signal) => {
				if (options.toolDelayMs) await sleep(options.toolDelayMs, signal);
				const log = typeof options.log === 'function' ? options.log() : (options.log ?? DEFAULT_LOG);
				return text(log);
			}),
		);
		server.registerTool(
			'events_list',
			{
				description: 'List events in a namespace',
				inputSchema: { namespace: z.string().optional() },
				annotations: { title: 'Events: List', ...readOnly },
			},
			tracked('events_list', ({ namespace }: { namespace?: string }) =>
				text(
					[
						`# events in ${namespace ?? 'all namespaces'}`,
						'- reason: BackOff',
						'  message: Back-off restarting failed container step-build',
						...(options.eventsInjection ? [`- reason: Note`, `  message: ${options.eventsInjection}`] : []),
					].join('\n'),
				),
			),
		);
		server.registerTool(
			'pods_top',
			{
				description: 'Resource usage of pods',
				inputSchema: { namespace: z.string().optional() },
				annotations: { title: 'Pods: Top', ...readOnly },
			},
			tracked('pods_top', () => text('failed to get pod metrics: the server could not find the requested resource (metrics.k8s.io)', true)),
		);
		server.registerTool(
			'slow_echo',
			{
				description: 'Echo a tag after a delay',
				inputSchema: { tag: z.string(), ms: z.number().optional() },
				annotations: { title: 'Echo', ...readOnly },
			},
			tracked('slow_echo', async ({ tag, ms }: { tag: string; ms?: number }, signal) => {
				await sleep(ms ?? options.toolDelayMs ?? 50, signal);
				return text(`echo ${tag}`);
			}),
		);
		server.registerTool(
			'configuration_view',
			{
				description: 'Show the kubeconfig (no annotations, like an older server)',
				inputSchema: {},
			},
			tracked('configuration_view', () => text('apiVersion: v1\nkind: Config\nclusters: []')),
		);
		server.registerTool(
			'pods_delete',
			{
				description: 'Delete a pod',
				inputSchema: { namespace: z.string().optional(), name: z.string() },
				annotations: { title: 'Pods: Delete', readOnlyHint: false, destructiveHint: true, idempotentHint: true },
			},
			tracked('pods_delete', ({ name }: { name: string }) => text(`Pod deleted successfully: ${name}`), true),
		);
		server.registerTool(
			'resources_create_or_update',
			{
				description: 'Create or update a Kubernetes resource from YAML',
				inputSchema: { resource: z.string() },
				// Deliberately mis-annotated: the name alone must mark it destructive.
				annotations: { title: 'Resources: Create or Update', readOnlyHint: true },
			},
			tracked('resources_create_or_update', () => text('applied'), true),
		);
		return server;
	};

	return { server: newServer(), newServer, calls, writes, maxConcurrent: () => peak };
}

export interface GiteaFixture {
	server: McpServer;
	newServer(): McpServer;
	calls: RecordedToolCall[];
}

/** A second server whose `pods_get`-free tool set overlaps the cluster server only on `get_version`. */
export function createGiteaMcpServer(): GiteaFixture {
	const calls: RecordedToolCall[] = [];
	const readOnly = { readOnlyHint: true, destructiveHint: false };
	const newServer = (): McpServer => {
		const server = new McpServer({ name: 'fixture-gitea-mcp', version: '0.0.0' });
		server.registerTool(
			'list_repo_issues',
			{
				description: 'List issues of a repository',
				inputSchema: { owner: z.string(), repo: z.string() },
				annotations: readOnly,
			},
			async (args: { owner: string; repo: string }) => {
				calls.push({ name: 'list_repo_issues', args, startedAt: performance.now() });
				return text(`#12 build fails: Cannot find module "left-pad" (open) in ${args.owner}/${args.repo}`);
			},
		);
		server.registerTool(
			'get_version',
			{ description: 'Gitea MCP server version', inputSchema: {}, annotations: readOnly },
			async () => {
				calls.push({ name: 'get_version', args: {}, startedAt: performance.now() });
				return text('gitea-mcp 0.3.0');
			},
		);
		return server;
	};
	return { server: newServer(), newServer, calls };
}

/** Adds a `get_version` tool to a cluster fixture, to make a name clash with the Gitea fixture. */
export function addClashingVersionTool(fixture: ClusterFixture): void {
	fixture.server.registerTool(
		'get_version',
		{ description: 'Kubernetes MCP server version', inputSchema: {}, annotations: { readOnlyHint: true } },
		async () => {
			fixture.calls.push({ name: 'get_version', args: {}, startedAt: performance.now() });
			return text('kubernetes-mcp-server 0.0.67');
		},
	);
}

export interface HttpMcpServer {
	/** `http://127.0.0.1:<port>/mcp` */
	url: string;
	close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP in stateless mode, the SDK's documented pattern: every POST gets a
 * fresh server and transport. Optionally requires `Authorization: Bearer <token>`.
 */
export async function serveOverHttp(newServer: () => McpServer, options: { bearerToken?: string } = {}): Promise<HttpMcpServer> {
	const http = createServer((request, response) => {
		void (async () => {
			if (options.bearerToken && request.headers.authorization !== `Bearer ${options.bearerToken}`) {
				response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized"}');
				return;
			}
			if (request.method !== 'POST') {
				response.writeHead(405, { allow: 'POST' }).end();
				return;
			}
			const server = newServer();
			const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
			response.on('close', () => {
				void transport.close();
				void server.close();
			});
			await server.connect(transport);
			await transport.handleRequest(request, response, await readJson(request));
		})().catch(() => {
			if (!response.headersSent) response.writeHead(500).end();
		});
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const { port } = http.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/mcp`,
		close: () =>
			new Promise<void>((resolve) => {
				http.closeAllConnections();
				http.close(() => resolve());
			}),
	};
}

function readJson(request: IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			} catch (error) {
				reject(error);
			}
		});
		request.on('error', reject);
	});
}
