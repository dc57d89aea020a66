/**
 * Open models behind a proxy often write their tool calls into `content` instead of `tool_calls`
 * (the serving backend has no tool parser for them, or the model ignores it): Llama as bare
 * `{"name": …, "parameters": …}`, Qwen inside `<tool_call>` tags, DeepSeek R1 distills after a
 * `<think>` block, others in a fenced JSON block. This module finds those calls and the text
 * around them.
 */

export interface TextToolCall {
	name: string;
	arguments: Record<string, unknown>;
}

export interface ExtractedToolCalls {
	calls: TextToolCall[];
	/** The visible text with thinking and the recognised calls removed. */
	text: string;
}

const THINK_NAMES = ['think', 'thinking'] as const;

/** Lower-cases ASCII letters only, so positions stay the same (the tags are ASCII). */
function asciiLower(text: string): string {
	return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/**
 * Removes reasoning blocks from a model's text: each `<think>…</think>` block, then everything up to
 * a closing tag left over (R1 distills often start inside the block, as their chat template already
 * opened it), then everything from an opening tag left over (a reply cut off mid-thought). Every
 * search moves forward only, so this stays linear on any input.
 */
export function stripThinking(text: string): string {
	let visible = removeThinkBlocks(text);
	let lower = asciiLower(visible);
	const closeEnd = Math.max(...THINK_NAMES.map((name) => {
		const at = lower.lastIndexOf(`</${name}>`);
		return at < 0 ? 0 : at + name.length + 3;
	}));
	visible = visible.slice(closeEnd);
	lower = lower.slice(closeEnd);
	const opens = THINK_NAMES.map((name) => lower.indexOf(`<${name}>`)).filter((at) => at >= 0);
	if (opens.length > 0) visible = visible.slice(0, Math.min(...opens));
	return visible.trim();
}

function removeThinkBlocks(text: string): string {
	const lower = asciiLower(text);
	// The next opening tag of each name at or after the search position; -1 once there is none.
	const nextOpen = new Map<string, number>(THINK_NAMES.map((name) => [name, lower.indexOf(`<${name}>`)]));
	const unclosed = new Set<string>();
	let result = '';
	let cursor = 0;
	let from = 0;
	for (;;) {
		for (const name of THINK_NAMES) {
			const at = nextOpen.get(name) ?? -1;
			if (at >= 0 && at < from) nextOpen.set(name, lower.indexOf(`<${name}>`, from));
		}
		const candidates = THINK_NAMES.filter((name) => !unclosed.has(name) && (nextOpen.get(name) ?? -1) >= 0);
		if (candidates.length === 0) break;
		const name = candidates.reduce((a, b) => ((nextOpen.get(a) ?? 0) <= (nextOpen.get(b) ?? 0) ? a : b));
		const open = nextOpen.get(name) ?? 0;
		const close = lower.indexOf(`</${name}>`, open + name.length + 2);
		if (close < 0) {
			// No later opening tag of this name can close either.
			unclosed.add(name);
			continue;
		}
		result += text.slice(cursor, open);
		cursor = close + name.length + 3;
		from = cursor;
	}
	return result + text.slice(cursor);
}

const SPECIAL_TOKENS = /<\|python_tag\|>|<\|eom_id\|>|<\|eot_id\|>/g;
/** Replies longer than this are answers, not calls: nothing is scanned, so hostile text cannot stall the loop. */
const MAX_SCANNED_CHARS = 200_000;
/** A lead-in before a fenced or tagged call: one line of at most this many characters, without backticks. */
const MAX_LEAD_IN_CHARS = 200;
const TAG_OPEN = '<tool_call>';
const TAG_CLOSE = '</tool_call>';
const FENCE = '```';

/**
 * The whole-reply rule (`textCallLayout`): tool calls written as text are run only when, after
 * `<think>` blocks and special tokens are removed, the reply is nothing but the call(s), in one of
 * the documented layouts:
 *
 * 1. **bare** — the whole reply is one JSON value: a call, an array of calls, or
 *    `{"tool_calls": [...]}`;
 * 2. **fenced** — the reply is one fenced block holding such a value, optionally after a lead-in of
 *    one line (at most 200 characters, no backticks), with nothing after the closing fence;
 * 3. **tagged** — the reply is one or more `<tool_call>…</tool_call>` blocks separated only by
 *    white space (the last may lack its closing tag), optionally after the same one-line lead-in.
 *
 * Anything else is the answer: a call quoted inside prose, followed by more text, or among other
 * blocks is never run. A JSON value counts as a call when it names a known tool, or when it has
 * exactly the shape of a call (`name` plus `arguments` or `parameters`) so an unknown name can be
 * reported back to the model.
 */
export function extractTextToolCalls(content: string, knownToolNames: ReadonlySet<string>): ExtractedToolCalls {
	if (content.length > MAX_SCANNED_CHARS) return { calls: [], text: stripThinking(content) };
	const visible = stripThinking(content).replace(SPECIAL_TOKENS, '').trim();
	if (!visible.includes('{') && !visible.includes('[')) return { calls: [], text: visible };

	const bare = callsFromJsonText(visible, knownToolNames);
	if (bare) return { calls: bare, text: '' };
	const tagged = taggedCalls(visible, knownToolNames) ?? fencedCalls(visible, knownToolNames);
	return tagged ?? { calls: [], text: visible };
}

/** The text before `start` when it is a lead-in: empty, or one short line without backticks. */
function leadIn(text: string, start: number): string | undefined {
	const lead = text.slice(0, start).trim();
	if (lead.length > MAX_LEAD_IN_CHARS || lead.includes('\n') || lead.includes('`')) return undefined;
	return lead;
}

function taggedCalls(text: string, knownToolNames: ReadonlySet<string>): ExtractedToolCalls | undefined {
	const lower = text.length === text.toLowerCase().length ? text.toLowerCase() : text;
	const first = lower.indexOf(TAG_OPEN);
	if (first < 0) return undefined;
	const lead = leadIn(text, first);
	if (lead === undefined) return undefined;
	const calls: TextToolCall[] = [];
	let cursor = first;
	while (cursor < text.length) {
		if (!lower.startsWith(TAG_OPEN, cursor)) return undefined;
		const bodyStart = cursor + TAG_OPEN.length;
		const close = lower.indexOf(TAG_CLOSE, bodyStart);
		const bodyEnd = close < 0 ? text.length : close;
		const found = callsFromJsonText(text.slice(bodyStart, bodyEnd), knownToolNames);
		if (!found) return undefined;
		calls.push(...found);
		cursor = close < 0 ? text.length : close + TAG_CLOSE.length;
		while (cursor < text.length && /\s/.test(text[cursor])) cursor++;
	}
	return { calls, text: lead };
}

function fencedCalls(text: string, knownToolNames: ReadonlySet<string>): ExtractedToolCalls | undefined {
	if (!text.endsWith(FENCE)) return undefined;
	const open = text.indexOf(FENCE);
	const lead = leadIn(text, open);
	if (lead === undefined || open + FENCE.length >= text.length - FENCE.length) return undefined;
	const inner = text.slice(open + FENCE.length, text.length - FENCE.length);
	if (inner.includes(FENCE)) return undefined;
	// The info string (`json`, `tool_call`, none) runs to the end of the opening line.
	const newline = inner.indexOf('\n');
	const info = newline < 0 ? '' : inner.slice(0, newline).trim();
	const body = newline >= 0 && /^[A-Za-z_]*$/.test(info) ? inner.slice(newline + 1) : inner;
	const calls = callsFromJsonText(body, knownToolNames);
	return calls ? { calls, text: lead } : undefined;
}

function callsFromJsonText(text: string, knownToolNames: ReadonlySet<string>): TextToolCall[] | undefined {
	try {
		return callsFromValue(JSON.parse(text.trim()), knownToolNames);
	} catch {
		return undefined;
	}
}

function callsFromValue(value: unknown, knownToolNames: ReadonlySet<string>): TextToolCall[] | undefined {
	if (isRecord(value) && Array.isArray(value.tool_calls)) value = value.tool_calls;
	const items = Array.isArray(value) ? value : [value];
	if (items.length === 0) return undefined;
	const calls: TextToolCall[] = [];
	for (const item of items) {
		const call = callFromObject(item, knownToolNames);
		if (!call) return undefined;
		calls.push(call);
	}
	return calls;
}

function callFromObject(item: unknown, knownToolNames: ReadonlySet<string>): TextToolCall | undefined {
	if (!isRecord(item)) return undefined;
	// OpenAI's own shape, `{"type": "function", "function": {"name", "arguments"}}`, written as text.
	const body = isRecord(item.function) ? item.function : item;
	const name = typeof body.name === 'string' ? body.name : typeof item.function === 'string' ? item.function : undefined;
	if (!name) return undefined;
	const rawArguments = body.arguments ?? body.parameters ?? body.args;
	const args = readArguments(rawArguments);
	if (!args) return undefined;
	if (knownToolNames.has(name)) return { name, arguments: args };
	const keys = Object.keys(body).filter((key) => key !== 'type' && key !== 'id');
	const looksLikeCall = keys.length === 2 && keys.includes('name') && (keys.includes('arguments') || keys.includes('parameters'));
	return looksLikeCall && rawArguments !== undefined ? { name, arguments: args } : undefined;
}

function readArguments(raw: unknown): Record<string, unknown> | undefined {
	if (raw === undefined || raw === null) return {};
	if (isRecord(raw)) return raw;
	if (typeof raw === 'string') {
		if (!raw.trim()) return {};
		try {
			const parsed: unknown = JSON.parse(raw);
			return isRecord(parsed) ? parsed : undefined;
		} catch {
			return undefined;
		}
	}
	return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
