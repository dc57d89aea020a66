import {
	APIConnectionError,
	APIConnectionTimeoutError,
	APIError,
	APIUserAbortError,
	OpenAIError,
} from 'openai';
import { redactErrorText } from '../redact/redact';

/**
 * Why a chat request failed. LiteLLM reports the same failure with different statuses across
 * versions (a spent budget is a 400 in some and a 429 in others), so the code is decided from the
 * error body first and the status second.
 */
export type LlmErrorCode =
	| 'budget_exceeded'
	| 'rate_limit'
	| 'context_window_exceeded'
	| 'timeout'
	| 'server'
	| 'auth'
	| 'bad_request'
	| 'not_found'
	| 'connection'
	| 'invalid_url'
	| 'invalid_response'
	| 'aborted';

export interface LlmErrorDetails {
	status?: number;
	/** The `error.type` LiteLLM sent, when it sent a real one (not "None"). */
	type?: string;
	/** The message from the error body, as the server wrote it (cut to a readable length). */
	serverMessage?: string;
	retryAfterMs?: number;
	model?: string;
	cause?: unknown;
}

const DESCRIPTIONS: Record<LlmErrorCode, string> = {
	budget_exceeded: 'The LiteLLM budget is exceeded',
	rate_limit: 'The endpoint is rate limiting requests',
	context_window_exceeded: "The request is larger than the model's context window",
	timeout: 'The request timed out',
	server: 'The endpoint had a server error',
	auth: 'The endpoint rejected the API key',
	bad_request: 'The endpoint rejected the request',
	not_found: 'The model is unknown to the endpoint or not available to this key',
	connection: 'The endpoint could not be reached',
	invalid_url: 'The base URL is not valid',
	invalid_response: 'The endpoint sent a response that is not a chat completion',
	aborted: 'The request was cancelled',
};

export class LlmError extends Error {
	readonly code: LlmErrorCode;
	readonly status?: number;
	readonly type?: string;
	readonly serverMessage?: string;
	readonly retryAfterMs?: number;
	readonly model?: string;

	constructor(code: LlmErrorCode, details: LlmErrorDetails = {}) {
		const subject = details.model ? `${DESCRIPTIONS[code]} (model "${details.model}")` : DESCRIPTIONS[code];
		const status = details.status ? ` [HTTP ${details.status}]` : '';
		// An endpoint can echo the API key or a URL with credentials in its error body.
		const serverMessage = details.serverMessage === undefined ? undefined : redactErrorText(details.serverMessage);
		super(serverMessage ? `${subject}${status}: ${serverMessage}` : `${subject}${status}`, {
			cause: details.cause,
		});
		this.name = 'LlmError';
		this.code = code;
		this.status = details.status;
		this.type = details.type;
		this.serverMessage = serverMessage;
		this.retryAfterMs = details.retryAfterMs;
		this.model = details.model;
	}

	/** The same failure attributed to a model, for errors classified before the model was known. */
	forModel(model: string): LlmError {
		if (this.model === model) return this;
		return new LlmError(this.code, {
			status: this.status,
			type: this.type,
			serverMessage: this.serverMessage,
			retryAfterMs: this.retryAfterMs,
			model,
			cause: this.cause,
		});
	}
}

const MAX_SERVER_MESSAGE_CHARS = 600;

const BUDGET = /budget has been exceeded|exceededbudget|over budget|crossed budget|exceeded budget|budget_exceeded/i;
const CONTEXT_WINDOW =
	/contextwindowexceeded|context_length_exceeded|maximum context length|context window|context length|prompt is too long|exceeds? the (?:available )?context|input tokens exceed|too many input tokens/i;
const UNKNOWN_MODEL =
	/invalid model name passed in model=|model_not_found|model not found|the model `?[^`\s]*`? does not exist|not allowed to access model|_model_access_denied/i;
const RATE_LIMIT =
	/rate ?limit|parallel request limit|[rt]pm limit|no deployments available|no healthy deployment|too many requests|throttl/i;
const TIMEOUT = /litellm\.timeout|timed out|timeout error/i;

export interface HttpFailure {
	status: number;
	/** Parsed JSON body, or the raw text when it was not JSON. */
	body: unknown;
	headers?: Headers | Record<string, string | undefined>;
	model?: string;
}

/** Classifies an HTTP error answer of an OpenAI-compatible endpoint from its status, body and headers. */
export function classifyHttpFailure({ status, body, headers, model }: HttpFailure): LlmError {
	const { message, type } = readErrorBody(body);
	// Redacted before it is cut, so a key that straddles the cut is not left half-shown.
	const serverMessage = message ? cut(redactErrorText(message.slice(0, MAX_SERVER_MESSAGE_CHARS * 4))) : undefined;
	const text = `${type ?? ''} ${message ?? ''}`;
	const details: LlmErrorDetails = { status, type, serverMessage, model };

	if (type === 'budget_exceeded' || BUDGET.test(text)) return new LlmError('budget_exceeded', details);
	if (CONTEXT_WINDOW.test(text)) return new LlmError('context_window_exceeded', details);
	if (UNKNOWN_MODEL.test(text)) return new LlmError('not_found', details);
	if (status === 401 || status === 403) return new LlmError('auth', details);
	if (status === 429 || type === 'rate_limit_error' || type === 'throttling_error' || RATE_LIMIT.test(text)) {
		return new LlmError('rate_limit', { ...details, retryAfterMs: readRetryAfterMs(headers) });
	}
	if (status === 408 || TIMEOUT.test(text)) return new LlmError('timeout', details);
	if (status >= 500) return new LlmError('server', details);
	if (status === 404) return new LlmError('not_found', details);
	return new LlmError('bad_request', details);
}

/** Turns anything the openai SDK (or our own code) throws into an {@link LlmError}. */
export function toLlmError(error: unknown, model?: string): LlmError {
	if (error instanceof LlmError) return model ? error.forModel(model) : error;
	if (error instanceof APIUserAbortError) return new LlmError('aborted', { model, cause: error });
	if (error instanceof APIConnectionTimeoutError) return new LlmError('timeout', { model, cause: error });
	if (error instanceof APIConnectionError) {
		return new LlmError('connection', { model, serverMessage: describeCause(error), cause: error });
	}
	if (error instanceof APIError && typeof error.status === 'number') {
		// The SDK keeps only the inner `error` object of `{"error": {...}}`; put the envelope back.
		const body = error.error === undefined ? error.message : { error: error.error };
		return classifyHttpFailure({ status: error.status, body, headers: error.headers, model });
	}
	if (error instanceof Error && error.name === 'AbortError') return new LlmError('aborted', { model, cause: error });
	if (error instanceof OpenAIError || error instanceof SyntaxError) {
		return new LlmError('invalid_response', { model, serverMessage: error.message, cause: error });
	}
	return new LlmError('connection', {
		model,
		serverMessage: error instanceof Error ? error.message : String(error),
		cause: error,
	});
}

/**
 * Reads `retry-after-ms`, or `retry-after` as seconds or an HTTP date. LiteLLM's limiter sends
 * `retry-after` with the seconds to the next minute.
 */
export function readRetryAfterMs(headers: HttpFailure['headers'], now = Date.now()): number | undefined {
	const get = (name: string): string | undefined => {
		if (!headers) return undefined;
		if (headers instanceof Headers) return headers.get(name) ?? undefined;
		const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
		return key === undefined ? undefined : headers[key];
	};
	const milliseconds = Number(get('retry-after-ms'));
	if (get('retry-after-ms') && Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
	const value = get('retry-after');
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface ErrorBodyFields {
	message?: string;
	type?: string;
}

/**
 * LiteLLM answers `{"error": {"message", "type", "param", "code"}}`, with `type` sometimes the
 * string "None"; FastAPI errors come as `{"detail": …}`, and older proxies nest a Python dict
 * repr inside the message. Take whatever text is there.
 */
function readErrorBody(body: unknown): ErrorBodyFields {
	if (typeof body === 'string') return { message: body.trim() || undefined };
	if (!isRecord(body)) return {};
	const envelope = body.error ?? body.detail ?? body;
	if (typeof envelope === 'string') return { message: envelope };
	if (!isRecord(envelope)) return {};
	const rawMessage = envelope.message ?? envelope.error ?? envelope.detail;
	const message =
		typeof rawMessage === 'string' ? rawMessage : rawMessage === undefined ? undefined : JSON.stringify(rawMessage);
	const type = typeof envelope.type === 'string' && envelope.type !== 'None' ? envelope.type : undefined;
	return { message, type };
}

function describeCause(error: Error): string {
	const cause = (error as { cause?: unknown }).cause;
	if (cause instanceof Error) {
		const code = (cause as { code?: unknown }).code;
		const inner = (cause as { cause?: unknown }).cause;
		const innerText = inner instanceof Error ? ` (${inner.message})` : '';
		return `${typeof code === 'string' ? `${code}: ` : ''}${cause.message}${innerText}`;
	}
	return error.message;
}

function cut(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > MAX_SERVER_MESSAGE_CHARS ? `${flat.slice(0, MAX_SERVER_MESSAGE_CHARS)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
