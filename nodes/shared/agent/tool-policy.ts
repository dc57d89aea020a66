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
 * Read-only tools whose output is a credential: kubernetes-mcp-server's `configuration_view` prints
 * its kubeconfig, bearer token included. Offered only when allowed by name (behind a gateway prefix too).
 */
const SENSITIVE_READ = /(?:^|[_.\-/])configuration_view$/i;

/**
 * Read-only by default: a tool runs when its MCP annotations say `readOnlyHint` and it is not
 * destructive or a credential dump, or when the user allowed it by name. With a namespace list,
 * tools that take no namespace are not offered (unless allowed by name), and every call's
 * `namespace` must be in the list, allowed-by-name ones included; a call that omits it would reach
 * every namespace, so it is refused as well.
 */
export function createToolPolicy(options: ToolPolicyOptions = {}) {
	const allowedTools = new Set(options.allowedTools ?? []);
	const allowedNamespaces = options.allowedNamespaces?.length ? new Set(options.allowedNamespaces) : undefined;

	/** Whether the tool may be offered to the model at all (arguments not yet known). */
	function permitsTool(tool: AgentTool): ToolDecision {
		if (allowedTools.has(tool.name)) return { allowed: true };
		if (SENSITIVE_READ.test(tool.name)) {
			return { allowed: false, reason: `"${tool.name}" returns credentials (the server's kubeconfig) and was not allowed by name in the agent's allowed tools` };
		}
		// With a namespace list, a tool that takes no namespace reads across all of them (pods_list, nodes_log).
		if (allowedNamespaces && !declaresNamespace(tool)) {
			return {
				allowed: false,
				reason: `"${tool.name}" takes no namespace, so it would read outside the allowed namespaces (${[...allowedNamespaces].join(', ')}); allow it by name to use it anyway`,
			};
		}
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
