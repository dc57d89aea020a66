import { buildServerConfig } from '../../../nodes/shared/mcp';
import { displayUrl, extraServerConfig, mcpStatusReport, parseServerList, probeMcpServer, reportProblem, type McpServerProbe } from '../../../nodes/shared/reports';
import { startFixtureMcpServer, type FixtureMcpServer } from '../../support/fixture-mcp-server';
import { startTestMcpServer, unusedPort, type TestMcpServer } from '../../support/mcp-test-server';

const now = new Date('2025-06-03T09:30:00Z');
const config = (url: string, extra: Partial<Parameters<typeof buildServerConfig>[0]> = {}) => buildServerConfig({ url, transport: 'auto', requestTimeoutMs: 5000, ...extra });

describe('MCP server status', () => {
	let streamable: TestMcpServer;
	let sse: TestMcpServer;
	let guarded: TestMcpServer;
	let kubernetes: FixtureMcpServer;

	beforeAll(async () => {
		[streamable, sse, guarded, kubernetes] = await Promise.all([
			startTestMcpServer({ transport: 'streamable-http' }),
			startTestMcpServer({ transport: 'sse' }),
			startTestMcpServer({ transport: 'streamable-http', bearerToken: 'sekret' }),
			startFixtureMcpServer(),
		]);
	});
	afterAll(async () => {
		await Promise.all([streamable?.close(), sse?.close(), guarded?.close(), kubernetes?.stop()]);
	});

	it('initialises, counts the tools and times namespaces_list on a Kubernetes MCP server, closing its session', async () => {
		const probe = await probeMcpServer({ config: config(kubernetes.url), primary: true });
		expect(probe).toMatchObject({ server: kubernetes.url, primary: true, up: true, name: 'kubernetes-mcp-server', version: 'v0.0.67-fixture', transport: 'streamable-http', tools: 14, readOnlyTools: 14, probeTool: 'namespaces_list', probeOk: true });
		for (const timing of [probe.connectMs, probe.listToolsMs, probe.probeMs]) expect(timing).toEqual(expect.any(Number));
		expect(kubernetes.calls.namespaces_list).toBe(1);
	});

	it('calls the tool it is told to, through the SSE fallback too, and reports a tool that fails', async () => {
		const viaSse = await probeMcpServer({ config: config(sse.url), primary: false }, { probeTool: 'pods_yaml' });
		expect(viaSse).toMatchObject({ up: true, transport: 'sse', name: 'test-mcp-server', version: '1.0.0', tools: 7, readOnlyTools: 1, probeTool: 'pods_yaml', probeOk: true });
		const failing = await probeMcpServer({ config: config(streamable.url), primary: false }, { probeTool: 'fail' });
		expect(failing).toMatchObject({ up: true, probeTool: 'fail', probeOk: false, probeProblem: 'pods "x" not found' });
		expect(streamable.deletedSessions).toBeGreaterThan(0);
	});

	it('says why it could not time a call: a tool that is not offered, one that needs arguments, none to pick', async () => {
		await expect(probeMcpServer({ config: config(streamable.url), primary: false }, { probeTool: 'namespaces_list' })).resolves.toMatchObject({ up: true, probeProblem: 'namespaces_list is not offered' });
		await expect(probeMcpServer({ config: config(streamable.url), primary: false }, { probeTool: 'echo' })).resolves.toMatchObject({ probeProblem: 'echo needs arguments (message)' });
		await expect(probeMcpServer({ config: config(streamable.url), primary: false })).resolves.toMatchObject({ probeProblem: 'no read-only tool without arguments to call' });
	});

	it('reports a server that is down or refuses the credential as down, without throwing', async () => {
		const refused = await probeMcpServer({ config: config(`http://127.0.0.1:${await unusedPort()}/mcp`), primary: false });
		expect(refused).toMatchObject({ up: false, error: expect.stringMatching(/connection refused/i) });
		const unauthorised = await probeMcpServer({ config: config(guarded.url, { authentication: 'bearer', token: 'wrong' }), primary: true });
		expect(unauthorised).toMatchObject({ up: false, error: expect.stringMatching(/401/) });
		const authorised = await probeMcpServer({ config: config(guarded.url, { authentication: 'bearer', token: 'sekret' }), primary: true }, { probeTool: 'pods_yaml' });
		expect(authorised).toMatchObject({ up: true, probeOk: true });
	});

	describe('the report', () => {
		const up = (server: string, extra: Partial<McpServerProbe> = {}): McpServerProbe => ({ server, primary: false, up: true, name: 'kubernetes-mcp-server', version: 'v0.0.67', transport: 'streamable-http', tools: 14, readOnlyTools: 14, connectMs: 15, listToolsMs: 3, probeTool: 'namespaces_list', probeMs: 12, probeOk: true, ...extra });

		it('is healthy when every server answers, naming the server, its tools and the call time', () => {
			const report = mcpStatusReport({ now, probes: [up('http://mcp:8080/mcp', { primary: true })] });
			expect(reportProblem(report)).toBeUndefined();
			expect(report).toMatchObject({ verdict: 'healthy', headline: 'kubernetes-mcp-server v0.0.67 answered with 14 tools; namespaces_list took 12 ms.' });
			expect(report.tables[0].rows).toEqual([['http://mcp:8080/mcp (credential)', 'Up', 'kubernetes-mcp-server v0.0.67', 'streamable-http', '14', '14', '15 ms', '3 ms', 'namespaces_list', '12 ms', '']]);
			const two = mcpStatusReport({ now, probes: [up('http://a/mcp', { primary: true }), up('http://b/mcp', { probeMs: 40, tools: 3 })] });
			expect(two.headline).toBe('All 2 MCP servers answered, with 17 tools in all; namespaces_list took 40 ms on http://b/mcp.');
		});

		it('is critical when the credential’s server is down, degraded for an extra one, a failed or a slow call', () => {
			const down: McpServerProbe = { server: 'http://a/mcp', primary: true, up: false, error: 'Nothing is listening at http://a/mcp (connection refused)' };
			const report = mcpStatusReport({ now, probes: [up('http://b/mcp'), down] });
			expect(report.verdict).toBe('critical');
			expect(report.headline).toBe('1 of 2 MCP servers did not answer (http://a/mcp: Nothing is listening at http://a/mcp (connection refused)).');
			expect(report.tables[0].rows[0].slice(0, 2)).toEqual(['http://a/mcp (credential)', 'Down']);
			expect(mcpStatusReport({ now, probes: [up('http://a/mcp', { primary: true }), { ...down, primary: false }] }).verdict).toBe('degraded');
			expect(mcpStatusReport({ now, probes: [up('http://a/mcp', { probeOk: false, probeProblem: 'forbidden' })] })).toMatchObject({ verdict: 'degraded', headline: '1 read-only call failed (namespaces_list on http://a/mcp).' });
			expect(mcpStatusReport({ now, probes: [up('http://a/mcp', { probeMs: 2500 })] })).toMatchObject({ verdict: 'degraded', headline: '1 server was slower than 2000 ms.' });
		});

		it('notes a server where no call could be timed', () => {
			const report = mcpStatusReport({ now, probes: [up('http://a/mcp', { probeTool: undefined, probeMs: undefined, probeOk: undefined, probeProblem: 'no read-only tool without arguments to call' })] });
			expect(report.notes).toEqual(['No read-only call was timed on http://a/mcp: no read-only tool without arguments to call.']);
		});
	});

	it('shows URLs without credentials or query, and reads the extra servers list, naming a bad entry', () => {
		expect(displayUrl('https://user:token@mcp.example:8443/mcp?key=secret')).toBe('https://mcp.example:8443/mcp');
		expect(parseServerList('http://a:1/mcp\n\n# old one\nhttp://b:2/sse, http://a:1/mcp')).toEqual(['http://a:1/mcp', 'http://b:2/sse']);
		expect(parseServerList('')).toEqual([]);
		expect(() => parseServerList('mcp.example:8080/mcp')).toThrow(expect.objectContaining({ field: 'extraServers', message: 'URL "mcp.example:8080/mcp" has no scheme: expected http:// or https://, e.g. http://mcp.example:8080/mcp' }));
		expect(extraServerConfig('http://a:1/mcp', 3000)).toMatchObject({ url: 'http://a:1/mcp', transport: 'auto', headers: {}, requestTimeoutMs: 3000 });
	});
});
