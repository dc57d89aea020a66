import { AgentError } from '../../../nodes/shared/agent/run-agent';
import type { ToolProvider } from '../../../nodes/shared/agent/tool-provider';
import { failWith, liteLlmErrors, reply, toolCalls, type RecordedRequest, type StandinStep } from '../../support/litellm-standin';
import { startHarness, toolMessages, type Harness } from './harness';

let harness: Harness;
afterEach(async () => {
	await harness.close();
});

const failure = (promise: Promise<unknown>) => promise.then(
	() => {
		throw new Error('expected the run to fail');
	},
	(error: unknown) => error as AgentError,
);

describe('runAgent: model failures and fallbacks', () => {
	it.each([400, 429] as const)('moves to the fallback model on a spent budget (HTTP %i) without retrying it', async (status) => {
		harness = await startHarness({
			'llama-4-scout': [failWith(liteLlmErrors.budgetExceeded(status))],
			'qwen3-32b': [reply('Answer from the fallback.')],
		});

		const result = await harness.run({ fallbackModels: ['qwen3-32b'] });

		expect(result).toMatchObject({
			answer: 'Answer from the fallback.',
			model: 'qwen3-32b',
			stopReason: 'done',
			fallbacksTried: [{ model: 'llama-4-scout', code: 'budget_exceeded', message: expect.stringContaining('Budget has been exceeded!') }],
		});
		expect(harness.standin.chatRequests('llama-4-scout')).toHaveLength(1);
	});

	it('keeps the conversation when it changes model mid-run', async () => {
		harness = await startHarness({
			'llama-4-scout': [toolCalls([{ name: 'pods_get', arguments: { name: 'build-7f9c' } }]), failWith(liteLlmErrors.budgetExceeded(400))],
			'qwen3-32b': [reply('Picked up where the first model stopped.')],
		});

		const result = await harness.run({ fallbackModels: ['qwen3-32b'] });

		expect(result.model).toBe('qwen3-32b');
		expect(result.iterations).toBe(2);
		expect(toolMessages(harness.standin.chatRequests('qwen3-32b')[0].body)[0].content).toContain('kind: Pod');
	});

	it('fails with every classified cause when all models fail, never with an empty answer', async () => {
		harness = await startHarness({
			'llama-4-scout': [failWith(liteLlmErrors.budgetExceeded(429))],
			'qwen3-32b': [failWith(liteLlmErrors.serviceUnavailable()), failWith(liteLlmErrors.internalServerError())],
		});

		const error = await failure(harness.run({ fallbackModels: ['qwen3-32b', 'deepseek-r1'] }));

		expect(error).toBeInstanceOf(AgentError);
		expect(error.code).toBe('all_models_failed');
		expect(error.llmError?.code).toBe('not_found');
		expect(error.result).toMatchObject({ stopReason: 'all_models_failed', answer: null, iterations: 0 });
		expect(error.result.fallbacksTried.map((tried) => [tried.model, tried.code])).toEqual([
			['llama-4-scout', 'budget_exceeded'],
			['qwen3-32b', 'server'],
			['deepseek-r1', 'not_found'],
		]);
		expect(error.message).toContain('All 3 models failed');
		expect(error.message).toContain('check the "Fallback Models" parameter');
		expect(harness.standin.chatRequests('qwen3-32b')).toHaveLength(2);
	});

	it('waits for retry-after on a 429 and stays on the same model', async () => {
		harness = await startHarness({ llama: [failWith(liteLlmErrors.rateLimited(1)), reply('After the limit.')], qwen: [reply('never')] });
		const started = performance.now();

		const result = await harness.run({ fallbackModels: ['qwen'] });

		expect(result).toMatchObject({ answer: 'After the limit.', model: 'llama', fallbacksTried: [] });
		expect(performance.now() - started).toBeGreaterThanOrEqual(950);
		expect(harness.standin.chatRequests('qwen')).toHaveLength(0);
	});

	it('moves on once the rate-limit retries are used up', async () => {
		harness = await startHarness({
			llama: [failWith(liteLlmErrors.rateLimited(0)), failWith(liteLlmErrors.rateLimited(0))],
			qwen: [reply('From the fallback.')],
		});

		const result = await harness.run({ fallbackModels: ['qwen'] }, { client: { rateLimitRetries: 1 } });

		expect(result.model).toBe('qwen');
		expect(result.fallbacksTried).toEqual([expect.objectContaining({ model: 'llama', code: 'rate_limit' })]);
		expect(harness.standin.chatRequests('llama')).toHaveLength(2);
	});

	it('redacts secrets in tool results before the model sees them', async () => {
		const token = ['ghp_', 'Zr8Lq2Vw5Xt9Yb3Nc6Md1Kf4Hj7Gs0Pa2Qe8'].join('');
		const log = `cloning with ${token}\nfatal: Authentication failed for 'https://git.example.com/x.git/'`;
		harness = await startHarness(
			{ llama: (request: RecordedRequest): StandinStep => (toolMessages(request.body).length === 0 ? toolCalls([{ name: 'pods_log', arguments: { name: 'build-7f9c' } }]) : reply('Git auth failed.')) },
			{ cluster: { log } },
		);
		const result = await harness.run({});
		expect(result.answer).toBe('Git auth failed.');
		const sent = harness.standin.chatRequests().map((r) => JSON.stringify(r.body)).join('\n');
		expect(sent).toContain('Authentication failed');
		expect(sent).not.toContain(token);
		expect(sent).toContain('[REDACTED:');
	});

	it('shrinks tool results and retries once on a context-window error', async () => {
		const log = Array.from({ length: 40_000 }, (_, index) =>
			index === 20_000 ? 'Error: ENOSPC: no space left on device, write' : `INFO step-build copying layer ${index} of the image cache`,
		).join('\n');
		const smallContext = (request: RecordedRequest): StandinStep => {
			if (toolMessages(request.body).length === 0) return toolCalls([{ name: 'pods_log', arguments: { name: 'build-7f9c' } }]);
			if (request.promptTokens > 1_500) return failWith(liteLlmErrors.contextWindowExceeded('llama', 1_500));
			return reply('The node ran out of disk space.');
		};
		harness = await startHarness({ llama: smallContext }, { cluster: { log } });

		const result = await harness.run({});

		expect(result).toMatchObject({ answer: 'The node ran out of disk space.', model: 'llama', fallbacksTried: [] });
		expect(result.toolCalls[0].truncated).toBe(true);
		const [, tooBig, retried] = harness.standin.chatRequests();
		expect(tooBig.promptTokens).toBeGreaterThan(1_500);
		expect(retried.promptTokens).toBeLessThanOrEqual(1_500);
		expect(toolMessages(retried.body)[0].content).toContain('ENOSPC');
	});

	it('moves to the next model when the shrunk request still does not fit', async () => {
		harness = await startHarness({
			llama: [failWith(liteLlmErrors.contextWindowExceeded('llama')), failWith(liteLlmErrors.contextWindowExceeded('llama'))],
			'qwen-long': [reply('Fits here.')],
		});

		const result = await harness.run({ fallbackModels: ['qwen-long'] });

		expect(result.model).toBe('qwen-long');
		expect(result.fallbacksTried).toEqual([expect.objectContaining({ model: 'llama', code: 'context_window_exceeded' })]);
	});

	it('moves to the fallback model when a request is slower than the request timeout', async () => {
		harness = await startHarness({ slow: [reply('too late', { delayMs: 3_000 })], fast: [reply('In time.')] });
		const started = performance.now();

		const result = await harness.run({ fallbackModels: ['fast'], requestTimeoutMs: 300 });

		expect(result).toMatchObject({ answer: 'In time.', model: 'fast', fallbacksTried: [{ model: 'slow', code: 'timeout' }] });
		expect(performance.now() - started).toBeLessThan(2_000);
		expect(harness.standin.chatRequests('slow')[0].clientGone).toBe(true);
	});

	it('stops at the total timeout with stop reason timeout', async () => {
		harness = await startHarness({ slow: [reply('too late', { delayMs: 5_000 })], slower: [reply('too late', { delayMs: 5_000 })] });
		const started = performance.now();

		const error = await failure(harness.run({ fallbackModels: ['slower'], totalTimeoutMs: 400 }));

		expect(error.code).toBe('timeout');
		expect(error.result.stopReason).toBe('timeout');
		expect(error.message).toContain('total timeout of 400 ms');
		expect(performance.now() - started).toBeLessThan(2_000);
	});

	it('stops at once on an auth failure and tries no fallback with the same key', async () => {
		harness = await startHarness({ llama: [reply('never')], qwen: [reply('never')] });

		const error = await failure(harness.run({ fallbackModels: ['qwen'] }, { client: { apiKey: 'sk-revoked' } }));

		expect(error.code).toBe('auth');
		expect(error.llmError?.code).toBe('auth');
		expect(error.message).toContain('Check the API key');
		expect(harness.standin.requests).toHaveLength(1);
	});

	it('stops when n8n cancels the run', async () => {
		harness = await startHarness({ llama: [reply('slow', { delayMs: 5_000 })] });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 150);

		const error = await failure(harness.run({}, { signal: controller.signal }));

		expect(error.code).toBe('cancelled');
		expect(error.result.stopReason).toBe('cancelled');
	});

	it('cancels a running tool call too', async () => {
		harness = await startHarness(
			{ llama: [toolCalls([{ name: 'slow_echo', arguments: { tag: 'x', ms: 5_000 } }]), reply('never')] },
		);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 300);
		const started = performance.now();

		const error = await failure(harness.run({ allowedTools: ['slow_echo'] }, { signal: controller.signal }));

		expect(error.code).toBe('cancelled');
		expect(performance.now() - started).toBeLessThan(2_000);
		expect(harness.standin.chatRequests()).toHaveLength(1);
	});

	it('reports an MCP server that cannot list its tools', async () => {
		const broken: ToolProvider = {
			listTools: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:8080')),
			callTool: () => Promise.reject(new Error('unreachable')),
		};
		harness = await startHarness({ llama: [reply('never')] }, { tools: () => broken });

		const error = await failure(harness.run({}));

		expect(error.code).toBe('tools_unavailable');
		expect(error.message).toContain('ECONNREFUSED');
		expect(harness.standin.chatRequests()).toHaveLength(0);
	});

	it('gives a failing tool call back to the model instead of failing the run', async () => {
		const flaky: ToolProvider = {
			listTools: async () => [{ name: 'pods_get', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } }],
			callTool: () => Promise.reject(new Error('MCP session expired')),
		};
		harness = await startHarness({ llama: [toolCalls([{ name: 'pods_get', arguments: {} }]), reply('Could not read the pod.')] }, { tools: () => flaky });

		const result = await harness.run({});

		expect(result.toolCalls[0]).toMatchObject({ status: 'error', error: 'MCP session expired' });
		expect(toolMessages(harness.standin.chatRequests()[1].body)[0].content).toContain('the tool call failed: MCP session expired');
	});
});
