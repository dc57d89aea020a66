import { parseTextPayload, parseToolResult, serverConfigFromCredential, toolErrorMessage } from '../../../nodes/shared/mcp';

/** The billion-laughs YAML: nine levels of nine aliases, under 1 KB of text, billions of strings when written out. */
function aliasBomb(): string {
	const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
	const names = 'abcdefghi';
	for (let level = 1; level < names.length; level++) {
		const previous = `*${names[level - 1]}`;
		lines.push(`${names[level]}: &${names[level]} [${Array(9).fill(previous).join(',')}]`);
	}
	return `---\n${lines.join('\n')}\n`;
}

function nestedJson(depth: number): string {
	return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

describe('hostile MCP output', () => {
	it('keeps a YAML alias bomb as text instead of expanding it, and says why', () => {
		const started = performance.now();
		const parsed = parseTextPayload(aliasBomb(), 'auto');

		expect(parsed.format).toBe('text');
		expect(parsed.data).toBeUndefined();
		expect(parsed.problem).toContain('The YAML was kept as text: it expands to more than 1,048,576 characters');
		expect(() => JSON.stringify(parseToolResult({ content: [{ type: 'text', text: aliasBomb() }] }, 'yaml'))).not.toThrow();
		expect(performance.now() - started).toBeLessThan(1_000);
	});

	it('still reads YAML whose aliases expand a little', () => {
		const parsed = parseTextPayload('---\nbase: &base {image: node:20, cpu: 1}\nbuild: *base\ntest: *base\n', 'auto');
		expect(parsed).toEqual({ format: 'yaml', data: { base: { image: 'node:20', cpu: 1 }, build: { image: 'node:20', cpu: 1 }, test: { image: 'node:20', cpu: 1 } } });
	});

	it('keeps a YAML anchor that refers to itself as text', () => {
		const parsed = parseTextPayload('---\nloop: &loop [1, *loop]\n', 'yaml');
		expect(parsed.format).toBe('text');
		expect(() => JSON.stringify(parsed)).not.toThrow();
	});

	it('keeps JSON nested 100,000 deep as text, so nothing downstream overflows writing it out', () => {
		const parsed = parseToolResult({ content: [{ type: 'text', text: nestedJson(100_000) }] }, 'auto');

		expect(parsed.format).toBe('text');
		expect(parsed.problem).toBe('The JSON was kept as text: it is nested deeper than 100 levels.');
		expect(() => JSON.stringify(parsed)).not.toThrow();
		expect(parseTextPayload(nestedJson(50), 'json').format).toBe('json');
	});

	it('drops structured content nested too deep', () => {
		const deep = JSON.parse(`{"a":${nestedJson(5_000)}}`) as Record<string, unknown>;
		const parsed = parseToolResult({ content: [{ type: 'text', text: 'ok' }], structuredContent: deep });

		expect(parsed.structuredContent).toBeUndefined();
		expect(parsed.problem).toContain('The structured content was dropped: it is nested deeper than 100 levels');
		expect(() => JSON.stringify(parsed)).not.toThrow();
	});

	it('cuts a 20 MB isError message and says how much was cut', () => {
		const huge = `failed to get pod x: ${'A'.repeat(20 * 1024 * 1024)}`;
		const message = toolErrorMessage(parseToolResult({ isError: true, content: [{ type: 'text', text: huge }] }, 'text'));

		expect(message.length).toBeLessThan(4_100);
		expect(message.startsWith('failed to get pod x: AAAA')).toBe(true);
		expect(message).toMatch(/… \[20,967,\d{3} more characters cut\]$/);
	});
});

describe('Trust Tool Annotations on the MCP Server credential', () => {
	it('is off unless the credential turns it on', () => {
		expect(serverConfigFromCredential({ url: 'http://mcp/mcp' }).trustAnnotations).toBeUndefined();
		expect(serverConfigFromCredential({ url: 'http://mcp/mcp', trustAnnotations: 'true' }).trustAnnotations).toBeUndefined();
		expect(serverConfigFromCredential({ url: 'http://mcp/mcp', trustAnnotations: true }).trustAnnotations).toBe(true);
	});
});
