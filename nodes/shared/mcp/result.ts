import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

export type OutputParsing = 'auto' | 'json' | 'yaml' | 'text';
export type ParsedFormat = 'json' | 'yaml' | 'text' | 'empty';

export interface ParsedText {
	format: ParsedFormat;
	/** The parsed JSON or YAML value; undefined for plain text. */
	data?: unknown;
	/** Why JSON or YAML was kept as text (nested too deep, aliases that expand too far). */
	problem?: string;
}

export interface BinaryPart {
	kind: 'image' | 'audio' | 'blob';
	mimeType: string;
	/** base64, as MCP carries it */
	data: string;
	fileName: string;
}

export interface ParsedToolResult extends ParsedText {
	isError: boolean;
	/** All text content joined: the raw text, always kept. */
	text: string;
	structuredContent?: Record<string, unknown>;
	binaries: BinaryPart[];
	/** Resource links and embedded text resources, as the server sent them. */
	resources: Array<{ uri: string; mimeType?: string; text?: string; name?: string }>;
}

// Kubernetes objects and lists as kubernetes-mcp-server prints them, possibly behind `#` comments.
const KUBERNETES_YAML = /^(?:-\s+)?(?:apiVersion|kind|metadata|items|InvolvedObject|Namespace|Name):/m;

/** Deeper values are kept as text: `JSON.stringify` (n8n's items, the agent) overflows on 100,000 levels. js-yaml's own default. */
export const MAX_PARSED_DEPTH = 100;
/** Parsed YAML may expand to this many times its text (and at least 1 MiB) as JSON: a billion-laughs bomb of 1 KB expands to gigabytes. */
const MAX_EXPANSION_FACTOR = 10;
const MIN_EXPANSION_BUDGET = 1024 * 1024;

/**
 * `parsedValueLimits`: a parsed value is used only when it is no deeper than {@link MAX_PARSED_DEPTH}
 * and its JSON form, with every YAML alias written out, is no larger than `maxChars`, and has no
 * cycle (a YAML anchor used inside itself). Measured without recursion and once per shared node, so
 * an alias bomb costs its text's size, not its expansion's. Returns the problem, or undefined.
 */
export function parsedValueProblem(value: unknown, maxChars: number): string | undefined {
	const measured = new Map<object, { chars: number; depth: number }>();
	const open = new Set<object>();
	const stack: Array<{ node: object; expanded: boolean }> = [];
	const measure = (child: unknown) => (typeof child === 'object' && child !== null ? measured.get(child) : { chars: scalarChars(child), depth: 0 });
	if (typeof value !== 'object' || value === null) return undefined;
	stack.push({ node: value, expanded: false });
	while (stack.length > 0) {
		const top = stack[stack.length - 1];
		const children: unknown[] = Array.isArray(top.node) ? top.node : Object.values(top.node);
		if (!top.expanded) {
			if (measured.has(top.node)) {
				stack.pop();
				continue;
			}
			if (open.has(top.node)) return 'it refers to itself (a YAML anchor used inside itself)';
			open.add(top.node);
			top.expanded = true;
			if (open.size > MAX_PARSED_DEPTH) return `it is nested deeper than ${MAX_PARSED_DEPTH} levels`;
			for (const child of children) {
				if (typeof child !== 'object' || child === null || measured.has(child)) continue;
				if (open.has(child)) return 'it refers to itself (a YAML anchor used inside itself)';
				stack.push({ node: child, expanded: false });
			}
			continue;
		}
		stack.pop();
		open.delete(top.node);
		let chars = 2;
		let depth = 0;
		const keys = Array.isArray(top.node) ? undefined : Object.keys(top.node);
		children.forEach((child, index) => {
			const size = measure(child) ?? { chars: 0, depth: 0 };
			chars += size.chars + 1 + (keys ? keys[index].length + 3 : 0);
			depth = Math.max(depth, size.depth + 1);
		});
		if (depth > MAX_PARSED_DEPTH) return `it is nested deeper than ${MAX_PARSED_DEPTH} levels`;
		if (chars > maxChars) return `it expands to more than ${maxChars.toLocaleString('en-US')} characters (YAML aliases repeat what they point to)`;
		measured.set(top.node, { chars, depth });
	}
	return undefined;
}

function scalarChars(value: unknown): number {
	return typeof value === 'string' ? value.length + 2 : String(value).length;
}

function expansionBudget(text: string): number {
	return Math.max(MIN_EXPANSION_BUDGET, text.length * MAX_EXPANSION_FACTOR);
}

function parseJson(text: string): ParsedText | undefined {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return undefined;
	}
	const problem = parsedValueProblem(data, expansionBudget(text));
	return problem ? { format: 'text', problem: `The JSON was kept as text: ${problem}.` } : { format: 'json', data };
}

/** YAML 1.2 core schema: Kubernetes' types, no Date objects in n8n items. js-yaml is ~10× faster than `yaml` here. */
function parseYaml(text: string): ParsedText | undefined {
	let values: unknown[];
	try {
		values = loadAll(text, undefined, { schema: CORE_SCHEMA, json: true }).filter((value) => value !== null && value !== undefined);
	} catch {
		return undefined;
	}
	if (values.length === 0) return undefined;
	const data = values.length === 1 ? values[0] : values;
	const problem = parsedValueProblem(data, expansionBudget(text));
	return problem ? { format: 'text', problem: `The YAML was kept as text: ${problem}.` } : { format: 'yaml', data };
}

const isStructured = (value: unknown) => typeof value === 'object' && value !== null;

/**
 * Reads a tool's text as JSON or YAML when it is one. `auto` only calls text YAML when it looks like
 * a document (a leading `#` comment line, as kubernetes-mcp-server writes, or Kubernetes keys):
 * plain log lines such as `INFO: started` are valid YAML too and must stay text.
 */
export function parseTextPayload(text: string, mode: OutputParsing = 'auto'): ParsedText {
	const trimmed = text.trim();
	if (!trimmed) return { format: 'empty' };
	if (mode === 'text') return { format: 'text' };
	if (mode === 'json') return parseJson(trimmed) ?? { format: 'text' };
	if (mode === 'yaml') return parseYaml(text) ?? { format: 'text' };

	if (/^[[{]/.test(trimmed)) {
		const json = parseJson(trimmed);
		if (json && (isStructured(json.data) || json.problem)) return json;
	}
	const looksLikeYamlDocument = trimmed.startsWith('#') || trimmed.startsWith('---') || KUBERNETES_YAML.test(trimmed.split('\n', 3).join('\n'));
	if (looksLikeYamlDocument) {
		const yaml = parseYaml(text);
		if (yaml && (isStructured(yaml.data) || yaml.problem)) return yaml;
	}
	return { format: 'text' };
}

const EXTENSIONS: Record<string, string> = {
	'image/png': 'png',
	'image/jpeg': 'jpg',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/svg+xml': 'svg',
	'audio/wav': 'wav',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'application/pdf': 'pdf',
};

function fileNameFor(kind: string, mimeType: string, index: number): string {
	return `${kind}-${index + 1}.${EXTENSIONS[mimeType] ?? 'bin'}`;
}

/** Splits a CallToolResult into text (parsed when JSON/YAML), binaries and resources. */
export function parseToolResult(result: CallToolResult, mode: OutputParsing = 'auto'): ParsedToolResult {
	const texts: string[] = [];
	const binaries: BinaryPart[] = [];
	const resources: ParsedToolResult['resources'] = [];
	for (const part of result.content ?? []) {
		if (part.type === 'text') texts.push(part.text);
		else if (part.type === 'image' || part.type === 'audio') {
			binaries.push({ kind: part.type, mimeType: part.mimeType, data: part.data, fileName: fileNameFor(part.type, part.mimeType, binaries.length) });
		} else if (part.type === 'resource') {
			const resource = part.resource;
			if ('text' in resource && typeof resource.text === 'string') {
				resources.push({ uri: resource.uri, mimeType: resource.mimeType, text: resource.text });
			} else if ('blob' in resource && typeof resource.blob === 'string') {
				const mimeType = resource.mimeType ?? 'application/octet-stream';
				binaries.push({ kind: 'blob', mimeType, data: resource.blob, fileName: fileNameFor('resource', mimeType, binaries.length) });
			}
		} else if (part.type === 'resource_link') {
			resources.push({ uri: part.uri, mimeType: part.mimeType, name: part.name });
		}
	}
	const text = texts.join('\n');
	const structuredProblem = result.structuredContent === undefined ? undefined : parsedValueProblem(result.structuredContent, expansionBudget(text));
	const structuredContent = structuredProblem ? undefined : result.structuredContent;
	const parsed: ParsedText =
		texts.length === 0 && result.structuredContent !== undefined
			? structuredContent === undefined
				? { format: 'empty' }
				: { format: 'json', data: structuredContent }
			: parseTextPayload(text, mode);
	const problem = structuredProblem ? `The structured content was dropped: ${structuredProblem}.` : parsed.problem;
	return {
		isError: result.isError === true,
		text,
		...parsed,
		...(problem ? { problem } : {}),
		structuredContent,
		binaries,
		resources,
	};
}

/** The same split for resources/read results. */
export function parseResourceContents(result: ReadResourceResult, mode: OutputParsing = 'auto') {
	return result.contents.map((content, index) => {
		if ('text' in content && typeof content.text === 'string') {
			return { uri: content.uri, mimeType: content.mimeType, text: content.text, ...parseTextPayload(content.text, mode) };
		}
		const mimeType = content.mimeType ?? 'application/octet-stream';
		const blob = 'blob' in content && typeof content.blob === 'string' ? content.blob : '';
		return {
			uri: content.uri,
			mimeType,
			format: 'binary' as const,
			binary: { kind: 'blob' as const, mimeType, data: blob, fileName: fileNameFor('resource', mimeType, index) },
		};
	});
}

/** An error message longer than this is cut: a 20 MB `isError` text would make the issue too large to file. */
export const MAX_ERROR_MESSAGE_CHARS = 4_000;

/** `errorMessageCap`: cuts an untrusted message to `max` characters and says how much was cut. */
export function capMessage(text: string, max = MAX_ERROR_MESSAGE_CHARS): string {
	if (text.length <= max) return text;
	return `${text.slice(0, max)}… [${(text.length - max).toLocaleString('en-US')} more characters cut]`;
}

/** The server's message from an `isError` result, for the node error, cut to {@link MAX_ERROR_MESSAGE_CHARS}. */
export function toolErrorMessage(result: ParsedToolResult): string {
	return capMessage(result.text.trim()) || 'The tool reported an error without a message';
}
