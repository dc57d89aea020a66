import { combineToolProviders, ToolNameClashError, toFunctionName, type AgentToolResult, type ToolProvider } from '../../../nodes/shared/agent/tool-provider';
import { addClashingVersionTool, createClusterMcpServer, createGiteaMcpServer } from '../../support/agent-mcp-fixtures';
import { connectInProcess, type InProcessMcp } from '../../support/sdk-tool-provider';

describe('combineToolProviders', () => {
	const open: InProcessMcp[] = [];
	afterEach(async () => {
		await Promise.all(open.splice(0).map((connection) => connection.close()));
	});

	async function servers(withClash: boolean) {
		const cluster = createClusterMcpServer();
		if (withClash) addClashingVersionTool(cluster);
		const gitea = createGiteaMcpServer();
		const clusterConnection = await connectInProcess(cluster.server);
		const giteaConnection = await connectInProcess(gitea.server);
		open.push(clusterConnection, giteaConnection);
		return { cluster, gitea, clusterConnection, giteaConnection };
	}

	it('merges the tools of two servers and routes each call back to its server', async () => {
		const { cluster, gitea, clusterConnection, giteaConnection } = await servers(false);
		const combined = combineToolProviders([{ provider: clusterConnection.provider }, { provider: giteaConnection.provider, prefix: 'gitea_' }]);

		const names = (await combined.listTools()).map((tool) => tool.name);
		expect(names).toEqual(expect.arrayContaining(['pods_get', 'pods_log', 'gitea_list_repo_issues', 'gitea_get_version']));

		const issues = await combined.callTool('gitea_list_repo_issues', { owner: 'acme', repo: 'app' }, {});
		const pod = await combined.callTool('pods_get', { name: 'build-7f9c' }, {});
		expect(issues).toEqual({ isError: false, text: expect.stringContaining('acme/app') });
		expect(pod.text).toContain('kind: Pod');
		expect(gitea.calls.map((call) => call.name)).toEqual(['list_repo_issues']);
		expect(cluster.calls.map((call) => call.name)).toEqual(['pods_get']);
	});

	it('keeps annotations so the policy can read them', async () => {
		const { clusterConnection } = await servers(false);
		const tools = await combineToolProviders([{ provider: clusterConnection.provider, prefix: 'k8s_' }]).listTools();
		expect(tools.find((tool) => tool.name === 'k8s_pods_delete')?.annotations).toMatchObject({ destructiveHint: true });
	});

	it('refuses a name two servers share, naming both, until one has a prefix', async () => {
		const { clusterConnection, giteaConnection } = await servers(true);
		const clashing = combineToolProviders([
			{ provider: clusterConnection.provider, label: 'the cluster server' },
			{ provider: giteaConnection.provider, label: 'the Gitea server' },
		]);
		await expect(clashing.listTools()).rejects.toThrow(ToolNameClashError);
		await expect(clashing.listTools()).rejects.toThrow('Tool "get_version" is offered by both the cluster server and the Gitea server');

		const resolved = combineToolProviders([{ provider: clusterConnection.provider }, { provider: giteaConnection.provider, prefix: 'gitea_' }]);
		await resolved.listTools();
		expect((await resolved.callTool('get_version', {}, {})).text).toContain('kubernetes-mcp-server');
		expect((await resolved.callTool('gitea_get_version', {}, {})).text).toContain('gitea-mcp');
	});

	it('answers a call to a name it never listed as a tool error', async () => {
		const { clusterConnection } = await servers(false);
		const combined = combineToolProviders([{ provider: clusterConnection.provider }]);
		await combined.listTools();
		expect(await combined.callTool('nope', {}, {})).toEqual({ isError: true, text: 'Unknown tool "nope"' });
	});
});

describe('names that only sanitising makes equal', () => {
	/** A server listing the given names, answering each call with the name it was called by. */
	function server(names: string[]): ToolProvider {
		return {
			listTools: async () => names.map((name) => ({ name, inputSchema: { type: 'object' } })),
			callTool: async (name): Promise<AgentToolResult> => ({ isError: false, text: `called ${name}` }),
		};
	}

	it('tells them apart by a stable suffix and routes each call to the right tool', async () => {
		const combined = combineToolProviders([{ provider: server(['pods.get', 'pods/get', 'pods_get']) }, { provider: server(['a'.repeat(70) + '.x', 'a'.repeat(70) + '.y']) }]);

		const tools = await combined.listTools();
		const names = tools.map((tool) => tool.name);

		expect(new Set(names).size).toBe(5);
		expect(names[2]).toBe('pods_get');
		expect(names[0]).toMatch(/^pods_get_[0-9a-f]{6}$/);
		for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
		for (const tool of tools) expect(await combined.callTool(tool.name, {}, {})).toEqual({ isError: false, text: `called ${tool.serverName}` });
	});

	it('gives each the same name whatever order the server lists them in', async () => {
		const forward = await combineToolProviders([{ provider: server(['pods.get', 'pods/get']) }]).listTools();
		const backward = await combineToolProviders([{ provider: server(['pods/get', 'pods.get']) }]).listTools();

		const nameOf = (tools: typeof forward, serverName: string) => tools.find((tool) => tool.serverName === serverName)?.name;
		expect(nameOf(backward, 'pods.get')).toBe(nameOf(forward, 'pods.get'));
		expect(nameOf(backward, 'pods/get')).toBe(nameOf(forward, 'pods/get'));
	});
});

describe('toFunctionName', () => {
	it('makes MCP names valid OpenAI function names', () => {
		expect(toFunctionName('gitea.list/issues')).toBe('gitea_list_issues');
		expect(toFunctionName('x'.repeat(80))).toHaveLength(64);
	});
});
