import { combineToolProviders, toolProviderFromSession, type ToolSource } from '../shared/agent';
import { createChatClient, type ChatClient } from '../shared/llm';
import { buildServerConfig, McpSession, parseHeaderLines, serverConfigFromCredential, type McpServerCredentialFields } from '../shared/mcp';

/** The `liteLlmApi` credential's fields, as n8n hands them over. */
export interface LiteLlmCredentialFields {
	url?: unknown;
	apiKey?: unknown;
	headers?: unknown;
}

export function chatClientFromCredential(fields: LiteLlmCredentialFields): ChatClient {
	const apiKey = typeof fields.apiKey === 'string' ? fields.apiKey.trim() : '';
	return createChatClient({
		baseUrl: typeof fields.url === 'string' ? fields.url : '',
		apiKey: apiKey || undefined,
		headers: parseHeaderLines(typeof fields.headers === 'string' ? fields.headers : '', 'Extra Headers'),
	});
}

export interface AdditionalServer {
	url?: string;
	transport?: string;
	prefix?: string;
	token?: string;
	trustAnnotations?: boolean;
}

export interface OpenedTools {
	sources: ToolSource[];
	close(): Promise<void>;
}

/**
 * Opens one MCP session per server for the whole execution: the credential's server (when the node
 * uses it) and each additional server. All-or-nothing: when one fails, those already open are closed.
 */
export async function openToolSessions(options: {
	credential?: McpServerCredentialFields;
	additional: AdditionalServer[];
	signal: AbortSignal;
}): Promise<OpenedTools> {
	const sessions: McpSession[] = [];
	const sources: ToolSource[] = [];
	const close = async () => {
		await Promise.all(sessions.map((session) => session.close()));
	};
	let opened = false;
	try {
		if (options.credential) {
			const session = await McpSession.open(serverConfigFromCredential(options.credential), { signal: options.signal });
			sessions.push(session);
			sources.push({
				provider: toolProviderFromSession(session),
				label: `the MCP Server credential's server (${session.config.url})`,
				trustAnnotations: session.config.trustAnnotations === true,
			});
		}
		for (const [index, server] of options.additional.entries()) {
			const token = server.token?.trim();
			const config = buildServerConfig({
				url: server.url,
				transport: server.transport,
				authentication: token ? 'bearer' : 'none',
				token,
				trustAnnotations: server.trustAnnotations === true,
			});
			const session = await McpSession.open(config, { signal: options.signal });
			sessions.push(session);
			sources.push({
				provider: toolProviderFromSession(session),
				prefix: server.prefix?.trim() || undefined,
				label: `additional MCP server ${index + 1} (${config.url})`,
				trustAnnotations: config.trustAnnotations === true,
			});
		}
		opened = true;
		return { sources, close };
	} finally {
		if (!opened) await close();
	}
}

export function combinedTools(opened: OpenedTools) {
	return opened.sources.length ? combineToolProviders(opened.sources) : undefined;
}

/** Splits a comma- or newline-separated list parameter. */
export function listParameter(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String).map((entry) => entry.trim()).filter(Boolean);
	return String(value ?? '')
		.split(/[,\n]/)
		.map((entry) => entry.trim())
		.filter(Boolean);
}
