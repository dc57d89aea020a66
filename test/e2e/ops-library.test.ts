/**
 * The operations library's thirteen scheduled reports (workflows/ops/) in real n8n, started once
 * through the same code as `npm start` (scripts/lib/stack.mjs) with the sandbox: the fixture cluster
 * behind the real kubernetes-mcp-server 0.0.67 (core toolsets: no helm), MailDev, and the scripted
 * LiteLLM stand-in. Each workflow runs once with the n8n CLI, as its Manual Trigger would, with the
 * model's summary on; its email is checked for table rows from the fixture cluster. One runs again
 * against an MCP gateway whose tool names carry a prefix, with Settings' toolPrefix set, and no model.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { checkoutPods, fixtures, nodeNames } from '../fixtures/cluster';
import { reply, startLiteLlmStandin, type LiteLlmStandin } from '../support/litellm-standin';

interface Email {
	subject: string;
	text: string;
	html: string;
	to: Array<{ address: string }>;
}

interface Stack {
	contract: Record<string, string>;
	n8n: { userFolder: string; workflows: Array<{ id: string; name: string }>; cli(args: string[]): Promise<{ stdout: string; stderr: string }> };
	sandbox: { mcp: { url: string }; mail: { waitForEmail(matches: (email: Email) => boolean, timeoutMs?: number): Promise<Email>; clear(): Promise<void> } };
	stop(): Promise<void>;
}

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
}

interface StackModule {
	startStack(options: unknown): Promise<Stack>;
	applySettings(workflow: unknown, values: Record<string, unknown>): WorkflowJson;
	settingsFromEnvironment(env: Record<string, string>): Record<string, unknown>;
}

const START_MS = 20 * 60_000;
const RUN_MS = 3 * 60_000;
const OPS_FOLDER = join(__dirname, '..', '..', 'workflows', 'ops');
const MODEL = 'report-model';
const FIXTURE_TIME = '2025-06-03T09:30:00Z';
const GATEWAY_PREFIX = 'k8s_';
const GATEWAY_CREDENTIAL = { id: 'mcpGateway00001', name: 'MCP gateway (prefixed tools)' };
const progress = (line: string) => process.stdout.write(`[e2e ops] ${line}\n`);
const stackModule = async () => (await import('../../scripts/lib/stack.mjs' as string)) as StackModule;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
// The fixture cluster's restarts are from 2025-06-03: windows reach back to before then.
const windowToFixtureDay = () => Math.ceil((Date.now() - Date.parse('2025-06-02T00:00:00Z')) / 3600_000);

/** The text email's table, from its title to the next blank line. */
function section(email: Email, title: string): string {
	const start = email.text.indexOf(`\n${title}`);
	if (start === -1) throw new Error(`the email has no table "${title}":\n${email.text}`);
	const end = email.text.indexOf('\n\n', start + 1);
	return email.text.slice(start + 1, end === -1 ? undefined : end);
}

const row = (...cells: string[]) => new RegExp(`^${cells.map((cell) => cell.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(' +')}(?: |$)`, 'm');

/**
 * An MCP gateway in front of the sandbox's server, as federating gateways present it: every tool
 * renamed with a prefix, calls forwarded under the upstream name. Stateless Streamable HTTP.
 */
async function startPrefixingGateway(upstreamUrl: string, prefix: string): Promise<{ url: string; calls: string[]; close(): Promise<void> }> {
	const upstream = new Client({ name: 'e2e-gateway', version: '1.0.0' });
	await upstream.connect(new StreamableHTTPClientTransport(new URL(upstreamUrl)));
	const calls: string[] = [];
	const readBody = async (request: IncomingMessage) => {
		const chunks: Buffer[] = [];
		for await (const chunk of request) chunks.push(chunk as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		return text ? JSON.parse(text) : undefined;
	};
	const http: HttpServer = createServer((request, response) => {
		const server = new Server({ name: 'e2e-mcp-gateway', version: '1.0.0' }, { capabilities: { tools: {} } });
		server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await upstream.listTools()).tools.map((tool) => ({ ...tool, name: `${prefix}${tool.name}` })) }));
		server.setRequestHandler(CallToolRequestSchema, async (call) => {
			calls.push(call.params.name);
			if (!call.params.name.startsWith(prefix)) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${call.params.name}"`);
			return upstream.callTool({ name: call.params.name.slice(prefix.length), arguments: call.params.arguments });
		});
		const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
		response.on('close', () => void server.close());
		(async () => {
			await server.connect(transport);
			await transport.handleRequest(request, response, request.method === 'POST' ? await readBody(request) : undefined);
		})().catch((error: unknown) => {
			if (!response.headersSent) response.writeHead(500).end(String(error));
		});
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
		calls,
		async close() {
			http.closeAllConnections();
			await new Promise<void>((resolve) => http.close(() => resolve()));
			await upstream.close();
		},
	};
}

describe('Operations library workflows in real n8n (sandbox)', () => {
	let stack: Stack;
	let llm: LiteLlmStandin;
	let gateway: Awaited<ReturnType<typeof startPrefixingGateway>>;
	const shipped = new Map<string, WorkflowJson>();
	const emails = new Map<string, Email>();

	/** Edits each workflow as a user would (Settings, and for a fixed fixture day the report time), imports them all, runs each once. */
	async function importAndRun(runs: Array<{ slug: string; settings?: Record<string, unknown>; reportTime?: boolean; edit?: (workflow: WorkflowJson) => void; subject: string }>): Promise<void> {
		const { applySettings, settingsFromEnvironment } = await stackModule();
		const edited = runs.map((run) => {
			const workflow = applySettings(shipped.get(run.slug), { ...settingsFromEnvironment(stack.contract), ...run.settings });
			const imported = stack.n8n.workflows.find((candidate) => candidate.name === workflow.name);
			if (!imported) throw new Error(`${run.slug}.json was not imported; n8n has: ${stack.n8n.workflows.map((candidate) => candidate.name).join(', ')}`);
			workflow.id = imported.id;
			if (run.reportTime) {
				const report = workflow.nodes.find((node) => node.type === 'n8n-nodes-mcp-devops.clusterReport' && node.parameters.operation !== 'renderEmail')!;
				report.parameters.options = { ...(report.parameters.options as object), now: FIXTURE_TIME };
			}
			run.edit?.(workflow);
			return workflow;
		});
		const file = join(stack.n8n.userFolder, `ops-library-${randomUUID()}.json`);
		await writeFile(file, JSON.stringify(edited));
		await stack.n8n.cli(['import:workflow', `--input=${file}`]);
		for (const [index, run] of runs.entries()) {
			const started = performance.now();
			const { stdout } = await stack.n8n.cli(['execute', `--id=${edited[index].id}`]);
			expect(stdout).toContain('Execution was successful');
			emails.set(run.slug, await stack.sandbox.mail.waitForEmail((email) => email.subject.startsWith(`${run.subject}: `)));
			progress(`${run.slug} ran and mailed in ${seconds(started)}`);
		}
	}

	beforeAll(async () => {
		llm = await startLiteLlmStandin({
			apiKey: 'sk-e2e',
			models: {
				[MODEL]: (request) => {
					const user = request.body?.messages?.find((message) => message.role === 'user');
					return reply(`Scripted summary of ${String(user?.content ?? '').split('\n', 1)[0]}. <b>Check it.</b>`);
				},
			},
		});
		const { startStack } = await stackModule();
		const started = performance.now();
		stack = await startStack({ sandbox: 'always', env: { LITELLM_URL: llm.baseUrl, LITELLM_API_KEY: 'sk-e2e', LITELLM_MODEL: MODEL }, log: progress });
		progress(`stack started in ${seconds(started)}`);
		for (const name of (await readdir(OPS_FOLDER)).filter((candidate) => candidate.endsWith('.json'))) shipped.set(name.replace(/\.json$/, ''), JSON.parse(await readFile(join(OPS_FOLDER, name), 'utf8')) as WorkflowJson);
		gateway = await startPrefixingGateway(stack.sandbox.mcp.url, GATEWAY_PREFIX);
	}, START_MS);
	afterAll(async () => {
		await gateway?.close();
		await stack?.stop();
		await llm?.close();
	}, 60_000);

	it('imports and publishes every shipped workflow: n8n knows all their node types', () => {
		const names = stack.n8n.workflows.map((workflow) => workflow.name);
		for (const workflow of shipped.values()) expect(names).toContain(workflow.name);
	});

	it(
		'runs each of the thirteen reports once and mails its tables, with the model’s summary on top',
		async () => {
			const started = performance.now();
			await importAndRun([
				{ slug: 'pod-status', subject: 'Pod status', settings: { llmEnabled: true, namespaces: '["shop", "data"]', windowHours: windowToFixtureDay() } },
				{ slug: 'deployment-rollout', subject: 'Deployment rollout status', settings: { llmEnabled: true } },
				{ slug: 'quota-usage', subject: 'Resource quota usage', settings: { llmEnabled: true } },
				{ slug: 'helm-releases', subject: 'Helm releases audit', settings: { llmEnabled: true } },
				{ slug: 'tls-expiry', subject: 'TLS certificate expiry', settings: { llmEnabled: true }, reportTime: true },
				{ slug: 'event-anomalies', subject: 'Event anomalies', settings: { llmEnabled: true }, reportTime: true },
				{ slug: 'node-capacity', subject: 'Node capacity', settings: { llmEnabled: true } },
				{ slug: 'pod-usage', subject: 'Pod resource usage', settings: { llmEnabled: true } },
				{ slug: 'namespace-inventory', subject: 'Namespace inventory', settings: { llmEnabled: true } },
				{ slug: 'pvc-storage', subject: 'PVC storage', settings: { llmEnabled: true } },
				{ slug: 'operator-health', subject: 'Operator health', settings: { llmEnabled: true } },
				{ slug: 'mcp-server-status', subject: 'MCP server status', settings: { llmEnabled: true, emailWhenHealthy: true, extraServers: gateway.url } },
				{ slug: 'cluster-test-suite', subject: 'Cluster test suite', settings: { llmEnabled: true, windowHours: windowToFixtureDay() } },
			]);
			progress(`thirteen runs in ${seconds(started)}`);

			for (const [slug, email] of emails) {
				expect(email.to.map((to) => to.address)).toEqual([stack.contract.REPORT_EMAIL_TO]);
				expect(email.html).toContain(`Summary written by the model ${MODEL}.`);
				expect(email.html).toContain('. &lt;b&gt;Check it.&lt;/b&gt;');
				expect(`${email.text}\n${email.html}`).not.toMatch(/apiVersion|InvolvedObject|creationTimestamp|PRIVATE KEY|BEGIN CERTIFICATE/);
				expect({ slug, markup: email.html.includes('<b>Check it.</b>') }).toEqual({ slug, markup: false });
			}
			const chats = llm.chatRequests(MODEL);
			expect(chats).toHaveLength(13);
			expect(chats.every((request) => (request.body?.tools ?? []).length === 0)).toBe(true);

			const pods = emails.get('pod-status')!;
			expect(pods.subject).toMatch(/^Pod status: critical - 8 pods in 2 namespaces: 4 pods are failing \(CrashLoopBackOff, /);
			expect(section(pods, 'Pods by namespace')).toMatch(row('shop', '7', '5', '2', '0', '0', '3'));
			expect(section(pods, 'Pods that need attention')).toMatch(row('shop', fixtures.crashLoopBackOff.podName, 'Running', 'CrashLoopBackOff', 'api'));
			expect(section(pods, 'All pods')).toMatch(row('shop', checkoutPods[0].metadata.name, 'Running', '1/1', '0', nodeNames.worker0));

			const rollout = emails.get('deployment-rollout')!;
			expect(rollout.subject).toMatch(/^Deployment rollout status: critical - 3 deployments have no available replica/);
			expect(section(rollout, 'Deployments')).toMatch(row('shop', 'checkout-api', '3', '3', '2', '3', 'Rolling out: 2 of 3 updated'));
			expect(section(rollout, 'Deployments')).toMatch(row('shop', 'payments-api', '1', '0', '1', '0', 'Rolled out; 0 of 1 available'));

			const quotas = emails.get('quota-usage')!;
			expect(section(quotas, 'Quota usage')).toMatch(row('data', 'data-storage', 'persistentvolumeclaims', '2', '2', '100%', 'Used up'));
			expect(section(quotas, 'Quota usage')).toMatch(row('shop', 'shop-quota', 'pods', '7', '8', '87.5%', '80% or more'));

			const helm = emails.get('helm-releases')!;
			expect(helm.subject).toBe('Helm releases audit: degraded - Helm releases could not be read: helm_list is not offered by this MCP server.');
			expect(helm.text).toContain('start it with --toolsets core,config,helm');

			const tls = emails.get('tls-expiry')!;
			expect(tls.subject).toMatch(/^TLS certificate expiry: critical - 1 certificate has expired \(Ingress data\/reports\)/);
			expect(section(tls, 'TLS certificates')).toMatch(row('data', 'Ingress/reports', 'reports.apps.ocp.example.internal', 'reports.apps.ocp.example.internal', 'reports.apps.ocp.example.internal', '2025-05-20 00:00 UTC', 'Expired 14 days ago'));
			expect(section(tls, 'TLS certificates')).toMatch(row('shop', 'Ingress/checkout', 'checkout.apps.ocp.example.internal', 'checkout.apps.ocp.example.internal', 'Example Internal CA', '2025-06-20 10:30 UTC', 'Expires in 17 days'));
			expect(tls.text).toContain('Route objects (route.openshift.io/v1) are not served by this cluster.');

			const events = emails.get('event-anomalies')!;
			expect(events.subject).toMatch(/^Event anomalies: degraded - 2 Warning reasons spiked in the last 1 h: /);
			expect(section(events, 'Warning events by reason, last 1 h')).toMatch(row('Unhealthy', '5', '3', '5', '0.04', '125×', 'SPIKE'));

			const capacity = emails.get('node-capacity')!;
			expect(capacity.subject).toMatch(/^Node capacity: healthy - All 4 nodes are Ready with no pressure/);
			expect(section(capacity, 'Node usage')).toMatch(row(nodeNames.worker1, '3.52 cores', '46%'));
			expect(section(capacity, 'Cluster capacity')).toMatch(row('CPU', '7.87 cores', '30.00 cores', '26.2%'));

			const usage = emails.get('pod-usage')!;
			expect(section(usage, 'Top 10 pods by memory')).toMatch(row('shop', checkoutPods[1].metadata.name, '187m', '487.0 MiB', '250m', '512.0 MiB', '95.1%'));

			const inventory = emails.get('namespace-inventory')!;
			expect(inventory.subject).toMatch(/^Namespace inventory: healthy - 6 namespaces, all Active/);
			expect(section(inventory, 'Namespaces')).toMatch(row('shop', 'Active', '7', '2', 'storefront'));

			const pvc = emails.get('pvc-storage')!;
			expect(section(pvc, 'Persistent volume claims')).toMatch(row('data', 'reports-archive', 'Pending', '20.0 GiB', '—', 'fast-archive'));
			expect(pvc.text).toContain('ProvisioningFailed: storageclass.storage.k8s.io "fast-archive" not found');

			const operators = emails.get('operator-health')!;
			expect(operators.subject).toMatch(/^Operator health: critical - 1 operator has failed \(data\/strimzi-cluster-operator\.v0\.45\.0: InstallCheckFailed\)/);
			expect(section(operators, 'Subscriptions')).toMatch(row('data', 'cloudnative-pg', 'stable-v1', 'certified-operators', 'cloudnative-pg.v1.24.2', 'cloudnative-pg.v1.25.1', 'UpgradePending'));

			const status = emails.get('mcp-server-status')!;
			expect(status.subject).toMatch(/^MCP server status: healthy - All 2 MCP servers answered/);
			expect(section(status, 'MCP servers')).toMatch(row(`${stack.sandbox.mcp.url} (credential)`, 'Up', 'kubernetes-mcp-server v0.0.67', 'streamable-http', '14', '14'));
			expect(section(status, 'MCP servers')).toMatch(row(gateway.url, 'Up', 'e2e-mcp-gateway 1.0.0', 'streamable-http', '14', '14'));
			expect(gateway.calls).toContain(`${GATEWAY_PREFIX}namespaces_list`);

			const suite = emails.get('cluster-test-suite')!;
			expect(suite.subject).toBe('Cluster test suite: critical - 4 of 7 checks passed; failed: pods, deployments, claims.');
			expect(section(suite, 'Checks')).toMatch(row('Every node is Ready', 'PASS', '4 nodes Ready.'));
		},
		RUN_MS * 5,
	);

	it(
		'runs against an MCP gateway whose tool names carry a prefix when Settings’ toolPrefix says so, without a model',
		async () => {
			await stack.n8n.cli(['import:credentials', `--input=${await writeCredential()}`]);
			await stack.sandbox.mail.clear();
			const before = gateway.calls.length;
			const asked = llm.chatRequests(MODEL).length;
			await importAndRun([
				{
					slug: 'node-capacity',
					subject: 'Node capacity',
					settings: { llmEnabled: false, toolPrefix: GATEWAY_PREFIX },
					edit: (workflow) => {
						for (const node of workflow.nodes.filter((candidate) => candidate.credentials?.mcpServerApi)) node.credentials = { mcpServerApi: GATEWAY_CREDENTIAL };
					},
				},
			]);
			expect(gateway.calls.slice(before)).toEqual([`${GATEWAY_PREFIX}nodes_top`, `${GATEWAY_PREFIX}resources_list`]);
			const email = emails.get('node-capacity')!;
			expect(email.subject).toMatch(/^Node capacity: healthy - /);
			expect(section(email, 'Node conditions and allocatable capacity')).toMatch(row(nodeNames.controlPlane, 'control-plane, master', 'Ready'));
			expect(email.html).not.toContain('Summary written by');
			expect(llm.chatRequests(MODEL)).toHaveLength(asked);
		},
		RUN_MS,
	);

	async function writeCredential(): Promise<string> {
		const file = join(stack.n8n.userFolder, 'gateway-credential.json');
		await writeFile(file, JSON.stringify([{ ...GATEWAY_CREDENTIAL, type: 'mcpServerApi', data: { url: gateway.url, transport: 'streamable-http', authentication: 'none', timeout: 60000 } }]));
		return file;
	}
});
