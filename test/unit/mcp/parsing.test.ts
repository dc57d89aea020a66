import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import {
	buildServerConfig,
	McpClientError,
	parseArgumentsJson,
	parseHeaderLines,
	parseServerUrl,
	parseTextPayload,
	parseToolResult,
	parseTransportChoice,
	validateToolArguments,
} from '../../../nodes/shared/mcp';
import { PNG_BASE64, PODS_YAML } from '../../support/mcp-test-server';

function errorOf(fn: () => unknown): McpClientError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(McpClientError);
		return error as McpClientError;
	}
	throw new Error('expected an error');
}

describe('server URL', () => {
	it('accepts http and https URLs with paths', () => {
		expect(parseServerUrl('https://mcp.example.com:8443/gateway/mcp').href).toBe('https://mcp.example.com:8443/gateway/mcp');
	});
	it('names the field and the missing scheme', () => {
		const error = errorOf(() => parseServerUrl('mcp.example.com/mcp'));
		expect(error.code).toBe('INVALID_URL');
		expect(error.field).toBe('url');
		expect(error.message).toBe('url "mcp.example.com/mcp" has no scheme: expected http:// or https://, e.g. http://mcp.example.com/mcp');
	});
	it('rejects other schemes and empty values', () => {
		expect(errorOf(() => parseServerUrl('ftp://x/mcp')).message).toMatch(/uses ftp: expected http/);
		expect(errorOf(() => parseServerUrl('  ')).message).toMatch(/url is empty/);
	});
});

describe('headers, one per line', () => {
	it('splits on the first colon only, keeping spaces, = and colons in values', () => {
		expect(parseHeaderLines('X-Api-Key: abc=def==\nCookie: a=b; c=d\nX-Url: http://x:1/y\n\n# comment\nX-Empty:')).toEqual({
			'X-Api-Key': 'abc=def==',
			Cookie: 'a=b; c=d',
			'X-Url': 'http://x:1/y',
			'X-Empty': '',
		});
	});
	it('names the line that is not "Name: value"', () => {
		expect(errorOf(() => parseHeaderLines('Good: 1\nno colon here')).message).toBe('headers line 2 is not "Name: value"');
		expect(errorOf(() => parseHeaderLines('Bad Name: 1')).message).toBe('headers line 1 is not "Name: value"');
	});
});

describe('server config', () => {
	it('builds the bearer header and normalises the transport', () => {
		const config = buildServerConfig({ url: 'http://h/mcp', transport: 'streamableHttp', authentication: 'bearer', token: ' t0k ' });
		expect(config).toMatchObject({ transport: 'streamable-http', headers: { Authorization: 'Bearer t0k' }, requestTimeoutMs: 60_000 });
	});
	it('rejects an unknown transport and a bad timeout by name', () => {
		expect(errorOf(() => parseTransportChoice('websocket')).message).toBe('transport must be "auto", "streamable-http" or "sse", got "websocket"');
		expect(errorOf(() => buildServerConfig({ url: 'http://h', requestTimeoutMs: -1 })).field).toBe('timeout');
		expect(errorOf(() => buildServerConfig({ url: 'http://h', authentication: 'bearer', token: '' })).field).toBe('token');
	});
});

describe('arguments', () => {
	const tool: Tool = {
		name: 'pods_log',
		inputSchema: {
			type: 'object',
			properties: {
				namespace: { type: 'string' },
				name: { type: 'string' },
				tail: { type: 'integer' },
				options: { type: 'object', properties: { previous: { type: 'boolean' } }, required: ['previous'] },
			},
			required: ['namespace', 'name'],
		},
	};

	it('passes valid arguments', () => {
		expect(() => validateToolArguments(tool, { namespace: 'ci', name: 'p', tail: 5, options: { previous: true } })).not.toThrow();
	});
	it('names a missing required field, also a nested one', () => {
		const error = errorOf(() => validateToolArguments(tool, { namespace: 'ci', options: {} }));
		expect(error.code).toBe('INVALID_INPUT');
		expect(error.message).toBe(
			'Arguments for tool "pods_log" do not match its input schema: missing required field "name"; missing required field "options.previous"',
		);
	});
	it('names a field of the wrong type', () => {
		expect(errorOf(() => validateToolArguments(tool, { namespace: 'ci', name: 'p', tail: 'ten' })).message).toMatch(/field "tail" must be integer/);
	});
	it('does not block calls when the server sent a schema ajv cannot compile', () => {
		const broken: Tool = { name: 'x', inputSchema: { type: 'object', properties: { a: { type: 'no-such-type' } } } as Tool['inputSchema'] };
		expect(() => validateToolArguments(broken, { a: 1 })).not.toThrow();
	});
	it('validates 2020-12 schemas too', () => {
		const modern: Tool = {
			name: 'm',
			inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
		};
		expect(errorOf(() => validateToolArguments(modern, {})).message).toMatch(/missing required field "n"/);
	});
	it('parses JSON arguments and names malformed JSON', () => {
		expect(parseArgumentsJson('{"a": {"b": [1, 2]}}')).toEqual({ a: { b: [1, 2] } });
		expect(parseArgumentsJson('')).toEqual({});
		expect(parseArgumentsJson({ already: 'object' })).toEqual({ already: 'object' });
		const error = errorOf(() => parseArgumentsJson('{"a": '));
		expect(error.field).toBe('arguments');
		expect(error.message).toMatch(/^arguments is not valid JSON: /);
		expect(errorOf(() => parseArgumentsJson('[1]')).message).toBe('arguments must be a JSON object, got an array');
	});
});

describe('tool output', () => {
	it('parses kubernetes-mcp-server YAML behind a # comment line', () => {
		const parsed = parseTextPayload(PODS_YAML);
		expect(parsed.format).toBe('yaml');
		expect(parsed.data).toEqual([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'build-pod', namespace: 'ci' }, status: { phase: 'Failed' } }]);
	});
	it('parses JSON', () => {
		expect(parseTextPayload('{"a":1}')).toEqual({ format: 'json', data: { a: 1 } });
	});
	it('keeps log lines that happen to be valid YAML as text', () => {
		expect(parseTextPayload('INFO: starting build\nERROR: compile failed').format).toBe('text');
		expect(parseTextPayload('42').format).toBe('text');
	});
	it('honours a forced mode', () => {
		expect(parseTextPayload('a: 1', 'yaml')).toEqual({ format: 'yaml', data: { a: 1 } });
		expect(parseTextPayload('{"a":1}', 'text')).toEqual({ format: 'text' });
		expect(parseTextPayload('not json', 'json')).toEqual({ format: 'text' });
	});
	it('separates images and keeps the raw text', () => {
		const parsed = parseToolResult({
			content: [
				{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
				{ type: 'text', text: 'a picture' },
			],
		});
		expect(parsed.text).toBe('a picture');
		expect(parsed.binaries).toEqual([{ kind: 'image', mimeType: 'image/png', data: PNG_BASE64, fileName: 'image-1.png' }]);
	});
	it('uses structuredContent when there is no text', () => {
		expect(parseToolResult({ content: [], structuredContent: { ok: true } })).toMatchObject({ format: 'json', data: { ok: true } });
	});
});
