// Shared set-up for the agent loop tests: a LiteLLM stand-in over HTTP, the fixture cluster MCP
// server in-process, and the real chat client between them.
import type { AgentConfigInput } from '../../../nodes/shared/agent/config';
import { runAgent, type AgentDependencies } from '../../../nodes/shared/agent/run-agent';
import type { ToolProvider } from '../../../nodes/shared/agent/tool-provider';
import { createChatClient, type ChatClientOptions } from '../../../nodes/shared/llm/client';
import { createClusterMcpServer, type ClusterFixture, type ClusterFixtureOptions } from '../../support/agent-mcp-fixtures';
import { startLiteLlmStandin, type ChatBody, type LiteLlmStandin, type StandinOptions } from '../../support/litellm-standin';
import { connectInProcess, type InProcessMcp } from '../../support/sdk-tool-provider';

export const API_KEY = 'sk-agent-test-7731';

export interface Harness {
	standin: LiteLlmStandin;
	cluster: ClusterFixture;
	mcp: InProcessMcp;
	run(config: Partial<AgentConfigInput>, extra?: Partial<AgentDependencies> & { client?: Partial<ChatClientOptions> }): ReturnType<typeof runAgent>;
	close(): Promise<void>;
}

export async function startHarness(
	models: StandinOptions['models'],
	options: { cluster?: ClusterFixtureOptions; tools?: (cluster: ToolProvider) => ToolProvider } = {},
): Promise<Harness> {
	const standin = await startLiteLlmStandin({ apiKey: API_KEY, models });
	const cluster = createClusterMcpServer(options.cluster);
	const mcp = await connectInProcess(cluster.server);
	const tools = options.tools ? options.tools(mcp.provider) : mcp.provider;
	return {
		standin,
		cluster,
		mcp,
		run(config, extra = {}) {
			const { client, ...dependencies } = extra;
			const chat = createChatClient({ baseUrl: standin.url, apiKey: API_KEY, ...client });
			return runAgent(
				{ model: Object.keys(models)[0], userPrompt: 'Pod build-7f9c in namespace ci failed. Find out why.', ...config },
				{ chat, tools, ...dependencies },
			);
		},
		async close() {
			await mcp.close();
			await standin.close();
		},
	};
}

export type Message = NonNullable<ChatBody['messages']>[number];

export function toolMessages(body: ChatBody | undefined): Message[] {
	return (body?.messages ?? []).filter((message) => message.role === 'tool');
}

export function lastMessage(body: ChatBody | undefined): Message | undefined {
	const messages = body?.messages ?? [];
	return messages[messages.length - 1];
}

export function offeredToolNames(body: ChatBody | undefined): string[] {
	return ((body?.tools ?? []) as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
}
