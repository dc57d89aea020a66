/**
 * A scripted stand-in for a LiteLLM proxy, over real HTTP on 127.0.0.1. It serves the routes
 * LiteLLM serves for chat (`/v1/chat/completions`, `/chat/completions`, `/v1/models`, `/models`),
 * checks the Bearer key, answers each model from a script (replies, tool calls, errors, delays),
 * and records every request. Bodies, headers and errors follow LiteLLM's: errors are
 * `{"error": {"message", "type", "param", "code"}}` with `code` the status as a string, success
 * carries `x-litellm-response-cost`, unknown models get LiteLLM's 400 "Invalid model name".
 * No model runs; everything is deterministic.
 *
 * From a test:   const standin = await startLiteLlmStandin({ apiKey: 'sk-test', models: { m: [reply('hi')] } });
 * From a shell:  node_modules/.bin/node --import tsx test/support/litellm-standin.ts --config script.json [--port 4000]
 *                (the config is `{"apiKey", "models": {"name": [steps]}, "onExhausted"}`, or a .ts/.js module
 *                whose default export is a {@link StandinOptions}; the URL is printed as `{"url": …}`).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

import { countTokens } from 'gpt-tokenizer';

export interface ScriptedToolCall {
	name: string;
	/** An object is sent as JSON text; a string is sent as it is (to script broken arguments). */
	arguments: Record<string, unknown> | string;
	id?: string;
}

export interface ReplyStep {
	reply: {
		/** `null` (LiteLLM's value beside tool calls) or text, which may embed `<think>` or tool-call JSON. */
		content?: string | null;
		toolCalls?: ScriptedToolCall[];
		finishReason?: string;
	};
	delayMs?: number;
	/** `x-litellm-response-cost`; `null` leaves the header out. Default: $1 per million tokens. */
	costUsd?: number | null;
	headers?: Record<string, string>;
}

export interface LiteLlmErrorReply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

export interface ErrorStep {
	error: LiteLlmErrorReply;
	delayMs?: number;
}

export type StandinStep = ReplyStep | ErrorStep;

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** The parsed JSON body (`undefined` for GET). */
	body: ChatBody | undefined;
	model?: string;
	/** Prompt tokens of a chat request as this stand-in counts them (o200k, like the agent). */
	promptTokens: number;
	/** Which request for this model it is, from 0. */
	callIndex: number;
	/** Set when the client went away before the answer (a client-side timeout or cancel). */
	clientGone: boolean;
}

export interface ChatBody {
	model?: string;
	messages?: Array<{
		role: string;
		content?: unknown;
		tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
		tool_call_id?: string;
	}>;
	tools?: unknown[];
	tool_choice?: unknown;
	[key: string]: unknown;
}

export type ModelScript = StandinStep[] | ((request: RecordedRequest) => StandinStep | Promise<StandinStep>);

export interface StandinOptions {
	/** The proxy's key; `null` runs without auth, as a proxy without a master key does. */
	apiKey?: string | null;
	models: Record<string, ModelScript>;
	/** What a model does when its step list is used up: answer 500 (default) or repeat its last step. */
	onExhausted?: 'error' | 'repeat-last';
	port?: number;
}

export interface LiteLlmStandin {
	/** `http://127.0.0.1:<port>` */
	url: string;
	/** `url` + `/v1`, what an OpenAI client takes as base URL. */
	baseUrl: string;
	requests: RecordedRequest[];
	/** The chat requests, of one model or of all. */
	chatRequests(model?: string): RecordedRequest[];
	setScript(model: string, script: ModelScript): void;
	close(): Promise<void>;
}

const LITELLM_VERSION = '1.74.0-standin';
const DEFAULT_COST_PER_TOKEN = 0.000001;

export async function startLiteLlmStandin(options: StandinOptions): Promise<LiteLlmStandin> {
	const scripts = new Map(Object.entries(options.models));
	const positions = new Map<string, number>();
	const requests: RecordedRequest[] = [];
	let completionCounter = 0;

	const server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) {
				send(response, 500, errorBody(`litellm stand-in failure: ${String(error)}`, null, null, 500));
			}
		});
	});

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const path = new URL(request.url ?? '/', 'http://standin').pathname.replace(/\/+$/, '') || '/';
		const raw = await readBody(request);
		const body = raw ? (safeJson(raw) as ChatBody | undefined) : undefined;
		const isChat = request.method === 'POST' && (path === '/v1/chat/completions' || path === '/chat/completions');
		const model = isChat && typeof body?.model === 'string' ? body.model : undefined;
		const record: RecordedRequest = {
			method: request.method ?? 'GET',
			path,
			headers: request.headers,
			body,
			model,
			promptTokens: isChat && body ? countPromptTokens(body) : 0,
			callIndex: model ? requests.filter((earlier) => earlier.model === model).length : 0,
			clientGone: false,
		};
		requests.push(record);
		response.on('close', () => {
			if (!response.writableFinished) record.clientGone = true;
		});

		if (path === '/health/liveliness') return send(response, 200, "I'm alive!");
		const authFailure = checkKey(request.headers, options.apiKey);
		if (authFailure) return sendError(response, authFailure);

		if (request.method === 'GET' && (path === '/v1/models' || path === '/models')) {
			return send(response, 200, {
				data: [...scripts.keys()].map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' })),
				object: 'list',
			});
		}
		if (!isChat) return send(response, 404, { detail: 'Not Found' });
		if (!body || !Array.isArray(body.messages)) {
			return sendError(response, {
				status: 400,
				body: errorBody('litellm.BadRequestError: messages is a required field', 'invalid_request_error', 'messages', 400),
			});
		}
		const script = model === undefined ? undefined : scripts.get(model);
		if (model === undefined || script === undefined) return sendError(response, liteLlmErrors.unknownModel(model ?? ''));

		const step = await nextStep(model, script, record);
		if (step.delayMs) {
			const finished = await waitUnlessGone(step.delayMs, response);
			if (!finished) return;
		}
		if ('error' in step) return sendError(response, step.error);

		completionCounter++;
		const toolCalls = (step.reply.toolCalls ?? []).map((call, index) => ({
			id: call.id ?? `call_${completionCounter}_${index}`,
			type: 'function',
			function: {
				name: call.name,
				arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
			},
		}));
		const content = step.reply.content === undefined ? (toolCalls.length ? null : '') : step.reply.content;
		const completionTokens =
			countTokens(content ?? '') + toolCalls.reduce((sum, call) => sum + countTokens(call.function.arguments), 0);
		const cost = step.costUsd === undefined ? (record.promptTokens + completionTokens) * DEFAULT_COST_PER_TOKEN : step.costUsd;
		const headers: Record<string, string> = {
			'x-litellm-call-id': `standin-${completionCounter}`,
			'x-litellm-model-id': `standin-${model}`,
			'x-litellm-model-group': model,
			'x-litellm-version': LITELLM_VERSION,
			'x-ratelimit-remaining-requests': '99',
			...step.headers,
		};
		if (cost !== null) headers['x-litellm-response-cost'] = String(cost);
		send(
			response,
			200,
			{
				id: `chatcmpl-standin-${completionCounter}`,
				object: 'chat.completion',
				created: 1700000000 + completionCounter,
				model,
				system_fingerprint: null,
				choices: [
					{
						index: 0,
						finish_reason: step.reply.finishReason ?? (toolCalls.length ? 'tool_calls' : 'stop'),
						message: {
							role: 'assistant',
							content,
							...(toolCalls.length ? { tool_calls: toolCalls } : {}),
							function_call: null,
						},
					},
				],
				usage: {
					prompt_tokens: record.promptTokens,
					completion_tokens: completionTokens,
					total_tokens: record.promptTokens + completionTokens,
				},
			},
			headers,
		);
	}

	async function nextStep(model: string, script: ModelScript, record: RecordedRequest): Promise<StandinStep> {
		if (typeof script === 'function') return script(record);
		const position = positions.get(model) ?? 0;
		positions.set(model, position + 1);
		if (position < script.length) return script[position];
		if (options.onExhausted === 'repeat-last' && script.length > 0) return script[script.length - 1];
		return {
			error: {
				status: 500,
				body: errorBody(
					`litellm.InternalServerError: stand-in has no scripted reply left for model=${model} (request ${position + 1})`,
					null,
					null,
					500,
				),
			},
		};
	}

	await new Promise<void>((resolveListen, rejectListen) => {
		server.once('error', rejectListen);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;

	return {
		url,
		baseUrl: `${url}/v1`,
		requests,
		chatRequests: (model) => requests.filter((request) => request.model !== undefined && (model === undefined || request.model === model)),
		setScript(model, script) {
			scripts.set(model, script);
			positions.delete(model);
		},
		close: () =>
			new Promise<void>((resolveClose) => {
				server.closeAllConnections();
				server.close(() => resolveClose());
			}),
	};
}

// ── scripting helpers ──────────────────────────────────────────────────────────────────────────

export function reply(content: string | null, extra: Omit<ReplyStep, 'reply'> = {}): ReplyStep {
	return { reply: { content }, ...extra };
}

export function toolCalls(calls: ScriptedToolCall[], extra: Omit<ReplyStep, 'reply'> & { content?: string | null } = {}): ReplyStep {
	const { content = null, ...rest } = extra;
	return { reply: { content, toolCalls: calls }, ...rest };
}

export function failWith(error: LiteLlmErrorReply, delayMs?: number): ErrorStep {
	return { error, delayMs };
}

/** A tool call written into `content` the way open models do when the server has no tool parser. */
export function textToolCall(
	calls: ScriptedToolCall | ScriptedToolCall[],
	options: { think?: string; fenced?: boolean; key?: 'arguments' | 'parameters'; tagged?: boolean; before?: string } = {},
): string {
	const key = options.key ?? 'parameters';
	const list = (Array.isArray(calls) ? calls : [calls]).map((call) => ({ name: call.name, [key]: call.arguments }));
	const json = JSON.stringify(list.length === 1 ? list[0] : list);
	const body = options.tagged ? `<tool_call>\n${json}\n</tool_call>` : options.fenced ? `\`\`\`json\n${json}\n\`\`\`` : json;
	return `${options.think ? `<think>${options.think}</think>\n` : ''}${options.before ? `${options.before}\n` : ''}${body}`;
}

/** Error answers as LiteLLM sends them. */
export const liteLlmErrors = {
	budgetExceeded(status: 400 | 429 = 400): LiteLlmErrorReply {
		return {
			status,
			body: errorBody('Budget has been exceeded! Current cost: 10.0213, Max budget: 10.0', 'budget_exceeded', null, status),
		};
	},
	/** LiteLLM's parallel-request limiter: 429 with `retry-after` in seconds. */
	rateLimited(retryAfterSeconds = 1): LiteLlmErrorReply {
		return {
			status: 429,
			headers: { 'retry-after': String(retryAfterSeconds) },
			body: errorBody(
				'Max parallel request limit reached Hit limit for api_key: 3ec1…. tpm_limit: 200, current_tpm 80, rpm_limit: 4 current rpm 4',
				'None',
				'None',
				429,
			),
		};
	},
	contextWindowExceeded(model: string, maxTokens = 8192): LiteLlmErrorReply {
		return {
			status: 400,
			body: errorBody(
				`litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: OpenAIException - This model's maximum context length is ${maxTokens} tokens. Received Model Group=${model}\nAvailable Model Group Fallbacks=None`,
				null,
				null,
				400,
			),
		};
	},
	unknownModel(model: string): LiteLlmErrorReply {
		return {
			status: 400,
			body: errorBody(
				`/chat/completions: Invalid model name passed in model=${model}. Call \`/v1/models\` to view available models for your key.`,
				'invalid_request_error',
				null,
				400,
			),
		};
	},
	invalidKey(key = ''): LiteLlmErrorReply {
		const shown = key ? `sk-...${key.slice(-4)}` : 'None';
		return {
			status: 401,
			body: errorBody(
				`Authentication Error, Invalid proxy server token passed. Received API Key = ${shown}, Key Hash (Token) =5fe3c1. Unable to find token in cache or \`LiteLLM_VerificationTokenTable\``,
				'token_not_found_in_db',
				'key',
				401,
			),
		};
	},
	internalServerError(): LiteLlmErrorReply {
		return {
			status: 500,
			body: errorBody('litellm.InternalServerError: OpenAIException - Connection error. Received Model Group=m', null, null, 500),
		};
	},
	serviceUnavailable(): LiteLlmErrorReply {
		return {
			status: 503,
			body: errorBody('litellm.ServiceUnavailableError: OpenAIException - upstream overloaded', null, null, 503),
		};
	},
	/** LiteLLM's own upstream timeout (the client's timeout is scripted with `delayMs` instead). */
	upstreamTimeout(): LiteLlmErrorReply {
		return {
			status: 408,
			body: errorBody('litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out.', null, null, 408),
		};
	},
};

export function errorBody(message: string, type: string | null, param: string | null, status: number) {
	return { error: { message, type, param, code: String(status) } };
}

// ── internals ──────────────────────────────────────────────────────────────────────────────────

function checkKey(headers: IncomingHttpHeaders, apiKey: string | null | undefined): LiteLlmErrorReply | undefined {
	if (apiKey === null || apiKey === undefined) return undefined;
	const authorization = headers.authorization ?? '';
	const sent = authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : headers['x-litellm-api-key'];
	if (typeof sent !== 'string' || sent === '') {
		return {
			status: 401,
			body: errorBody('Authentication Error, No api key passed in.', 'auth_error', 'None', 401),
		};
	}
	return sent === apiKey ? undefined : liteLlmErrors.invalidKey(sent);
}

function countPromptTokens(body: ChatBody): number {
	let tokens = body.tools ? countTokens(JSON.stringify(body.tools)) : 0;
	for (const message of body.messages ?? []) {
		tokens += 4;
		if (typeof message.content === 'string') tokens += countTokens(message.content);
		for (const call of message.tool_calls ?? []) tokens += countTokens(call.function.name) + countTokens(call.function.arguments) + 8;
	}
	return tokens;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const text = JSON.stringify(body);
	response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
	response.end(text);
}

function sendError(response: ServerResponse, error: LiteLlmErrorReply): void {
	send(response, error.status, error.body, error.headers);
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolveBody, rejectBody) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
		request.on('error', rejectBody);
	});
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** Resolves true after `ms`, or false as soon as the client disconnects. */
function waitUnlessGone(ms: number, response: ServerResponse): Promise<boolean> {
	return new Promise((resolveWait) => {
		const timer = setTimeout(() => {
			response.off('close', onClose);
			resolveWait(true);
		}, ms);
		const onClose = () => {
			clearTimeout(timer);
			resolveWait(false);
		};
		response.once('close', onClose);
	});
}

async function main(argv: string[]): Promise<void> {
	const option = (name: string) => {
		const index = argv.indexOf(`--${name}`);
		return index >= 0 ? argv[index + 1] : undefined;
	};
	const configPath = option('config');
	if (!configPath) {
		process.stderr.write('usage: litellm-standin.ts --config <script.json|module.ts> [--port <port>]\n');
		process.exit(2);
	}
	const absolute = resolve(configPath);
	const loaded: StandinOptions = absolute.endsWith('.json')
		? (JSON.parse(readFileSync(absolute, 'utf8')) as StandinOptions)
		: // eslint-disable-next-line @typescript-eslint/no-require-imports
			((require(absolute) as { default?: StandinOptions }).default ?? (require(absolute) as StandinOptions));
	const port = option('port');
	const standin = await startLiteLlmStandin({ ...loaded, port: port ? Number(port) : loaded.port });
	process.stdout.write(`${JSON.stringify({ url: standin.url, baseUrl: standin.baseUrl })}\n`);
	const shutDown = () => void standin.close().then(() => process.exit(0));
	process.once('SIGINT', shutDown);
	process.once('SIGTERM', shutDown);
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error: unknown) => {
		process.stderr.write(`${String(error)}\n`);
		process.exit(1);
	});
}
