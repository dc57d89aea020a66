/**
 * Reading what an MCP Client node handed over: its output item (`{ tool, data, text, format }`), its
 * error item under Continue On Fail (`{ error, details }`), a raw CallToolResult, or the parsed
 * value itself. A failed or missing tool is not an input error: it becomes a note in the report.
 */

/** An input that is not what the report needs; `field` names it so the node can name its parameter. */
export class ReportInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ReportInputError';
	}
}

export type ToolOutput =
	/** `data` is the parsed JSON or YAML (undefined for plain text); `text` the raw text when there was one. */
	| { available: true; data: unknown; text: string }
	| { available: false; why: string };

export const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a value is, for error messages: `a number`, `an array`, `an object with keys a, b`. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (isRecord(value)) {
		const keys = Object.keys(value);
		return keys.length ? `an object with keys ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}` : 'an empty object';
	}
	return typeof value === 'undefined' ? 'nothing' : `a ${typeof value}`;
}

/** MCP Client: `The server has no tool named "nodes_top"`; the MCP SDK: `unknown tool "nodes_top"`. */
const UNKNOWN_TOOL = /(?:has no tool named|unknown tool:?)\s*"([^"]+)"/i;

/** kubernetes-mcp-server passing on the API's answer for a kind the cluster does not serve. */
const NOT_SERVED = /no matches for kind "([^"]+)" in version "([^"]+)"/;

/** Why a tool's result is missing, in words for the report. */
export function unavailableReason(message: string): string {
	const unknown = UNKNOWN_TOOL.exec(message);
	if (unknown) return `${unknown[1]} is not offered by this MCP server`;
	const notServed = NOT_SERVED.exec(message);
	if (notServed) return `${notServed[1]} objects (${notServed[2]}) are not served by this cluster`;
	return message.trim() || 'the call failed without a message';
}

/** An MCP Client output or error item, as opposed to a Kubernetes object or a plain value. */
export function isToolOutputItem(value: unknown): boolean {
	if (!isRecord(value) || 'kind' in value || 'metadata' in value) return false;
	return typeof value.error === 'string' || isRecord(value.error) || 'data' in value || typeof value.text === 'string' || Array.isArray(value.content);
}

function callToolResultText(content: unknown[]): string {
	return content
		.filter((part): part is { type: 'text'; text: string } => isRecord(part) && part.type === 'text' && typeof part.text === 'string')
		.map((part) => part.text)
		.join('\n');
}

/**
 * What one tool returned. `tool` is the tool the input is meant to come from, used in messages.
 * Throws ReportInputError when the value is none of the shapes above.
 */
export function readToolOutput(value: unknown, field: string, tool: string): ToolOutput {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		if (/^[[{]/.test(trimmed)) {
			try {
				return readToolOutput(JSON.parse(trimmed), field, tool);
			} catch (error) {
				if (error instanceof ReportInputError) throw error;
				// Not JSON after all: raw tool text, such as a kubectl-style table.
			}
		}
		return { available: true, data: undefined, text: value };
	}
	if (Array.isArray(value)) return { available: true, data: value, text: '' };
	if (!isRecord(value)) {
		throw new ReportInputError(field, `expected the output of ${tool} from an MCP Client node (its item, or the list itself), got ${describeValue(value)}`);
	}
	if (typeof value.error === 'string' || isRecord(value.error)) {
		const message = typeof value.error === 'string' ? value.error : String(value.error.message ?? JSON.stringify(value.error));
		return { available: false, why: unavailableReason(message) };
	}
	if (Array.isArray(value.content)) {
		const text = callToolResultText(value.content);
		if (value.isError === true) return { available: false, why: unavailableReason(`Tool "${tool}" failed: ${text}`) };
		return { available: true, data: undefined, text };
	}
	if ('data' in value || typeof value.text === 'string') {
		if (value.isError === true) return { available: false, why: unavailableReason(`Tool "${tool}" failed: ${String(value.text ?? '')}`) };
		return { available: true, data: value.data, text: typeof value.text === 'string' ? value.text : '' };
	}
	throw new ReportInputError(
		field,
		`expected the output of ${tool} from an MCP Client node (an item with "data" or "text", or the list itself), got ${describeValue(value)}`,
	);
}
