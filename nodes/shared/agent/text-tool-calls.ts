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

const THINK_BLOCK = /<(think|thinking)>[\s\S]*?<\/\1>/gi;
const DANGLING_CLOSE = /^[\s\S]*<\/(?:think|thinking)>/i;
const UNCLOSED_OPEN = /<(?:think|thinking)>[\s\S]*$/i;

/**
 * Removes reasoning blocks from a model's text. R1 distills often start inside the block (their
 * chat template already opened it), leaving only a closing tag; a reply cut off mid-thought leaves
 * only an opening one.
 */
export function stripThinking(text: string): string {
	return text.replace(THINK_BLOCK, '').replace(DANGLING_CLOSE, '').replace(UNCLOSED_OPEN, '').trim();
}

const TAGGED_CALL = /<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/gi;
const FENCED_BLOCK = /```[a-z_]*[ \t]*\n?([\s\S]*?)```/gi;
const SPECIAL_TOKENS = /<\|python_tag\|>|<\|eom_id\|>|<\|eot_id\|>/g;
const MAX_SCANNED_CHARS = 200_000;

/**
 * Finds tool calls written as JSON in a reply. A JSON value counts as a call when it names a known
 * tool, or when it has exactly the shape of a call (`name` plus `arguments` or `parameters`) so an
 * unknown name can be reported back to the model. Any other JSON is left in the text: it may be
 * the answer itself.
 */
export function extractTextToolCalls(content: string, knownToolNames: ReadonlySet<string>): ExtractedToolCalls {
	const visible = stripThinking(content).replace(SPECIAL_TOKENS, '');
	if (!visible || visible.length > MAX_SCANNED_CHARS || !/[{[]/.test(visible)) return { calls: [], text: visible };

	const found: Array<{ start: number; end: number; calls: TextToolCall[] }> = [];
	const taken = (start: number, end: number) => found.some((range) => start < range.end && end > range.start);

	for (const pattern of [TAGGED_CALL, FENCED_BLOCK]) {
		for (const match of visible.matchAll(pattern)) {
			const start = match.index;
			const end = start + match[0].length;
			if (taken(start, end)) continue;
			const calls = callsFromJsonText(match[1], knownToolNames);
			if (calls) found.push({ start, end, calls });
		}
	}
	for (const segment of jsonSegments(visible)) {
		if (taken(segment.start, segment.end)) continue;
		const calls = callsFromValue(segment.value, knownToolNames);
		if (calls) found.push({ ...segment, calls });
	}

	found.sort((a, b) => a.start - b.start);
	let text = '';
	let cursor = 0;
	for (const range of found) {
		text += visible.slice(cursor, range.start);
		cursor = range.end;
	}
	text += visible.slice(cursor);
	return { calls: found.flatMap((range) => range.calls), text: text.trim() };
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

/** Top-level `{…}` and `[…]` spans of the text that parse as JSON, found by bracket matching. */
function* jsonSegments(text: string): Generator<{ start: number; end: number; value: unknown }> {
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (char !== '{' && char !== '[') {
			index++;
			continue;
		}
		const end = matchingBracketEnd(text, index);
		if (end !== undefined) {
			try {
				yield { start: index, end, value: JSON.parse(text.slice(index, end)) };
				index = end;
				continue;
			} catch {
				// Not JSON (prose in brackets): look for JSON further on.
			}
		}
		index++;
	}
}

function matchingBracketEnd(text: string, start: number): number | undefined {
	const stack: string[] = [];
	let inString = false;
	for (let index = start; index < text.length; index++) {
		const char = text[index];
		if (inString) {
			if (char === '\\') index++;
			else if (char === '"') inString = false;
			continue;
		}
		if (char === '"') inString = true;
		else if (char === '{') stack.push('}');
		else if (char === '[') stack.push(']');
		else if (char === '}' || char === ']') {
			if (stack.pop() !== char) return undefined;
			if (stack.length === 0) return index + 1;
		}
	}
	return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
