import { createServer } from 'node:net';

import { normaliseBaseUrl } from '../../../nodes/shared/llm/base-url';
import { createChatClient, retryDelayMs } from '../../../nodes/shared/llm/client';
import { LlmError } from '../../../nodes/shared/llm/errors';
import {
	failWith,
	liteLlmErrors,
	reply,
	startLiteLlmStandin,
	toolCalls,
	type LiteLlmStandin,
} from '../../support/litellm-standin';

const KEY = 'sk-test-1234';
const messages = [{ role: 'user' as const, content: 'Why did the build fail?' }];

describe('chat client against a LiteLLM stand-in', () => {
	let standin: LiteLlmStandin;

	afterEach(async () => {
		// The client speaks /chat/completions and /models only, never the Responses API.
		expect(standin.requests.filter((request) => request.path.includes('responses'))).toEqual([]);
		await standin.close();
	});

	it('sends the request and reads content, usage and the LiteLLM cost header', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { llama: [reply('The module is missing.', { costUsd: 0.0042 })] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY });

		const result = await client.complete({ model: 'llama', messages, temperature: 0.1, maxTokens: 300 });

		expect(result.content).toBe('The module is missing.');
		expect(result.costUsd).toBeCloseTo(0.0042);
		expect(result.usage.promptTokens).toBe(standin.requests[0].promptTokens);
		expect(result.usage.completionTokens).toBeGreaterThan(0);
		expect(result.attempts).toBe(1);
		const [request] = standin.chatRequests();
		expect(request.path).toBe('/v1/chat/completions');
		expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
		expect(request.body).toMatchObject({ model: 'llama', temperature: 0.1, max_tokens: 300, stream: false });
	});

	it('accepts content null beside tool calls and keeps the arguments as written', async () => {
		standin = await startLiteLlmStandin({
			apiKey: KEY,
			models: { qwen: [toolCalls([{ name: 'pods_get', arguments: { name: 'build-7f9c' }, id: 'call_a' }, { name: 'pods_log', arguments: '{bad' }])] },
		});
		const client = createChatClient({ baseUrl: `${standin.url}/v1/chat/completions`, apiKey: KEY });

		const result = await client.complete({
			model: 'qwen',
			messages,
			tools: [{ type: 'function', function: { name: 'pods_get', parameters: { type: 'object' } } }],
			toolChoice: 'required',
		});

		expect(result.content).toBeNull();
		expect(result.finishReason).toBe('tool_calls');
		expect(result.toolCalls).toEqual([
			{ id: 'call_a', name: 'pods_get', arguments: '{"name":"build-7f9c"}' },
			{ id: expect.any(String), name: 'pods_log', arguments: '{bad' },
		]);
		expect(standin.requests[0].body).toMatchObject({ tool_choice: 'required' });
	});

	it('sends custom headers, and no Authorization header when there is no key', async () => {
		standin = await startLiteLlmStandin({ apiKey: null, models: { m: [reply('ok')] } });
		const client = createChatClient({ baseUrl: standin.baseUrl, headers: { 'x-team': 'platform' } });

		await client.complete({ model: 'm', messages });

		expect(standin.requests[0].headers['x-team']).toBe('platform');
		expect(standin.requests[0].headers.authorization).toBeUndefined();
	});

	it('does not pick up OPENAI_API_KEY from the environment', async () => {
		standin = await startLiteLlmStandin({ apiKey: null, models: { m: [reply('ok')] } });
		const saved = process.env.OPENAI_API_KEY;
		process.env.OPENAI_API_KEY = 'sk-env-secret';
		try {
			await createChatClient({ baseUrl: standin.url }).complete({ model: 'm', messages });
		} finally {
			if (saved === undefined) delete process.env.OPENAI_API_KEY;
			else process.env.OPENAI_API_KEY = saved;
		}
		expect(JSON.stringify(standin.requests[0].headers)).not.toContain('sk-env-secret');
	});

	it('reports a rejected key as auth without retrying', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [reply('never')] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: 'sk-wrong' });

		const error = await client.complete({ model: 'm', messages }).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(LlmError);
		expect((error as LlmError).code).toBe('auth');
		expect(standin.requests).toHaveLength(1);
	});

	it.each([400, 429] as const)('never retries a spent budget (HTTP %i)', async (status) => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [failWith(liteLlmErrors.budgetExceeded(status)), reply('never')] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY, rateLimitRetries: 3 });

		const error = (await client.complete({ model: 'm', messages }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('budget_exceeded');
		expect(standin.chatRequests()).toHaveLength(1);
	});

	it('waits for retry-after on a 429 and then succeeds', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [failWith(liteLlmErrors.rateLimited(1)), reply('after the wait')] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY });
		const started = performance.now();

		const result = await client.complete({ model: 'm', messages });

		expect(result.content).toBe('after the wait');
		expect(result.attempts).toBe(2);
		expect(performance.now() - started).toBeGreaterThanOrEqual(950);
		expect(standin.chatRequests()).toHaveLength(2);
	});

	it('gives up on a rate limit whose retry-after is longer than it may wait', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [failWith(liteLlmErrors.rateLimited(60)), reply('too late')] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY, maxRetryWaitMs: 5_000 });

		const error = (await client.complete({ model: 'm', messages }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('rate_limit');
		expect(error.retryAfterMs).toBe(60_000);
		expect(standin.chatRequests()).toHaveLength(1);
	});

	it('retries a 5xx once, then reports it as server', async () => {
		standin = await startLiteLlmStandin({
			apiKey: KEY,
			models: { m: [failWith(liteLlmErrors.serviceUnavailable()), failWith(liteLlmErrors.internalServerError()), reply('never')] },
		});
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY });

		const error = (await client.complete({ model: 'm', messages }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('server');
		expect(standin.chatRequests()).toHaveLength(2);
	});

	it('times out a slow request at its explicit timeout and does not retry it', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [reply('slow', { delayMs: 2_000 }), reply('never')] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY, timeoutMs: 60_000 });
		const started = performance.now();

		const error = (await client.complete({ model: 'm', messages }, { timeoutMs: 300 }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('timeout');
		expect(performance.now() - started).toBeLessThan(1_500);
		expect(standin.chatRequests()).toHaveLength(1);
	});

	it('reports an unknown model as not_found with LiteLLM message', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [reply('x')] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY });

		const error = (await client.complete({ model: 'gpt-9', messages }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('not_found');
		expect(error.message).toContain('Invalid model name passed in model=gpt-9');
	});

	it('stops at once when the caller aborts', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { m: [reply('slow', { delayMs: 5_000 })] } });
		const client = createChatClient({ baseUrl: standin.url, apiKey: KEY });
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 100);

		const error = (await client.complete({ model: 'm', messages }, { signal: controller.signal }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('aborted');
	});

	it('lists the models for the credential test and the model dropdown', async () => {
		standin = await startLiteLlmStandin({ apiKey: KEY, models: { 'llama-4-scout': [], 'qwen3-32b': [] } });
		const client = createChatClient({ baseUrl: `${standin.url}/`, apiKey: KEY });

		expect(await client.listModels()).toEqual(['llama-4-scout', 'qwen3-32b']);
		expect(standin.requests[0].path).toBe('/v1/models');
		const rejected = (await createChatClient({ baseUrl: standin.url, apiKey: 'sk-no' })
			.listModels()
			.catch((caught: unknown) => caught)) as LlmError;
		expect(rejected.code).toBe('auth');
	});
});

describe('chat client without a server', () => {
	it('reports a refused connection as connection after one retry', async () => {
		const port = await closedPort();
		const client = createChatClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEY });

		const error = (await client.complete({ model: 'm', messages }).catch((caught: unknown) => caught)) as LlmError;

		expect(error.code).toBe('connection');
		expect(error.message).toContain('could not be reached');
	});
});

describe('normaliseBaseUrl', () => {
	it.each([
		['http://litellm:4000', 'http://litellm:4000/v1'],
		['http://litellm:4000/', 'http://litellm:4000/v1'],
		['  http://litellm:4000/v1/  ', 'http://litellm:4000/v1'],
		['http://litellm:4000/v1/chat/completions', 'http://litellm:4000/v1'],
		['https://gw.example.com/litellm/v1/models', 'https://gw.example.com/litellm/v1'],
		['https://gw.example.com/proxy', 'https://gw.example.com/proxy'],
		['http://litellm:4000/v1?x=1', 'http://litellm:4000/v1'],
	])('%s → %s', (input, expected) => {
		expect(normaliseBaseUrl(input)).toBe(expected);
	});

	it.each(['litellm:4000', 'ftp://litellm', 'http://user:secret@litellm:4000', ''])('rejects %p', (input) => {
		expect(() => normaliseBaseUrl(input)).toThrow(expect.objectContaining({ code: 'invalid_url' }));
	});
});

describe('retryDelayMs', () => {
	const policy = { rateLimitRetries: 2, transientRetries: 1, maxRetryWaitMs: 10_000 };

	it('backs off exponentially on a rate limit without retry-after, up to the retry count', () => {
		const limited = new LlmError('rate_limit');
		expect(retryDelayMs(limited, 1, policy)).toBe(1_000);
		expect(retryDelayMs(limited, 2, policy)).toBe(2_000);
		expect(retryDelayMs(limited, 3, policy)).toBeUndefined();
	});

	it('never retries budget, auth, context window or unknown-model failures', () => {
		for (const code of ['budget_exceeded', 'auth', 'context_window_exceeded', 'not_found', 'timeout', 'bad_request'] as const) {
			expect(retryDelayMs(new LlmError(code), 1, policy)).toBeUndefined();
		}
	});
});

function closedPort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
