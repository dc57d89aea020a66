// npm run bench:agent — the LiteLLM Agent loop's own cost and the prompt sizes it sends.
//   1. Loop overhead per iteration: an instant scripted model (in-process, no HTTP) and an in-process
//      MCP server; everything measured is the agent's own work plus the MCP round trip. Target < 5 ms.
//   2. Prompt tokens in a 6-iteration run whose pods_log tool returns a 5 MB log, through the real
//      chat client and the LiteLLM stand-in over HTTP, default budgets. Target: no request above
//      8k tokens, and the log's error line still reaches the model.
import { runAgent } from '../nodes/shared/agent/run-agent';
import type { ChatClient, ChatReply } from '../nodes/shared/llm/client';
import { createChatClient } from '../nodes/shared/llm/client';
import { createClusterMcpServer } from '../test/support/agent-mcp-fixtures';
import { reply, startLiteLlmStandin, toolCalls, type RecordedRequest, type StandinStep } from '../test/support/litellm-standin';
import { connectInProcess } from '../test/support/sdk-tool-provider';

const OVERHEAD_TARGET_MS = 5;
const TOKEN_TARGET = 8_000;
const ERROR_LINE = 'npm ERR! code E404 404 Not Found - GET https://registry.npmjs.org/left-pad-internal - Not found';

async function loopOverhead(runs: number, iterations: number) {
	const cluster = createClusterMcpServer();
	const mcp = await connectInProcess(cluster.server);
	const perIteration: number[] = [];
	try {
		for (let run = 0; run < runs + 2; run++) {
			let turn = 0;
			const instant: ChatClient = {
				async complete(request): Promise<ChatReply> {
					turn++;
					const done = turn >= iterations || !request.tools;
					return {
						model: request.model,
						content: done ? 'The build failed on a missing module.' : null,
						toolCalls: done ? [] : [{ id: `call_${turn}`, name: 'pods_get', arguments: '{"namespace":"ci","name":"build-7f9c"}' }],
						finishReason: done ? 'stop' : 'tool_calls',
						usage: { promptTokens: 0, completionTokens: 0 },
						attempts: 1,
					};
				},
				listModels: async () => ['instant'],
			};
			const started = performance.now();
			const result = await runAgent(
				{ model: 'instant', userPrompt: 'Pod build-7f9c in namespace ci failed. Find out why.', maxIterations: iterations },
				{ chat: instant, tools: mcp.provider },
			);
			const elapsed = performance.now() - started;
			if (result.iterations !== iterations) throw new Error(`expected ${iterations} iterations, got ${result.iterations}`);
			// The first two runs warm up the JIT and the tokenizer's caches.
			if (run >= 2) perIteration.push(elapsed / result.iterations);
		}
	} finally {
		await mcp.close();
	}
	perIteration.sort((a, b) => a - b);
	return {
		median: perIteration[Math.floor(perIteration.length / 2)],
		p95: perIteration[Math.min(perIteration.length - 1, Math.floor(perIteration.length * 0.95))],
	};
}

function fiveMegabyteLog(): string {
	const lines: string[] = [];
	let size = 0;
	for (let index = 0; size < 5 * 1024 * 1024; index++) {
		const line = `2026-05-01T10:${String(index % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}Z INFO step-build [webpack] compiled chunk ${index} of the bundle in ${index % 97} ms`;
		lines.push(line);
		size += line.length + 1;
	}
	lines[Math.floor(lines.length * 0.62)] = ERROR_LINE;
	return lines.join('\n');
}

async function promptTokensWithHugeLog() {
	const log = fiveMegabyteLog();
	const cluster = createClusterMcpServer({ log });
	const mcp = await connectInProcess(cluster.server);
	const digger = (request: RecordedRequest): StandinStep =>
		request.callIndex < 5 ? toolCalls([{ name: 'pods_log', arguments: { namespace: 'ci', name: 'build-7f9c', tail: 1_000_000 } }]) : reply('The registry has no left-pad-internal.');
	const standin = await startLiteLlmStandin({ apiKey: 'sk-bench', models: { scout: digger } });
	try {
		const started = performance.now();
		const result = await runAgent(
			{ model: 'scout', userPrompt: 'Pod build-7f9c in namespace ci failed. Find out why.', maxIterations: 6 },
			{ chat: createChatClient({ baseUrl: standin.url, apiKey: 'sk-bench' }), tools: mcp.provider },
		);
		const elapsed = performance.now() - started;
		const requests = standin.chatRequests();
		const afterFirstLog = requests.slice(1);
		return {
			logBytes: Buffer.byteLength(log),
			iterations: result.iterations,
			toolCalls: result.toolCalls.length,
			promptTokens: requests.map((request) => request.promptTokens),
			errorLineReached: afterFirstLog.length > 0 && afterFirstLog.every((request) => JSON.stringify(request.body?.messages).includes(ERROR_LINE)),
			elapsed,
		};
	} finally {
		await standin.close();
		await mcp.close();
	}
}

async function main() {
	const mark = (ok: boolean) => (ok ? 'OK' : 'MISSED');
	console.log(`LiteLLM Agent benchmark — Node ${process.version}, ${new Date().toISOString()}`);

	const overhead = await loopOverhead(20, 10);
	console.log(
		`loop overhead per iteration (instant model, in-process MCP, 20 runs x 10 iterations): median ${overhead.median.toFixed(2)} ms, p95 ${overhead.p95.toFixed(2)} ms — target < ${OVERHEAD_TARGET_MS} ms: ${mark(overhead.p95 < OVERHEAD_TARGET_MS)}`,
	);

	const tokens = await promptTokensWithHugeLog();
	const largest = Math.max(...tokens.promptTokens);
	console.log(
		`prompt tokens, ${tokens.iterations} iterations, ${tokens.toolCalls} pods_log calls returning ${(tokens.logBytes / 1024 / 1024).toFixed(1)} MB: per request [${tokens.promptTokens.join(', ')}], largest ${largest} — target <= ${TOKEN_TARGET}: ${mark(largest <= TOKEN_TARGET)}`,
	);
	console.log(`error line from the middle of the log in every request after the first log: ${tokens.errorLineReached ? 'yes' : 'no'} — ${mark(tokens.errorLineReached)}`);
	console.log(`(that run took ${(tokens.elapsed / 1000).toFixed(2)} s, mostly moving and cutting 5 MB five times)`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
