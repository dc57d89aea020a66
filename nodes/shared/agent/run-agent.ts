import { redactErrorText } from '../redact/redact';
import { randomBytes } from 'node:crypto';

import type { ChatCompletionFunctionTool, ChatCompletionMessageParam } from 'openai/resources/chat/completions';

import type { ChatClient, ChatReply, ChatToolChoice, ChatUsage } from '../llm/client';
import { LlmError, toLlmError, type LlmErrorCode } from '../llm/errors';
import { mapWithConcurrency, untilAborted } from './concurrency';
import { AGENT_PARAMETER_LABELS, AgentConfigError, parseAgentConfig, type AgentConfig, type AgentConfigInput } from './config';
import { readJsonAnswer } from './json-output';
import { extractTextToolCalls, stripThinking } from './text-tool-calls';
import { createToolPolicy, type ToolPolicy } from './tool-policy';
import { ToolNameClashError, type AgentTool, type ToolProvider } from './tool-provider';
import {
	countTokens,
	delimitToolData,
	fitToTokenBudget,
	prepareText,
	prepareToolResultText,
	untrustedDataRule,
	type PreparedText,
	type ToolOutcome,
} from './tool-results';

/**
 * Why the run ended. An answer comes with `done`, `max_iterations` (tools were withheld on the last
 * turn and the model answered from what it had) or `max_tool_calls`; the others belong to
 * {@link AgentError} results.
 */
export type StopReason =
	| 'done'
	| 'max_iterations'
	| 'max_tool_calls'
	| 'timeout'
	| 'all_models_failed'
	| 'cancelled'
	| 'error';

export interface ToolCallRecord {
	iteration: number;
	id: string;
	name: string;
	/** The parsed arguments, or the model's raw text when it was not a JSON object. */
	arguments: Record<string, unknown> | string;
	/** The same as `arguments`: n8n expressions cannot read a property named `arguments`. */
	args?: Record<string, unknown> | string;
	status: ToolOutcome;
	durationMs: number;
	/** Whether the result the model saw was cut to fit a token budget. */
	truncated: boolean;
	/** Why the call failed or was refused. */
	error?: string;
	/** `text` when the model wrote the call into its message content instead of `tool_calls`. */
	source: 'native' | 'text';
}

export interface FallbackRecord {
	model: string;
	code: LlmErrorCode;
	message: string;
}

export interface AgentResult {
	/** The answer: text, or the parsed JSON value in JSON output mode; `null` only on an error result. */
	answer: unknown;
	/** The model that gave the answer (or was last tried). */
	model: string | null;
	/** Models given up on, in order, with the classified cause. */
	fallbacksTried: FallbackRecord[];
	/** Model replies received. */
	iterations: number;
	toolCalls: ToolCallRecord[];
	usage: ChatUsage;
	/** Sum of LiteLLM's `x-litellm-response-cost` headers; `null` when the endpoint sent none. */
	cost: number | null;
	stopReason: StopReason;
	durationMs: number;
}

export type AgentErrorCode =
	| 'all_models_failed'
	| 'auth'
	| 'timeout'
	| 'cancelled'
	| 'invalid_output'
	| 'no_answer'
	| 'tools_unavailable';

/** The run could not produce an answer. `result` holds what was done up to then. */
export class AgentError extends Error {
	constructor(
		readonly code: AgentErrorCode,
		message: string,
		readonly result: AgentResult,
		/** The classified model failure behind `all_models_failed` and `auth`. */
		readonly llmError?: LlmError,
	) {
		super(message, { cause: llmError });
		this.name = 'AgentError';
	}
}

export interface AgentDependencies {
	chat: ChatClient;
	/** Where tools come from; without one the agent only chats. */
	tools?: ToolProvider;
	/** Cancels the run (n8n's execution cancel). */
	signal?: AbortSignal;
	/** Marker nonce for tool data; random by default. */
	nonce?: string;
}

/** A tool result is never cut below this, however full the prompt gets. */
const TOOL_RESULT_FLOOR_TOKENS = 128;
/** Per-message overhead of the chat format (role, separators). */
const MESSAGE_OVERHEAD_TOKENS = 4;

interface Entry {
	message: ChatCompletionMessageParam;
	tokens: number;
	toolData?: { prepared: PreparedText; budget: number; tool: string; outcome: ToolOutcome; record: ToolCallRecord };
}

interface PendingCall {
	id: string;
	name: string;
	rawArguments: string | Record<string, unknown>;
	source: 'native' | 'text';
}

/**
 * Runs the tool-calling loop: ask the model, run the tools it calls (read-only unless allowed),
 * hand the results back as untrusted data, until it answers or a limit is reached. Model failures
 * are classified; budget, rate-limit, server, timeout and unknown-model failures move on to the
 * next fallback model, a spent context window shrinks the tool results and retries once, an auth
 * failure stops at once. Throws {@link AgentConfigError} for bad settings and {@link AgentError}
 * when no answer can be had; never returns an empty answer.
 */
export async function runAgent(input: AgentConfigInput, dependencies: AgentDependencies): Promise<AgentResult> {
	const config = parseAgentConfig(input);
	const run = new AgentRun(config, dependencies);
	return run.execute();
}

class AgentRun {
	private readonly startedAt = performance.now();
	private readonly deadline: number;
	private readonly controller = new AbortController();
	private stopCause: 'timeout' | 'cancelled' | undefined;
	private readonly nonce: string;
	private readonly models: string[];
	private modelIndex = 0;
	private readonly fallbacksTried: FallbackRecord[] = [];
	private readonly toolCalls: ToolCallRecord[] = [];
	private readonly usage: ChatUsage = { promptTokens: 0, completionTokens: 0 };
	private cost: number | null = null;
	private iterations = 0;
	private readonly entries: Entry[] = [];
	private contextLimit: number;
	private toolResultBudget: number;
	private readonly policy: ToolPolicy;
	/** Every tool the servers listed, by name, to tell refused and filtered calls from unknown ones. */
	private listedTools = new Map<string, AgentTool>();
	private offeredTools: ChatCompletionFunctionTool[] = [];
	private offeredNames = new Set<string>();
	private toolsTokens = 0;

	constructor(
		private readonly config: AgentConfig,
		private readonly dependencies: AgentDependencies,
	) {
		this.deadline = this.startedAt + config.totalTimeoutMs;
		this.nonce = dependencies.nonce ?? randomBytes(6).toString('hex');
		this.models = [...new Set([config.model, ...config.fallbackModels])];
		this.contextLimit = config.contextTokens;
		this.toolResultBudget = config.toolResultTokens;
		this.policy = createToolPolicy({
			allowedTools: config.allowedTools,
			allowedNamespaces: config.allowedNamespaces,
			allowedSecretReads: config.allowedSecretReads,
		});
	}

	async execute(): Promise<AgentResult> {
		const timer = setTimeout(() => this.stop('timeout'), this.config.totalTimeoutMs);
		const onCancel = () => this.stop('cancelled');
		const external = this.dependencies.signal;
		if (external?.aborted) this.stop('cancelled');
		else external?.addEventListener('abort', onCancel, { once: true });
		try {
			await this.prepareTools();
			this.prepareMessages();
			return await this.loop();
		} catch (error) {
			throw this.asRunError(error);
		} finally {
			clearTimeout(timer);
			external?.removeEventListener('abort', onCancel);
		}
	}

	private stop(cause: 'timeout' | 'cancelled'): void {
		if (this.stopCause) return;
		this.stopCause = cause;
		this.controller.abort(new Error(cause === 'timeout' ? 'total timeout reached' : 'cancelled'));
	}

	private get signal(): AbortSignal {
		return this.controller.signal;
	}

	private remainingMs(): number {
		return Math.max(1, Math.floor(this.deadline - performance.now()));
	}

	// ── tools ────────────────────────────────────────────────────────────────────────────────

	private async prepareTools(): Promise<void> {
		const provider = this.dependencies.tools;
		if (!provider || this.config.toolChoice === 'none') return;
		let listed: AgentTool[];
		try {
			listed = await untilAborted(provider.listTools(this.signal), this.signal);
		} catch (error) {
			// A name clash is the user's to fix (a prefix), not a server failure.
			if (this.stopCause || error instanceof ToolNameClashError) throw error;
			const reason = error instanceof Error ? error.message : String(error);
			throw new AgentError('tools_unavailable', `Could not list the MCP tools: ${reason}`, this.snapshot('error'));
		}
		this.listedTools = new Map(listed.map((tool) => [tool.name, tool]));

		const { includeTools, excludeTools } = this.config;
		const filtered = listed.filter(
			(tool) =>
				(includeTools.length === 0 || includeTools.some((pattern) => matchesName(pattern, tool.name))) &&
				!excludeTools.some((pattern) => matchesName(pattern, tool.name)),
		);
		if (listed.length > 0 && filtered.length === 0) {
			const parameter = includeTools.length ? 'includeTools' : 'excludeTools';
			throw new AgentConfigError(
				parameter,
				`leaves no tool: the servers offer ${listed.length} (${previewNames(listed)}), and none passes Include Tools / Exclude Tools`,
			);
		}
		const decisions = filtered.map((tool) => ({ tool, decision: this.policy.permitsTool(tool) }));
		const permitted = decisions.filter(({ decision }) => decision.allowed).map(({ tool }) => tool);
		if (filtered.length > 0 && permitted.length === 0) {
			const first = decisions[0].decision;
			throw new AgentConfigError(
				'allowedTools',
				`leaves no tool: the tool policy refuses all of ${previewNames(filtered)} (${first.allowed ? '' : first.reason}); allow the ones to use by name`,
			);
		}
		this.offeredNames = new Set(permitted.map((tool) => tool.name));
		this.offeredTools = permitted.map((tool) => ({
			type: 'function',
			function: {
				name: tool.name,
				description: tool.description ?? tool.annotations?.title ?? '',
				parameters: tool.inputSchema,
			},
		}));
		this.toolsTokens = this.offeredTools.length ? countTokens(JSON.stringify(this.offeredTools)) : 0;
	}

	private prepareMessages(): void {
		const rules = [untrustedDataRule(this.nonce)];
		if (this.config.outputMode === 'json') {
			rules.push(
				'Give your final answer as one JSON value that matches this JSON Schema, with no other text:',
				JSON.stringify(this.config.outputSchema),
			);
		}
		const system = [this.config.systemPrompt.trim(), rules.join('\n')].filter(Boolean).join('\n\n');
		this.push({ role: 'system', content: system });
		this.push({ role: 'user', content: this.config.userPrompt });
	}

	private push(message: ChatCompletionMessageParam, toolData?: Entry['toolData']): Entry {
		const entry: Entry = { message, tokens: messageTokens(message), toolData };
		this.entries.push(entry);
		return entry;
	}

	// ── the loop ─────────────────────────────────────────────────────────────────────────────

	private async loop(): Promise<AgentResult> {
		let repairPending = false;
		let toolLimitReached = this.config.maxToolCalls === 0;
		let lastTurnCalledTools = false;
		/** Set once tools are withheld from a model still using them; the answer then carries it as stop reason. */
		let forcedStop: StopReason | undefined;

		for (;;) {
			const lastTurn = this.iterations + 1 >= this.config.maxIterations;
			const withholdTools = repairPending || lastTurn || toolLimitReached;
			const offerTools = this.offeredTools.length > 0 && !withholdTools;
			if (withholdTools && !repairPending && lastTurnCalledTools && !forcedStop) {
				forcedStop = toolLimitReached ? 'max_tool_calls' : 'max_iterations';
				this.push({
					role: 'user',
					content:
						forcedStop === 'max_tool_calls'
							? `The limit of ${this.config.maxToolCalls} tool calls is reached. Do not call tools; give your final answer now from the information above.`
							: 'The step limit is reached. Do not call tools; give your final answer now from the information above.',
				});
			}

			const reply = await this.requestReply(offerTools, this.iterations === 0 ? this.firstToolChoice() : 'auto');
			this.iterations++;

			const { calls, text } = this.readReply(reply);
			if (calls.length > 0 && offerTools) {
				lastTurnCalledTools = true;
				this.push({
					role: 'assistant',
					content: text || null,
					tool_calls: calls.map((call) => ({
						id: call.id,
						type: 'function' as const,
						function: {
							name: call.name,
							arguments: typeof call.rawArguments === 'string' ? call.rawArguments : JSON.stringify(call.rawArguments),
						},
					})),
				});
				toolLimitReached = await this.runToolCalls(calls);
				continue;
			}
			lastTurnCalledTools = false;

			if (!text) {
				if (this.iterations < this.config.maxIterations && !repairPending) {
					this.push({ role: 'user', content: 'Your reply was empty. Answer the request now.' });
					continue;
				}
				throw new AgentError(
					'no_answer',
					`The model gave no answer after ${this.iterations} iteration${this.iterations === 1 ? '' : 's'}`,
					this.snapshot(forcedStop ?? 'error'),
				);
			}

			if (this.config.outputMode === 'text') return this.snapshot(forcedStop ?? 'done', text);

			const validator = this.config.outputValidator;
			if (!validator) throw new Error('JSON output mode without a compiled schema');
			const json = readJsonAnswer(text, validator);
			if (json.ok) return this.snapshot(forcedStop ?? 'done', json.value);
			if (repairPending) {
				throw new AgentError(
					'invalid_output',
					`The model's answer is still not valid after one repair round: ${json.problem}`,
					this.snapshot('error'),
				);
			}
			repairPending = true;
			this.push({ role: 'assistant', content: text });
			this.push({
				role: 'user',
				content: `Your answer cannot be used: ${json.problem}. Reply with only the corrected JSON value, matching the JSON Schema, and no other text.`,
			});
		}
	}

	private firstToolChoice(): ChatToolChoice {
		return this.config.toolChoice === 'required_first' ? 'required' : 'auto';
	}

	/** The reply's visible text and its tool calls: native ones, or calls written into the text when there are none. */
	private readReply(reply: ChatReply): { calls: PendingCall[]; text: string } {
		const content = reply.content ?? '';
		if (reply.toolCalls.length > 0) {
			return {
				calls: reply.toolCalls.map((call) => ({ id: call.id, name: call.name, rawArguments: call.arguments, source: 'native' })),
				text: stripThinking(content),
			};
		}
		if (!content || this.listedTools.size === 0) return { calls: [], text: stripThinking(content) };
		const extracted = extractTextToolCalls(content, new Set(this.listedTools.keys()));
		return {
			calls: extracted.calls.map((call, index) => ({
				id: `call_text_${this.iterations}_${index}`,
				name: call.name,
				rawArguments: call.arguments,
				source: 'text',
			})),
			text: extracted.text,
		};
	}

	// ── model requests, retries across models ────────────────────────────────────────────────

	private async requestReply(offerTools: boolean, toolChoice: ChatToolChoice): Promise<ChatReply> {
		let shrunkForContext = false;
		for (;;) {
			const model = this.models[this.modelIndex];
			this.fitContext(this.contextLimit, offerTools);
			try {
				const reply = await untilAborted(
					this.dependencies.chat.complete(
						{
							model,
							messages: this.entries.map((entry) => entry.message),
							tools: offerTools ? this.offeredTools : undefined,
							toolChoice: offerTools ? toolChoice : undefined,
							temperature: this.config.temperature,
							maxTokens: this.config.maxTokens,
						},
						{ signal: this.signal, timeoutMs: Math.min(this.config.requestTimeoutMs, this.remainingMs()) },
					),
					this.signal,
				);
				this.usage.promptTokens += reply.usage.promptTokens;
				this.usage.completionTokens += reply.usage.completionTokens;
				if (reply.costUsd !== undefined) this.cost = (this.cost ?? 0) + reply.costUsd;
				return reply;
			} catch (error) {
				if (this.stopCause) throw error;
				const failure = toLlmError(error, model);
				if (failure.code === 'aborted') {
					this.stop('cancelled');
					throw failure;
				}
				if (failure.code === 'auth') {
					throw new AgentError(
						'auth',
						`${failure.message}. Check the API key of the LiteLLM credential; other models are not tried with the same key.`,
						this.snapshot('error'),
						failure,
					);
				}
				if (failure.code === 'context_window_exceeded' && !shrunkForContext) {
					shrunkForContext = true;
					this.contextLimit = Math.max(TOOL_RESULT_FLOOR_TOKENS * 4, Math.floor(Math.min(this.contextLimit, this.estimateTokens(offerTools)) / 2));
					this.toolResultBudget = Math.max(TOOL_RESULT_FLOOR_TOKENS, Math.min(this.toolResultBudget, Math.floor(this.contextLimit / 4)));
					continue;
				}
				this.fallbacksTried.push({ model, code: failure.code, message: this.describeModelFailure(failure) });
				if (this.modelIndex + 1 >= this.models.length) {
					throw new AgentError('all_models_failed', this.allModelsFailedMessage(), this.snapshot('all_models_failed'), failure);
				}
				this.modelIndex++;
			}
		}
	}

	private describeModelFailure(failure: LlmError): string {
		if (failure.code !== 'not_found') return failure.message;
		const parameter = failure.model === this.config.model ? AGENT_PARAMETER_LABELS.model : AGENT_PARAMETER_LABELS.fallbackModels;
		return `${failure.message} (check the "${parameter}" parameter against the endpoint's models list)`;
	}

	private allModelsFailedMessage(): string {
		if (this.fallbacksTried.length === 1) return this.fallbacksTried[0].message;
		return `All ${this.fallbacksTried.length} models failed: ${this.fallbacksTried.map((failure) => failure.message).join(' | ')}`;
	}

	// ── tool calls ───────────────────────────────────────────────────────────────────────────

	/** Runs one turn's calls; returns whether the run's tool-call limit is now reached. */
	private async runToolCalls(calls: PendingCall[]): Promise<boolean> {
		const iteration = this.iterations;
		const budgetLeft = Math.max(0, this.config.maxToolCalls - this.toolCalls.length);
		const outcomes = await mapWithConcurrency(calls, this.config.toolConcurrency, (call, index) =>
			index < budgetLeft
				? this.runToolCall(call, iteration)
				: Promise.resolve(
						this.refusal(call, iteration, parseArguments(call.rawArguments), `the limit of ${this.config.maxToolCalls} tool calls for this run is reached`),
					),
		);
		for (const outcome of outcomes) {
			// The same record object: refitting later marks it truncated.
			outcome.record.args = outcome.record.arguments;
			this.toolCalls.push(outcome.record);
			const entry = this.push({ role: 'tool', tool_call_id: outcome.record.id, content: '' }, {
				prepared: prepareText(outcome.text),
				budget: this.toolResultBudget,
				tool: outcome.record.name,
				outcome: outcome.record.status,
				record: outcome.record,
			});
			this.refit(entry);
		}
		return this.toolCalls.length >= this.config.maxToolCalls;
	}

	private async runToolCall(call: PendingCall, iteration: number): Promise<{ record: ToolCallRecord; text: string }> {
		const args = parseArguments(call.rawArguments);
		const base = { iteration, id: call.id, name: call.name, source: call.source, truncated: false };
		const tool = this.listedTools.get(call.name);
		if (!args.ok) {
			const error = `the arguments are not a JSON object (${args.problem}); send the arguments as a JSON object matching the tool's input schema`;
			return { record: { ...base, arguments: args.raw, status: 'error', durationMs: 0, error }, text: `Error: ${error}` };
		}
		if (!tool) {
			const available = [...this.offeredNames].join(', ') || 'none';
			const error = `unknown tool "${call.name}"; available tools: ${available}`;
			return { record: { ...base, arguments: args.value, status: 'error', durationMs: 0, error }, text: `Error: ${error}` };
		}
		if (!this.offeredNames.has(call.name)) {
			const decision = this.policy.permitsTool(tool);
			const reason = decision.allowed ? `"${call.name}" is excluded by the agent's tool filters` : decision.reason;
			return this.refusal(call, iteration, args, reason);
		}
		const decision = this.policy.permitsCall(tool, args.value);
		if (!decision.allowed) return this.refusal(call, iteration, args, decision.reason);

		const provider = this.dependencies.tools;
		if (!provider) throw new Error('tool offered without a tool provider');
		const started = performance.now();
		try {
			const result = await untilAborted(
				provider.callTool(call.name, args.value, {
					signal: this.signal,
					timeoutMs: Math.min(this.config.toolTimeoutMs, this.remainingMs()),
				}),
				this.signal,
			);
			const durationMs = Math.round(performance.now() - started);
			// Tool results leave the node for the model: Secret objects are cut to names and keys, then the
			// text is cut to a bounded size and redacted (a kubeconfig, a log).
			const screened = this.policy.screenResult(tool, result.text).text;
			const prepared = await prepareToolResultText(screened, { budgetTokens: this.toolResultBudget, signal: this.signal });
			const text = prepared || (result.isError ? 'The tool failed without a message.' : '(empty result)');
			return {
				record: {
					...base,
					arguments: args.value,
					status: result.isError ? 'error' : 'ok',
					durationMs,
					error: result.isError ? firstLine(text) : undefined,
				},
				text,
			};
		} catch (error) {
			if (this.stopCause) throw error;
			const message = redactErrorText(error instanceof Error ? error.message : String(error));
			return {
				record: { ...base, arguments: args.value, status: 'error', durationMs: Math.round(performance.now() - started), error: message },
				text: `Error: the tool call failed: ${message}`,
			};
		}
	}

	private refusal(
		call: PendingCall,
		iteration: number,
		args: ParsedArguments,
		reason: string,
	): { record: ToolCallRecord; text: string } {
		return {
			record: {
				iteration,
				id: call.id,
				name: call.name,
				source: call.source,
				arguments: args.ok ? args.value : args.raw,
				status: 'refused',
				durationMs: 0,
				truncated: false,
				error: reason,
			},
			text: `Refused by the agent's tool policy: ${reason}. This call was not run; continue with the tools you may use.`,
		};
	}

	// ── token budgets ────────────────────────────────────────────────────────────────────────

	private refit(entry: Entry): void {
		const data = entry.toolData;
		if (!data) return;
		const fitted = fitToTokenBudget(data.prepared, data.budget);
		if (fitted.truncated) data.record.truncated = true;
		entry.message.content = delimitToolData({
			nonce: this.nonce,
			tool: data.tool,
			outcome: data.outcome,
			truncated: fitted.truncated,
			text: fitted.text,
		});
		entry.tokens = messageTokens(entry.message);
	}

	private estimateTokens(offerTools: boolean): number {
		let total = offerTools ? this.toolsTokens : 0;
		for (const entry of this.entries) total += entry.tokens;
		return total;
	}

	/** Halves the oldest tool results first until the request fits `limit` or all are at the floor. */
	private fitContext(limit: number, offerTools: boolean): void {
		let total = this.estimateTokens(offerTools);
		for (const entry of this.entries) {
			if (entry.toolData && entry.toolData.budget > this.toolResultBudget) {
				entry.toolData.budget = this.toolResultBudget;
				const before = entry.tokens;
				this.refit(entry);
				total += entry.tokens - before;
			}
		}
		let shrinking = true;
		while (total > limit && shrinking) {
			shrinking = false;
			for (const entry of this.entries) {
				if (total <= limit) break;
				const data = entry.toolData;
				if (!data || data.budget <= TOOL_RESULT_FLOOR_TOKENS) continue;
				data.budget = Math.max(TOOL_RESULT_FLOOR_TOKENS, Math.floor(data.budget / 2));
				const before = entry.tokens;
				this.refit(entry);
				total += entry.tokens - before;
				shrinking = true;
			}
		}
	}

	// ── results ──────────────────────────────────────────────────────────────────────────────

	private snapshot(stopReason: StopReason, answer: unknown = null): AgentResult {
		return {
			answer,
			model: this.models[this.modelIndex] ?? null,
			fallbacksTried: [...this.fallbacksTried],
			iterations: this.iterations,
			toolCalls: [...this.toolCalls],
			usage: { ...this.usage },
			cost: this.cost,
			stopReason,
			durationMs: Math.round(performance.now() - this.startedAt),
		};
	}

	private asRunError(error: unknown): Error {
		if (error instanceof AgentError || error instanceof AgentConfigError || error instanceof ToolNameClashError) return error;
		if (this.stopCause === 'timeout') {
			return new AgentError(
				'timeout',
				`The agent stopped at its total timeout of ${this.config.totalTimeoutMs} ms after ${this.iterations} iteration${this.iterations === 1 ? '' : 's'}`,
				this.snapshot('timeout'),
			);
		}
		if (this.stopCause === 'cancelled') {
			return new AgentError('cancelled', 'The agent run was cancelled', this.snapshot('cancelled'));
		}
		return error instanceof Error ? error : new Error(String(error));
	}
}

type ParsedArguments = { ok: true; value: Record<string, unknown> } | { ok: false; raw: string; problem: string };

function parseArguments(raw: string | Record<string, unknown>): ParsedArguments {
	if (typeof raw !== 'string') return { ok: true, value: raw };
	if (!raw.trim()) return { ok: true, value: {} };
	try {
		const value: unknown = JSON.parse(raw);
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			return { ok: true, value: value as Record<string, unknown> };
		}
		return { ok: false, raw, problem: 'not an object' };
	} catch (error) {
		return { ok: false, raw, problem: error instanceof Error ? error.message : String(error) };
	}
}

function messageTokens(message: ChatCompletionMessageParam): number {
	let tokens = MESSAGE_OVERHEAD_TOKENS;
	if (typeof message.content === 'string') tokens += countTokens(message.content);
	if (message.role === 'assistant' && message.tool_calls) {
		for (const call of message.tool_calls) {
			if (call.type === 'function') tokens += countTokens(call.function.name) + countTokens(call.function.arguments) + 8;
		}
	}
	return tokens;
}

/** Include / exclude entries are names, with `*` matching any run of characters. */
function matchesName(pattern: string, name: string): boolean {
	if (!pattern.includes('*')) return pattern === name;
	const expression = pattern.split('*').map(escapeRegExp).join('.*');
	return new RegExp(`^${expression}$`).test(name);
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function previewNames(tools: AgentTool[]): string {
	const names = tools.slice(0, 8).map((tool) => tool.name);
	return tools.length > 8 ? `${names.join(', ')}, …` : names.join(', ');
}

function firstLine(text: string): string {
	const line = text.split('\n').find((candidate) => candidate.trim()) ?? text;
	return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
