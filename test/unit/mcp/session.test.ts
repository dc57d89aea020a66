import { buildServerConfig, McpClientError, McpSession, parseToolResult, type McpServerConfig } from '../../../nodes/shared/mcp';
import { startHtmlServer, startTestMcpServer, unusedPort, type TestMcpServer, type TestServerTransport } from '../../support/mcp-test-server';

const config = (url: string, overrides: Partial<McpServerConfig> = {}): McpServerConfig => ({
	...buildServerConfig({ url, transport: 'auto', requestTimeoutMs: 5_000 }),
	...overrides,
});

async function expectMcpError(promise: Promise<unknown>, code: McpClientError['code'], message?: RegExp): Promise<McpClientError> {
	const error = await promise.then(
		() => {
			throw new Error(`expected an McpClientError ${code}, but the call succeeded`);
		},
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(McpClientError);
	expect((error as McpClientError).code).toBe(code);
	if (message) expect((error as McpClientError).message).toMatch(message);
	return error as McpClientError;
}

describe.each<[TestServerTransport, McpServerConfig['transport']]>([
	['streamable-http', 'streamable-http'],
	['stateless', 'streamable-http'],
	['sse', 'sse'],
	['streamable-http', 'auto'],
	['sse', 'auto'],
])('MCP session over a %s server with transport %s', (serverTransport, clientTransport) => {
	let server: TestMcpServer;
	let session: McpSession;

	beforeAll(async () => {
		server = await startTestMcpServer({ transport: serverTransport });
		session = await McpSession.open(config(server.url, { transport: clientTransport }));
	});
	afterAll(async () => {
		await session?.close();
		await server.close();
	});

	it('reports the transport it ended up on', () => {
		expect(session.transport).toBe(serverTransport === 'sse' ? 'sse' : 'streamable-http');
	});

	it('lists tools, resources and prompts', async () => {
		const tools = await session.listTools();
		expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'slow', 'fail', 'big']));
		expect((await session.listResources()).map((r) => r.uri)).toEqual(['test://readme', 'test://config.json']);
		expect((await session.listPrompts()).map((p) => p.name)).toEqual(['triage']);
	});

	it('calls a tool with nested arguments kept intact', async () => {
		const args = { message: 'hi', labels: { app: 'api' }, selectors: [{ key: 'tier', values: ['a', 'b'] }] };
		const result = parseToolResult(await session.callTool('echo', args));
		expect(result.isError).toBe(false);
		expect(result.format).toBe('json');
		expect(result.data).toEqual(args);
	});

	it('reads a resource and gets a prompt', async () => {
		const resource = await session.readResource('test://readme');
		expect(resource.contents[0]).toMatchObject({ text: 'hello from a resource' });
		const prompt = await session.getPrompt('triage', { pod: 'api-1' });
		expect(prompt.messages[0].content).toMatchObject({ text: 'Triage pod api-1' });
	});

	it('returns isError results as data with the server message', async () => {
		const result = parseToolResult(await session.callTool('fail', { reason: 'gone' }));
		expect(result.isError).toBe(true);
		expect(result.text).toBe('pods "gone" not found');
	});

	it('serves many calls on one session', async () => {
		const before = server.initializeCount();
		await Promise.all(Array.from({ length: 20 }, (_, i) => session.callTool('echo', { message: String(i) })));
		expect(server.initializeCount()).toBe(before);
	});
});

describe('MCP session faults', () => {
	let server: TestMcpServer;
	afterEach(async () => server?.close());

	it('follows nextCursor across tools/list pages', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http', fillerTools: 250, toolPageSize: 40 });
		const session = await McpSession.open(config(server.url));
		try {
			const tools = await session.listTools();
			expect(tools).toHaveLength(257);
			expect(new Set(tools.map((t) => t.name)).size).toBe(257);
			expect(server.requests.filter((r) => r.method === 'POST').length).toBeGreaterThanOrEqual(7);
		} finally {
			await session.close();
		}
	});

	it('re-initialises once when the server forgets the session (404) and retries the request', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const session = await McpSession.open(config(server.url));
		try {
			await session.callTool('echo', { message: 'before' });
			expect(server.initializeCount()).toBe(1);
			server.forgetSessions();
			const result = parseToolResult(await session.callTool('echo', { message: 'after' }));
			expect(result.data).toEqual({ message: 'after' });
			expect(server.initializeCount()).toBe(2);
			expect(server.toolCalls.get('echo')).toBe(2);
		} finally {
			await session.close();
		}
	});

	it('times out a tool slower than the request timeout', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const session = await McpSession.open(config(server.url, { requestTimeoutMs: 300 }));
		try {
			const started = Date.now();
			await expectMcpError(session.callTool('slow', { ms: 5_000 }), 'TIMEOUT', /did not answer in time while calling tool slow/);
			expect(Date.now() - started).toBeLessThan(2_000);
		} finally {
			await session.close();
		}
	});

	it('stops at the total timeout even when each request is within its own', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const session = await McpSession.open(config(server.url, { requestTimeoutMs: 5_000, totalTimeoutMs: 400 }));
		try {
			await expectMcpError(session.callTool('slow', { ms: 3_000 }), 'TIMEOUT', /total timeout of 400 ms/);
		} finally {
			await session.close();
		}
	});

	it('cancels an in-flight call when the caller aborts', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const cancel = new AbortController();
		const session = await McpSession.open(config(server.url), { signal: cancel.signal });
		try {
			const call = session.callTool('slow', { ms: 10_000 });
			setTimeout(() => cancel.abort(), 100);
			const started = Date.now();
			await expectMcpError(call, 'CANCELLED');
			expect(Date.now() - started).toBeLessThan(2_000);
		} finally {
			await session.close();
		}
	});

	it('carries a 10 MB result whole', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const session = await McpSession.open(config(server.url));
		try {
			const result = parseToolResult(await session.callTool('big', { bytes: 10 * 1024 * 1024 }));
			expect(result.text.length).toBe(10 * 1024 * 1024);
			expect(result.format).toBe('text');
		} finally {
			await session.close();
		}
	});

	it('closes after many calls without cancelling each finished call', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const session = await McpSession.open(config(server.url));
		for (let i = 0; i < 200; i++) await session.callTool('echo', { message: String(i) });
		const started = Date.now();
		await session.close();
		expect(server.cancellations()).toBe(0);
		expect(Date.now() - started).toBeLessThan(500);
	});

	it('ends the streamable HTTP session with DELETE on close', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http' });
		const session = await McpSession.open(config(server.url));
		await session.listTools();
		await session.close();
		expect(server.deletedSessions).toBe(1);
		await expectMcpError(session.listPrompts(), 'CANCELLED');
	});

	it('sends the bearer token and custom headers, and reports 401 as an authentication error', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http', bearerToken: 's3cret', requiredHeader: { name: 'x-tenant', value: 'team a=1' } });
		const good = buildServerConfig({
			url: server.url,
			authentication: 'headers',
			headerLines: 'Authorization: Bearer s3cret\nX-Tenant: team a=1',
			requestTimeoutMs: 5_000,
		});
		const session = await McpSession.open(good);
		expect((await session.listTools()).length).toBeGreaterThan(0);
		await session.close();

		const bad = buildServerConfig({ url: server.url, authentication: 'bearer', token: 'wrong', requestTimeoutMs: 5_000 });
		const error = await expectMcpError(McpSession.open(bad), 'AUTH', /rejected the credentials \(HTTP 401\)/);
		expect(error.hint).toMatch(/bearer token/);
	});

	it('does not fall back to SSE on 401', async () => {
		server = await startTestMcpServer({ transport: 'streamable-http', bearerToken: 'x' });
		await expectMcpError(McpSession.open(config(server.url)), 'AUTH');
		expect(server.requests.every((r) => r.method === 'POST')).toBe(true);
	});
});

describe('MCP connection failures', () => {
	it('reports a refused connection with the host to check', async () => {
		const port = await unusedPort();
		const error = await expectMcpError(McpSession.open(config(`http://127.0.0.1:${port}/mcp`)), 'CONNECTION', /connection refused \(ECONNREFUSED\)/);
		expect(error.hint).toMatch(/host and port/);
	});

	it('names a port fetch refuses to use', async () => {
		await expectMcpError(McpSession.open(config('http://127.0.0.1:9/mcp')), 'INVALID_URL', /refuses to connect to \("bad port"\)/);
	});

	it('reports an unknown host', async () => {
		await expectMcpError(McpSession.open(config('http://no-such-host.invalid/mcp')), 'CONNECTION', /unknown host|lookup failed/);
	});

	it('reports an HTML page as not an MCP server after trying both transports', async () => {
		const html = await startHtmlServer();
		try {
			const error = await expectMcpError(McpSession.open(config(html.url)), 'NOT_MCP', /is not an MCP endpoint/);
			expect(error.message).toMatch(/text\/html/);
			expect(error.hint).toMatch(/\/mcp/);
		} finally {
			await html.close();
		}
	});

	it('reports a 404 path as not an MCP endpoint', async () => {
		const server = await startTestMcpServer({ transport: 'sse' });
		try {
			await expectMcpError(McpSession.open(config(server.url.replace('/sse', '/nothing-here'), { transport: 'sse' })), 'NOT_MCP', /404|405/);
		} finally {
			await server.close();
		}
	});
});
