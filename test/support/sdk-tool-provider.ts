// A ToolProvider over the MCP SDK's own Client, for the agent's tests and benchmark: either connected
// in-process to an McpServer (InMemoryTransport) or handed a client connected some other way.
// The package's nodes use the MCP core's adapter instead; this one exists so the agent can be tested
// against real MCP servers without depending on that code.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import type { AgentTool, ToolProvider } from '../../nodes/shared/agent/tool-provider';

export function toolProviderFromClient(client: Client): ToolProvider {
	return {
		async listTools(signal) {
			const tools: AgentTool[] = [];
			let cursor: string | undefined;
			do {
				const page = await client.listTools(cursor ? { cursor } : {}, { signal });
				for (const tool of page.tools) {
					tools.push({
						name: tool.name,
						description: tool.description,
						inputSchema: tool.inputSchema as Record<string, unknown>,
						annotations: tool.annotations,
					});
				}
				cursor = page.nextCursor;
			} while (cursor);
			return tools;
		},
		async callTool(name, args, options) {
			const result = await client.callTool({ name, arguments: args }, undefined, {
				signal: options.signal,
				timeout: options.timeoutMs,
			});
			const content = Array.isArray(result.content) ? result.content : [];
			const text = content
				.filter((part): part is { type: 'text'; text: string } => part?.type === 'text' && typeof part.text === 'string')
				.map((part) => part.text)
				.join('\n');
			return { isError: result.isError === true, text };
		},
	};
}

export interface InProcessMcp {
	client: Client;
	provider: ToolProvider;
	close(): Promise<void>;
}

/** Connects a fresh SDK client to `server` over a linked in-memory transport pair. */
export async function connectInProcess(server: McpServer): Promise<InProcessMcp> {
	const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
	const client = new Client({ name: 'agent-test', version: '1.0.0' });
	await server.connect(serverTransport);
	await client.connect(clientTransport);
	return {
		client,
		provider: toolProviderFromClient(client),
		async close() {
			await client.close();
			await server.close();
		},
	};
}
