import type { AgentTool } from './tool-provider';

export interface ToolPolicyOptions {
	/** Tool names the user allowed explicitly: they run even when not annotated read-only or when destructive. */
	allowedTools?: string[];
	/** When set, a call whose `namespace` argument is outside this list is refused. */
	allowedNamespaces?: string[];
}

export type ToolDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Names that change a cluster or a repository (`pods_delete`, `pods_exec`, `pods_run`,
 * `resources_create_or_update`, `deployments_scale`, Gitea's `delete_branch`). They count as
 * destructive even when a server forgets the annotation; matching whole name segments keeps them
 * caught behind a prefix.
 */
const DESTRUCTIVE_NAME =
	/(?:^|[_.\-/])(?:delete|exec|create_or_update|scale|pods_run)$|(?:^|[_.\-/])delete[_.\-/]/i;

export function isDestructiveTool(tool: Pick<AgentTool, 'name' | 'annotations'>): boolean {
	return tool.annotations?.destructiveHint === true || DESTRUCTIVE_NAME.test(tool.name);
}

/**
 * Read-only by default: a tool runs when its MCP annotations say `readOnlyHint` and it is not
 * destructive, or when the user allowed it by name. The namespace list applies to every call,
 * allowed-by-name ones included, and to tools that take a `namespace` argument; a call that omits
 * it would reach every namespace, so it is refused as well.
 */
export function createToolPolicy(options: ToolPolicyOptions = {}) {
	const allowedTools = new Set(options.allowedTools ?? []);
	const allowedNamespaces = options.allowedNamespaces?.length ? new Set(options.allowedNamespaces) : undefined;

	/** Whether the tool may be offered to the model at all (arguments not yet known). */
	function permitsTool(tool: AgentTool): ToolDecision {
		if (allowedTools.has(tool.name)) return { allowed: true };
		if (isDestructiveTool(tool)) {
			return {
				allowed: false,
				reason: `"${tool.name}" is destructive and was not allowed by name in the agent's allowed tools`,
			};
		}
		if (tool.annotations?.readOnlyHint === true) return { allowed: true };
		return {
			allowed: false,
			reason: `"${tool.name}" is not annotated read-only by its server and was not allowed by name in the agent's allowed tools`,
		};
	}

	function permitsCall(tool: AgentTool, args: Record<string, unknown>): ToolDecision {
		const toolDecision = permitsTool(tool);
		if (!toolDecision.allowed || !allowedNamespaces) return toolDecision;
		const namespace = args.namespace;
		if (namespace === undefined || namespace === null || namespace === '') {
			if (!declaresNamespace(tool)) return toolDecision;
			return {
				allowed: false,
				reason: `"${tool.name}" was called without a namespace; allowed namespaces: ${[...allowedNamespaces].join(', ')}`,
			};
		}
		if (typeof namespace !== 'string' || !allowedNamespaces.has(namespace)) {
			return {
				allowed: false,
				reason: `namespace "${String(namespace)}" is not in the allowed namespaces (${[...allowedNamespaces].join(', ')})`,
			};
		}
		return toolDecision;
	}

	return { permitsTool, permitsCall };
}

export type ToolPolicy = ReturnType<typeof createToolPolicy>;

function declaresNamespace(tool: AgentTool): boolean {
	const properties = tool.inputSchema.properties;
	return typeof properties === 'object' && properties !== null && 'namespace' in properties;
}
