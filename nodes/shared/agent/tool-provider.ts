import { createHash } from 'node:crypto';

/** What the agent loop needs from an MCP server (or several): list tools and call one. */

export interface AgentTool {
	/** The name offered to the model: the server's, with a source prefix, as a valid function name. */
	name: string;
	/** The name the server listed, when `name` differs from it: the policy reads both. */
	serverName?: string;
	/** Whether the user trusts this tool's server to annotate it truthfully (`readOnlyHint`). */
	trustAnnotations?: boolean;
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
	/** The user trusts this server's tool annotations (the credential's "Trust Tool Annotations"). */
	trustAnnotations?: boolean;
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
const SUFFIX_LENGTH = 6;

export function toFunctionName(name: string): string {
	const safe = name.replace(/[^A-Za-z0-9_-]/g, '_');
	return (safe || 'tool').slice(0, MAX_FUNCTION_NAME_LENGTH);
}

/**
 * `sanitisedNameSuffix`: two different names that become the same function name (`a.b` and `a/b`,
 * or long names alike in their first 64 characters) are told apart by a suffix made from a hash of
 * the full name, so each keeps its function name from one listing to the next whatever the order.
 * A name that sanitising left unchanged keeps it.
 */
function disambiguatedName(fullName: string): string {
	const suffix = createHash('sha256').update(fullName).digest('hex').slice(0, SUFFIX_LENGTH);
	return `${toFunctionName(fullName).slice(0, MAX_FUNCTION_NAME_LENGTH - SUFFIX_LENGTH - 1)}_${suffix}`;
}

interface Route {
	source: ToolSource;
	originalName: string;
}

/**
 * Merges the tools of several sources into one provider. Each source's prefix is applied to all
 * its tools, and names are made valid function names; names that only sanitising made equal get a
 * stable suffix. A name that two sources really share is an error: silently picking one could send
 * a call to the wrong server. Calls are routed back to the source under the tool's original name.
 * Sources are listed in parallel, and the routing table is rebuilt on every `listTools`.
 */
export function combineToolProviders(sources: ToolSource[]): ToolProvider {
	let routes = new Map<string, Route>();

	return {
		async listTools(signal) {
			const listed = await Promise.all(sources.map((source) => source.provider.listTools(signal)));
			const entries = listed.flatMap((sourceTools, index) =>
				sourceTools.map((tool) => {
					const source = sources[index];
					const fullName = `${source.prefix ?? ''}${tool.name}`;
					return { tool, source, index, fullName, name: toFunctionName(fullName) };
				}),
			);
			const byFullName = new Map<string, (typeof entries)[number]>();
			const sanitisedCount = new Map<string, number>();
			for (const entry of entries) {
				const existing = byFullName.get(entry.fullName);
				if (existing) throw new ToolNameClashError(entry.name, [labelOf(existing.source, existing.index), labelOf(entry.source, entry.index)]);
				byFullName.set(entry.fullName, entry);
				sanitisedCount.set(entry.name, (sanitisedCount.get(entry.name) ?? 0) + 1);
			}
			const nextRoutes = new Map<string, Route>();
			const tools: AgentTool[] = [];
			for (const entry of entries) {
				const clashes = (sanitisedCount.get(entry.name) ?? 0) > 1;
				const name = clashes && entry.name !== entry.fullName ? disambiguatedName(entry.fullName) : entry.name;
				const existing = nextRoutes.get(name);
				if (existing) throw new ToolNameClashError(name, [labelOf(existing.source), labelOf(entry.source, entry.index)]);
				nextRoutes.set(name, { source: entry.source, originalName: entry.tool.name });
				tools.push({
					...entry.tool,
					name,
					serverName: entry.tool.serverName ?? entry.tool.name,
					trustAnnotations: entry.source.trustAnnotations ?? entry.tool.trustAnnotations,
				});
			}
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
