import { McpClientError, McpSession, parseToolResult } from '../mcp';
import type { ToolProvider } from './tool-provider';

/**
 * The agent's view of an MCP session. Arguments are checked against the tool's input schema
 * before the call, so a model's malformed call comes back to it as a tool error naming the bad
 * field; `isError` results are returned as data. Each call is bounded by `timeoutMs` on top of the
 * session's own per-request timeout. Its tools carry the server's "Trust Tool Annotations" setting
 * (off unless the credential turns it on).
 */
export function toolProviderFromSession(session: McpSession, options: { trustAnnotations?: boolean } = {}): ToolProvider {
	const trustAnnotations = options.trustAnnotations ?? session.config.trustAnnotations === true;
	return {
		async listTools() {
			const tools = await session.listTools();
			return tools.map((tool) => ({
				name: tool.name,
				description: tool.description,
				inputSchema: tool.inputSchema as Record<string, unknown>,
				annotations: tool.annotations,
				trustAnnotations,
			}));
		},

		async callTool(name, args, options) {
			const deadline = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
			const signals = [options.signal, deadline].filter((signal): signal is AbortSignal => signal !== undefined);
			try {
				const result = parseToolResult(
					await session.callTool(name, args, { signal: signals.length ? AbortSignal.any(signals) : undefined }),
					'text',
				);
				const text = result.text || (result.structuredContent === undefined ? '' : JSON.stringify(result.structuredContent));
				return { isError: result.isError, text };
			} catch (error) {
				if (deadline?.aborted && !options.signal?.aborted) {
					throw new McpClientError('TIMEOUT', `Tool "${name}" did not answer within ${options.timeoutMs} ms`, { cause: error });
				}
				throw error;
			}
		},
	};
}
