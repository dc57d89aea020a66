import { knownReadOnlyPrefix } from './known-tools';
import { secretArgument, screenSecretObjects, type ScreenedText } from './secret-reads';
import { hasDestructiveWord, isCredentialDumpName, isSecretWord, toolNameWords } from './tool-names';
import type { AgentTool } from './tool-provider';

export interface ToolPolicyOptions {
	/** Tool names the user allowed explicitly: they run even when not known read-only or when destructive. */
	allowedTools?: string[];
	/** When set, a call whose `namespace` argument is outside this list is refused. */
	allowedNamespaces?: string[];
	/** Tool names that may read Kubernetes Secrets, values included; by default no tool may. */
	allowedSecretReads?: string[];
}

export type ToolDecision = { allowed: true } | { allowed: false; reason: string };

/** The names a tool goes by: the one offered to the model, and the one its server listed (which a prefix or sanitising may have changed). */
function namesOf(tool: Pick<AgentTool, 'name' | 'serverName'>): string[] {
	return tool.serverName && tool.serverName !== tool.name ? [tool.name, tool.serverName] : [tool.name];
}

/** Words of every name of the tool; undefined when a name is too long to read (such a tool is refused). */
function wordsOf(tool: Pick<AgentTool, 'name' | 'serverName'>): string[] | undefined {
	const words: string[] = [];
	for (const name of namesOf(tool)) {
		const nameWords = toolNameWords(name);
		if (!nameWords) return undefined;
		words.push(...nameWords);
	}
	return words;
}

/**
 * `destructiveName` (see tool-names.ts): names that change a cluster or a repository — `pods_delete`,
 * `helm_install`, `resources_patch`, `podsDelete`, `nodes-drain`, `gitea.merge_pull_request`,
 * Cyrillic look-alikes — count as destructive even when the server annotates them read-only. A
 * `destructiveHint: true` is believed from any server: it can only make the agent more careful.
 */
export function isDestructiveTool(tool: Pick<AgentTool, 'name' | 'serverName' | 'annotations'>): boolean {
	if (tool.annotations?.destructiveHint === true) return true;
	const words = wordsOf(tool);
	return words === undefined || hasDestructiveWord(words);
}

/** `credentialDump`: `configuration_view` (the kubeconfig, bearer token included) and its look-alikes. */
export function isCredentialDumpTool(tool: Pick<AgentTool, 'name' | 'serverName'>): boolean {
	const words = wordsOf(tool);
	return words === undefined || isCredentialDumpName(words);
}

function isSecretTool(tool: Pick<AgentTool, 'name' | 'serverName'>): boolean {
	return (wordsOf(tool) ?? []).some(isSecretWord);
}

/**
 * `knownReadOnly`: with its server's annotations untrusted, a tool is read-only only when the name
 * its server listed is a known read-only tool of the Kubernetes or Gitea MCP server (known-tools.ts),
 * possibly behind a gateway prefix that itself names nothing destructive.
 */
export function isKnownReadOnlyTool(tool: Pick<AgentTool, 'name' | 'serverName'>): boolean {
	const prefix = knownReadOnlyPrefix(tool.serverName ?? tool.name);
	if (prefix === undefined) return false;
	if (!prefix) return true;
	const words = toolNameWords(prefix);
	return words !== undefined && !hasDestructiveWord(words) && !isCredentialDumpName(words);
}

/**
 * Read-only by default. A tool is offered when the user allowed it by name; otherwise never when it
 * dumps credentials, reads Secrets (unless allowed for Secret reads) or is destructive, and only
 * when it is a known read-only tool or — for a server whose annotations the user trusts — annotated
 * `readOnlyHint`. With a namespace list, tools that take no namespace are not offered (unless
 * allowed by name), and every call's `namespace` must be in the list, allowed-by-name ones
 * included; a call that omits it would reach every namespace, so it is refused as well. Calls whose
 * arguments name Secrets are refused unless the tool is allowed for Secret reads.
 */
export function createToolPolicy(options: ToolPolicyOptions = {}) {
	const allowedTools = new Set(options.allowedTools ?? []);
	const allowedNamespaces = options.allowedNamespaces?.length ? new Set(options.allowedNamespaces) : undefined;
	const allowedSecretReads = new Set(options.allowedSecretReads ?? []);
	const readsSecrets = (tool: AgentTool) => allowedSecretReads.has(tool.name);

	/** Whether the tool may be offered to the model at all (arguments not yet known). */
	function permitsTool(tool: AgentTool): ToolDecision {
		if (allowedTools.has(tool.name)) return { allowed: true };
		if (isCredentialDumpTool(tool)) {
			return { allowed: false, reason: `"${tool.name}" returns credentials (a kubeconfig, tokens or passwords) and was not allowed by name in the agent's allowed tools` };
		}
		if (isSecretTool(tool) && !readsSecrets(tool)) {
			return { allowed: false, reason: `"${tool.name}" reads Secrets, and Secret reads were not allowed for it by name (Allowed Secret Reads)` };
		}
		// With a namespace list, a tool that takes no namespace reads across all of them (pods_list, nodes_log).
		if (allowedNamespaces && !declaresNamespace(tool)) {
			return {
				allowed: false,
				reason: `"${tool.name}" takes no namespace, so it would read outside the allowed namespaces (${[...allowedNamespaces].join(', ')}); allow it by name to use it anyway`,
			};
		}
		const known = isKnownReadOnlyTool(tool);
		if (tool.annotations?.destructiveHint === true || (!known && isDestructiveTool(tool))) {
			return {
				allowed: false,
				reason: `"${tool.name}" is destructive and was not allowed by name in the agent's allowed tools`,
			};
		}
		if (known) return { allowed: true };
		if (tool.trustAnnotations === true && tool.annotations?.readOnlyHint === true) return { allowed: true };
		return {
			allowed: false,
			reason:
				tool.trustAnnotations === true
					? `"${tool.name}" is not annotated read-only by its server and was not allowed by name in the agent's allowed tools`
					: `"${tool.name}" is not a known read-only tool, its server's annotations are not trusted (Trust Tool Annotations), and it was not allowed by name in the agent's allowed tools`,
		};
	}

	function permitsCall(tool: AgentTool, args: Record<string, unknown>): ToolDecision {
		const toolDecision = permitsTool(tool);
		if (!toolDecision.allowed) return toolDecision;
		const secretPath = readsSecrets(tool) ? undefined : secretArgument(args);
		if (secretPath !== undefined) {
			return {
				allowed: false,
				reason: `the argument "${secretPath}" names Kubernetes Secrets, and Secret reads were not allowed for "${tool.name}" by name (Allowed Secret Reads); Secret values must not reach the model`,
			};
		}
		if (!allowedNamespaces) return toolDecision;
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

	/** A tool's result as the model may see it: Secrets reduced to names, keys and types unless the tool may read them. */
	function screenResult(tool: AgentTool, text: string): ScreenedText {
		return readsSecrets(tool) ? { text, withheld: 0 } : screenSecretObjects(text);
	}

	return { permitsTool, permitsCall, screenResult };
}

export type ToolPolicy = ReturnType<typeof createToolPolicy>;

function declaresNamespace(tool: AgentTool): boolean {
	const properties = tool.inputSchema.properties;
	return typeof properties === 'object' && properties !== null && 'namespace' in properties;
}
