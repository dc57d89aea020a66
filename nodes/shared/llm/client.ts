import OpenAI from 'openai';
import type {
	ChatCompletion,
	ChatCompletionCreateParamsNonStreaming,
	ChatCompletionFunctionTool,
	ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

import { normaliseBaseUrl } from './base-url';
import { LlmError, classifyHttpFailure, toLlmError } from './errors';

export interface ChatClientOptions {
	/** Base URL of the OpenAI-compatible endpoint, normalised by {@link normaliseBaseUrl}. */
	baseUrl: string;
	/** Sent as `Authorization: Bearer …`; omitted when empty (a LiteLLM proxy without a master key). */
	apiKey?: string;
	/** Extra headers on every request (for example a gateway's own auth header). */
	headers?: Record<string, string>;
	/** Per-request timeout. The SDK's default is 10 minutes, far too long for a workflow step. */
	timeoutMs?: number;
	/** Retries of a 429 on the same model, honouring `retry-after`. Budget errors are never retried. */
	rateLimitRetries?: number;
	/** Retries of a 5xx or a refused connection on the same model. */
	transientRetries?: number;
	/** A `retry-after` longer than this is not waited for: the caller moves on to a fallback model. */
	maxRetryWaitMs?: number;
	fetch?: typeof fetch;
}

export interface ChatCallOptions {
	signal?: AbortSignal;
	timeoutMs?: number;
}

export type ChatToolChoice = 'auto' | 'required' | 'none';

export interface ChatRequest {
	model: string;
	messages: ChatCompletionMessageParam[];
	tools?: ChatCompletionFunctionTool[];
	toolChoice?: ChatToolChoice;
	temperature?: number;
	maxTokens?: number;
}

export interface ChatToolCall {
	id: string;
	name: string;
	/** The arguments exactly as the model wrote them: usually JSON, not always. */
	arguments: string;
}

export interface ChatUsage {
	promptTokens: number;
	completionTokens: number;
}

export interface ChatReply {
	/** The model that answered, as the endpoint names it. */
	model: string;
	/** `null` is normal beside tool calls. */
	content: string | null;
	toolCalls: ChatToolCall[];
	finishReason: string | null;
	usage: ChatUsage;
	/** From LiteLLM's `x-litellm-response-cost` header, when the proxy sent one. */
	costUsd?: number;
	/** Requests made for this reply, retries included. */
	attempts: number;
}

export interface ChatClient {
	complete(request: ChatRequest, options?: ChatCallOptions): Promise<ChatReply>;
	listModels(options?: ChatCallOptions): Promise<string[]>;
}

export const CHAT_CLIENT_DEFAULTS = {
	timeoutMs: 60_000,
	rateLimitRetries: 2,
	transientRetries: 1,
	maxRetryWaitMs: 30_000,
} as const;

const TRANSIENT_RETRY_DELAY_MS = 500;
const RATE_LIMIT_BACKOFF_MS = 1_000;

/**
 * A `/chat/completions` client over the openai SDK. The SDK's own retries are switched off: it
 * would retry a 429 that is really a spent budget, and wait minutes doing so. This client retries
 * by its own small policy ({@link retryDelayMs}) and leaves model fallback to the caller.
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
	const settings = { ...CHAT_CLIENT_DEFAULTS, ...withoutUndefined(options) };
	const sdk = new OpenAI({
		baseURL: normaliseBaseUrl(options.baseUrl),
		// The SDK insists on a key and would otherwise read OPENAI_API_KEY from the environment and
		// send it to this endpoint; a placeholder whose header is then removed avoids both.
		apiKey: options.apiKey || 'unused',
		adminAPIKey: null,
		organization: null,
		project: null,
		timeout: settings.timeoutMs,
		maxRetries: 0,
		logLevel: 'off',
		fetch: options.fetch,
		defaultHeaders: { ...options.headers, ...(options.apiKey ? {} : { Authorization: null }) },
	});

	async function withRetries<T>(
		model: string | undefined,
		call: ChatCallOptions,
		attempt: (attemptNumber: number) => Promise<T>,
	): Promise<T> {
		for (let attemptNumber = 1; ; attemptNumber++) {
			try {
				return await attempt(attemptNumber);
			} catch (error) {
				const failure = toLlmError(error, model);
				const delay = retryDelayMs(failure, attemptNumber, settings);
				if (delay === undefined) throw failure;
				await sleep(delay, call.signal, model);
			}
		}
	}

	return {
		async complete(request, call = {}) {
			const body: ChatCompletionCreateParamsNonStreaming = {
				model: request.model,
				messages: request.messages,
				stream: false,
			};
			if (request.tools?.length) {
				body.tools = request.tools;
				if (request.toolChoice) body.tool_choice = request.toolChoice;
			}
			if (request.temperature !== undefined) body.temperature = request.temperature;
			if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;

			return withRetries(request.model, call, (attempts) =>
				withDeadline(call, settings.timeoutMs, request.model, async (requestOptions) => {
					const { data, response } = await sdk.chat.completions.create(body, requestOptions).withResponse();
					return readReply(data, response.headers, request.model, attempts);
				}),
			);
		},

		async listModels(call = {}) {
			return withRetries(undefined, call, () =>
				withDeadline(call, settings.timeoutMs, undefined, async (requestOptions) => {
					const page = await sdk.models.list(requestOptions);
					return page.data.map((model) => model.id).filter((id): id is string => typeof id === 'string');
				}),
			);
		},
	};
}

/**
 * How long to wait before the same request is tried again, or `undefined` for "do not retry".
 * Rate limits wait for `retry-after` (or back off exponentially); 5xx and refused connections are
 * retried shortly; everything else, a spent budget above all, is handed to the caller at once.
 */
export function retryDelayMs(
	failure: LlmError,
	attemptNumber: number,
	policy: Pick<Required<ChatClientOptions>, 'rateLimitRetries' | 'transientRetries' | 'maxRetryWaitMs'>,
): number | undefined {
	if (failure.code === 'rate_limit') {
		if (attemptNumber > policy.rateLimitRetries) return undefined;
		const wait = failure.retryAfterMs ?? RATE_LIMIT_BACKOFF_MS * 2 ** (attemptNumber - 1);
		return wait <= policy.maxRetryWaitMs ? wait : undefined;
	}
	if (failure.code === 'server' || failure.code === 'connection') {
		return attemptNumber <= policy.transientRetries ? TRANSIENT_RETRY_DELAY_MS * attemptNumber : undefined;
	}
	return undefined;
}

function readReply(data: ChatCompletion, headers: Headers, requestedModel: string, attempts: number): ChatReply {
	const choice = Array.isArray(data?.choices) ? data.choices[0] : undefined;
	if (!choice?.message) {
		// Some proxies answer 200 with an error body when an upstream fails after the headers went out.
		if (data && typeof data === 'object' && 'error' in data) {
			throw classifyHttpFailure({ status: 500, body: data, headers, model: requestedModel });
		}
		throw new LlmError('invalid_response', {
			model: requestedModel,
			serverMessage: 'the response has no choices[0].message',
		});
	}
	const toolCalls: ChatToolCall[] = [];
	for (const [index, call] of (choice.message.tool_calls ?? []).entries()) {
		if (call.type !== 'function' || !call.function?.name) continue;
		toolCalls.push({
			// Some open-model servers leave the id empty; the tool message must still reference one.
			id: call.id || `call_${index}`,
			name: call.function.name,
			arguments: typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments ?? {}),
		});
	}
	const cost = Number(headers.get('x-litellm-response-cost'));
	return {
		model: typeof data.model === 'string' && data.model ? data.model : requestedModel,
		content: typeof choice.message.content === 'string' ? choice.message.content : null,
		toolCalls,
		finishReason: choice.finish_reason ?? null,
		usage: {
			promptTokens: data.usage?.prompt_tokens ?? 0,
			completionTokens: data.usage?.completion_tokens ?? 0,
		},
		costUsd: headers.has('x-litellm-response-cost') && Number.isFinite(cost) && cost >= 0 ? cost : undefined,
		attempts,
	};
}

/** The SDK's own timer only backs ours up: it fires this much later. */
const SDK_TIMEOUT_MARGIN_MS = 5_000;

/**
 * Runs one request under its own deadline. The SDK tells its timeouts apart by inspecting the
 * error fetch throws, which fails when that error comes from another JavaScript realm (jest's
 * sandbox, for one) and turns a timeout into a retried connection error; a deadline of our own
 * reaches the SDK as a caller abort, which it always reports as such.
 */
async function withDeadline<T>(
	call: ChatCallOptions,
	defaultTimeoutMs: number,
	model: string | undefined,
	request: (options: { signal: AbortSignal; timeout: number; maxRetries: 0 }) => Promise<T>,
): Promise<T> {
	const timeoutMs = call.timeoutMs ?? defaultTimeoutMs;
	const deadline = new AbortController();
	const timer = setTimeout(() => deadline.abort(), timeoutMs);
	const signal = call.signal ? AbortSignal.any([call.signal, deadline.signal]) : deadline.signal;
	try {
		return await request({ signal, timeout: timeoutMs + SDK_TIMEOUT_MARGIN_MS, maxRetries: 0 });
	} catch (error) {
		if (deadline.signal.aborted && !call.signal?.aborted) throw new LlmError('timeout', { model, cause: error });
		throw error;
	} finally {
		clearTimeout(timer);
	}
}

function sleep(ms: number, signal: AbortSignal | undefined, model: string | undefined): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) {
			reject(new LlmError('aborted', { model }));
			return;
		}
		const onAbort = () => {
			clearTimeout(timer);
			reject(new LlmError('aborted', { model }));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
