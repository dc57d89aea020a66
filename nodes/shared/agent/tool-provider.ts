/** What the agent loop needs from an MCP server (or several): list tools and call one. */

export interface AgentTool {
	name: string;
	description?: string;
	inputSchema: Record<string, unknown>;
	annotations?: {
		readOnlyHint?: boolean;
		destructiveHint?: boolean;
		idempotentHint?: boolean;
		openWorldHint?: boolean;
		title?: string;
	};
}

/** A tool's answer; `text` is all its text content joined. A failing tool is data, not an exception. */
export interface AgentToolResult {
	isError: boolean;
	text: string;
}

export interface ToolProvider {
	listTools(signal?: AbortSignal): Promise<AgentTool[]>;
	callTool(
		name: string,
		args: Record<string, unknown>,
		options: { signal?: AbortSignal; timeoutMs?: number },
	): Promise<AgentToolResult>;
}

export interface ToolSource {
	provider: ToolProvider;
	/** Put in front of every tool name of this source, verbatim (`gitea_` gives `gitea_list_issues`). */
	prefix?: string;
	/** Names this source in error messages ("server 2", a URL). */
	label?: string;
}

export class ToolNameClashError extends Error {
	constructor(
		readonly toolName: string,
		readonly sources: [string, string],
	) {
		super(
			`Tool "${toolName}" is offered by both ${sources[0]} and ${sources[1]}: give one of them a tool-name prefix`,
		);
		this.name = 'ToolNameClashError';
	}
}

/** OpenAI function names allow `[A-Za-z0-9_-]{1,64}`; MCP names may also contain `.` or `/`. */
const MAX_FUNCTION_NAME_LENGTH = 64;

export function toFunctionName(name: string): string {
	const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
	return (safe || 'tool').slice(0, MAX_FUNCTION_NAME_LENGTH);
}

/**
 * Merges the tools of several sources into one provider. Each source's prefix is applied to all
 * its tools, names are made valid function names, and a name that two sources still share is an
 * error: silently picking one could send a call to the wrong server. Calls are routed back to the
 * source under the tool's original name. Sources are listed in parallel, and the routing table is
 * rebuilt on every `listTools`.
 */
export function combineToolProviders(sources: ToolSource[]): ToolProvider {
	let routes = new Map<string, { source: ToolSource; originalName: string }>();

	return {
		async listTools(signal) {
			const listed = await Promise.all(sources.map((source) => source.provider.listTools(signal)));
			const nextRoutes = new Map<string, { source: ToolSource; originalName: string }>();
			const tools: AgentTool[] = [];
			listed.forEach((sourceTools, index) => {
				const source = sources[index];
				for (const tool of sourceTools) {
					const name = toFunctionName(`${source.prefix ?? ''}${tool.name}`);
					const existing = nextRoutes.get(name);
					if (existing) {
						throw new ToolNameClashError(name, [labelOf(existing.source), labelOf(source, index)]);
					}
					nextRoutes.set(name, { source, originalName: tool.name });
					tools.push({ ...tool, name });
				}
			});
			routes = nextRoutes;
			return tools;
		},

		async callTool(name, args, options) {
			const route = routes.get(name);
			if (!route) return { isError: true, text: `Unknown tool "${name}"` };
			return route.source.provider.callTool(route.originalName, args, options);
		},
	};

	function labelOf(source: ToolSource, index = sources.indexOf(source)): string {
		return source.label ?? `server ${index + 1}`;
	}
}
