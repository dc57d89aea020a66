import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { CORE_SCHEMA, loadAll } from 'js-yaml';

export type OutputParsing = 'auto' | 'json' | 'yaml' | 'text';
export type ParsedFormat = 'json' | 'yaml' | 'text' | 'empty';

export interface ParsedText {
	format: ParsedFormat;
	/** The parsed JSON or YAML value; undefined for plain text. */
	data?: unknown;
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

function parseJson(text: string): ParsedText | undefined {
	try {
		return { format: 'json', data: JSON.parse(text) };
	} catch {
		return undefined;
	}
}

/** YAML 1.2 core schema: Kubernetes' types, no Date objects in n8n items. js-yaml is ~10× faster than `yaml` here. */
function parseYaml(text: string): ParsedText | undefined {
	try {
		const values = loadAll(text, undefined, { schema: CORE_SCHEMA, json: true }).filter((value) => value !== null && value !== undefined);
		if (values.length === 0) return undefined;
		return { format: 'yaml', data: values.length === 1 ? values[0] : values };
	} catch {
		return undefined;
	}
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
		if (json && isStructured(json.data)) return json;
	}
	const looksLikeYamlDocument = trimmed.startsWith('#') || trimmed.startsWith('---') || KUBERNETES_YAML.test(trimmed.split('\n', 3).join('\n'));
	if (looksLikeYamlDocument) {
		const yaml = parseYaml(text);
		if (yaml && isStructured(yaml.data)) return yaml;
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
	const parsed =
		texts.length === 0 && result.structuredContent !== undefined
			? { format: 'json' as const, data: result.structuredContent }
			: parseTextPayload(text, mode);
	return {
		isError: result.isError === true,
		text,
		...parsed,
		structuredContent: result.structuredContent,
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

/** The server's message from an `isError` result, for the node error. */
export function toolErrorMessage(result: ParsedToolResult): string {
	return result.text.trim() || 'The tool reported an error without a message';
}
