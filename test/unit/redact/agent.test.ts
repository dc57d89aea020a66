import { AgentError } from '../../../nodes/shared/agent/run-agent';
import type { ToolProvider } from '../../../nodes/shared/agent/tool-provider';
import { reply, toolCalls, type RecordedRequest, type StandinStep } from '../../support/litellm-standin';
import { startHarness, toolMessages, type Harness } from '../agent/harness';

/** The model asks for `pods_log` once, then answers. */
const askOnceThenAnswer = (request: RecordedRequest): StandinStep =>
	toolMessages(request.body).length === 0 ? toolCalls([{ name: 'pods_log', arguments: { name: 'build-7f9c' } }]) : reply('Done.');

describe('the agent and redaction', () => {
	let harness: Harness | undefined;
	afterEach(async () => {
		await harness?.close();
		harness = undefined;
	});

	it('redacts a tool error message before it goes into toolCalls[].error and to the model', async () => {
		const failing = (cluster: ToolProvider): ToolProvider => ({
			listTools: (signal) => cluster.listTools(signal),
			callTool: () => Promise.reject(new Error('POST https://bot:pa55w0rd@mcp.example.com/mcp?token=tok-7f3a9c failed: socket hang up')),
		});
		harness = await startHarness({ llama: askOnceThenAnswer }, { tools: failing });
		const result = await harness.run({});
		expect(result.toolCalls[0]).toMatchObject({ name: 'pods_log', status: 'error' });
		expect(result.toolCalls[0].error).toContain('socket hang up');
		const sent = harness.standin.chatRequests().map((request) => JSON.stringify(request.body)).join('\n');
		for (const shown of [result.toolCalls[0].error ?? '', sent]) expect(shown).not.toMatch(/pa55w0rd|tok-7f3a9c/);
	});

	it('honours its total timeout while it processes a huge hostile tool result', async () => {
		// One 9 MB line of `password.`: the old pattern took 12 s on 10 KB of it and the agent redacted the whole result.
		const hostile = 'password.'.repeat(1_000_000);
		harness = await startHarness({ llama: askOnceThenAnswer }, { cluster: { log: hostile } });
		const started = performance.now();
		const outcome = await harness.run({ totalTimeoutMs: 3_000 }).catch((error: unknown) => error);
		expect(performance.now() - started).toBeLessThan(10_000);
		if (outcome instanceof AgentError) expect(outcome.code).toBe('timeout');
		else expect(outcome).toMatchObject({ answer: 'Done.' });
	});
});
