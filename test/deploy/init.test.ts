// The init step of the n8n main pod (deploy/init/n8n-init.mjs): its decisions on their own, then
// the real thing twice against a local n8n 2.41.1 with the package installed as the image installs
// it. The second run must change nothing, and n8n must then serve the shipped webhook.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { initScript, installedImageTree, manifest, type ImageTree } from './support/image';
import { repoRoot } from './support/manifests';
import { startN8n, type N8nInstance } from '../support/n8n-instance';

// A first n8n install from an empty cache takes about 6 minutes; the first init run makes about
// 21 n8n CLI calls (about 5 s of CPU each), the second two.
const REAL_RUN_MS = 30 * 60_000;
const progress = (line: string) => process.stdout.write(`[deploy init] ${line}\n`);

interface Workflow {
	id: string;
	name: string;
	nodes: { name: string; type: string; parameters: Record<string, unknown> }[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	activeVersionId?: string | null;
	versionId?: string;
	updatedAt?: string;
}
interface Credential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}
interface InitModule {
	CUSTOM_EXTENSIONS_PREFIX: string;
	nodeTypePrefix(env: Record<string, string>, packageDir: string, packageName: string): string;
	workflowId(workflow: { id?: string }, relativePath: string): string;
	holds(actual: unknown, desired: unknown): boolean;
	desiredWorkflows(options: { packageDir: string; packageName: string; env: Record<string, string>; only?: string[] }): Promise<Workflow[]>;
	planChanges(
		desired: { credentials: Credential[]; workflows: Workflow[] },
		existing: { credentials: Credential[]; workflows: Workflow[] },
	): { credentials: Credential[]; workflows: Workflow[]; publish: string[] };
	runInit(options: { packageDir: string; n8n?: string; only?: string[]; env?: Record<string, string>; log?: (line: string) => void }): Promise<{
		credentials: number;
		workflows: number;
		imported: { credentials: string[]; workflows: string[] };
		published: string[];
	}>;
}
const loadInit = async () => (await import(initScript)) as InitModule;

/** The contract as the pod's ConfigMap and Secrets give it (README "Configuration"). */
const CONTRACT = {
	WEBHOOK_TOKEN: 'init-test-webhook-token',
	MCP_OPENSHIFT_URL: 'http://127.0.0.1:9/mcp',
	MCP_OPENSHIFT_TRANSPORT: 'streamable-http',
	GITEA_URL: 'http://127.0.0.1:9',
	GITEA_TOKEN: 'init-test-gitea-token',
	GITEA_OWNER: 'platform',
	GITEA_REPO: 'pipelines',
	SMTP_HOST: '127.0.0.1',
	SMTP_PORT: '2525',
	REPORT_EMAIL_FROM: 'n8n@example.com',
	REPORT_EMAIL_TO: 'platform-team@example.com',
};

let tree: ImageTree;
beforeAll(async () => {
	tree = await installedImageTree();
}, REAL_RUN_MS);

describe('init decisions', () => {
	test("the package's node types take n8n's CUSTOM prefix exactly when N8N_CUSTOM_EXTENSIONS names a folder inside it", async () => {
		const { nodeTypePrefix } = await loadInit();
		const pkg = '/opt/x/node_modules/n8n-nodes-mcp-devops';
		expect(nodeTypePrefix({ N8N_CUSTOM_EXTENSIONS: `${pkg}/dist` }, pkg, 'n8n-nodes-mcp-devops')).toBe('CUSTOM');
		expect(nodeTypePrefix({ N8N_CUSTOM_EXTENSIONS: `/srv/other;${pkg}/dist` }, pkg, 'n8n-nodes-mcp-devops')).toBe('CUSTOM');
		expect(nodeTypePrefix({ N8N_CUSTOM_EXTENSIONS: `${pkg}-fork/dist` }, pkg, 'n8n-nodes-mcp-devops')).toBe('n8n-nodes-mcp-devops');
		expect(nodeTypePrefix({}, pkg, 'n8n-nodes-mcp-devops')).toBe('n8n-nodes-mcp-devops');
	});

	test("a workflow keeps its own id; one without gets the same id from its path on every run", async () => {
		const { workflowId } = await loadInit();
		expect(workflowId({ id: 'given00000000001' }, 'workflows/a.json')).toBe('given00000000001');
		const derived = workflowId({}, 'workflows/ops/pod-status.json');
		expect(derived).toMatch(/^[A-Za-z0-9]{16}$/);
		expect(workflowId({}, 'workflows/ops/pod-status.json')).toBe(derived);
		expect(workflowId({}, 'workflows/ops/pod-usage.json')).not.toBe(derived);
	});

	test('what n8n adds to a workflow does not count as a difference; a changed value does', async () => {
		const { holds } = await loadInit();
		expect(holds({ a: 1, b: { c: [1, 2], extra: true }, id: 'n8n-added' }, { a: 1, b: { c: [1, 2] } })).toBe(true);
		expect(holds({ a: 1, b: { c: [1, 3] } }, { a: 1, b: { c: [1, 2] } })).toBe(false);
		expect(holds({ list: [1, 2, 3] }, { list: [1, 2] })).toBe(false);
		expect(holds({}, { a: undefined })).toBe(true);
	});

	test('shipped workflows get the Settings from the environment and node types n8n knows under custom extensions', async () => {
		const { desiredWorkflows } = await loadInit();
		const env = { ...CONTRACT, N8N_CUSTOM_EXTENSIONS: tree.extensionDir };
		const [workflow] = await desiredWorkflows({ packageDir: tree.packageDir, packageName: manifest.name, env, only: ['pipeline-failure-report'] });
		const packageTypes = workflow.nodes.filter((node) => node.type.startsWith('CUSTOM.')).map((node) => node.type);
		expect(packageTypes).toContain('CUSTOM.failureTriage');
		expect(workflow.nodes.some((node) => node.type.startsWith(`${manifest.name}.`))).toBe(false);
		const settings = JSON.stringify(workflow.nodes.find((node) => node.name === 'Settings')?.parameters);
		expect(settings).toContain('"platform"');
		expect(settings).toContain('"pipelines"');
		await expect(desiredWorkflows({ packageDir: tree.packageDir, packageName: manifest.name, env, only: ['no-such-workflow'] })).rejects.toThrow(
			/--only: no shipped workflow named no-such-workflow/,
		);
	});

	test('only what is missing or differs is imported, and only what is unpublished or imported is published', async () => {
		const { planChanges } = await loadInit();
		const workflow = (id: string, value: string): Workflow => ({
			id,
			name: `wf ${id}`,
			nodes: [{ name: 'Set', type: 'n8n-nodes-base.set', parameters: { value } }],
			connections: {},
		});
		const credential = (id: string, token: string): Credential => ({ id, name: id, type: 'httpHeaderAuth', data: { name: 'Authorization', value: token } });
		const desired = { credentials: [credential('c1', 'a'), credential('c2', 'b')], workflows: [workflow('w1', 'x'), workflow('w2', 'y'), workflow('w3', 'z')] };
		const stored = (w: Workflow, activeVersionId: string | null) => ({ ...w, versionId: 'v', activeVersionId, updatedAt: 'then' });
		const existing = {
			credentials: [credential('c1', 'a'), credential('c2', 'old')],
			workflows: [stored(workflow('w1', 'x'), 'v'), stored(workflow('w2', 'changed'), 'v'), stored(workflow('w3', 'z'), null)],
		};
		const plan = planChanges(desired, existing);
		expect(plan.credentials.map((c) => c.id)).toEqual(['c2']);
		expect(plan.workflows.map((w) => w.id)).toEqual(['w2']);
		expect(plan.publish).toEqual(['w2', 'w3']);
		expect(planChanges(desired, { credentials: [], workflows: [] }).publish).toEqual(['w1', 'w2', 'w3']);
		expect(planChanges(desired, { credentials: desired.credentials, workflows: desired.workflows.map((w) => stored(w, 'v')) })).toEqual({
			credentials: [],
			workflows: [],
			publish: [],
		});
	});

	test('without WEBHOOK_TOKEN nothing is imported: the published webhooks would accept any caller', async () => {
		const { runInit } = await loadInit();
		const blankToken = { ...CONTRACT, WEBHOOK_TOKEN: '  ' };
		await expect(runInit({ packageDir: tree.packageDir, n8n: '/nonexistent/n8n', env: blankToken, log: () => {} })).rejects.toThrow(
			/WEBHOOK_TOKEN is not set: the published webhooks would accept any caller/,
		);
	});
});

describe('init against a real n8n, twice', () => {
	let userFolder: string;
	let n8n: N8nInstance | undefined;
	afterAll(async () => {
		await n8n?.stop();
		if (userFolder) await rm(userFolder, { recursive: true, force: true });
	}, 60_000);

	test(
		'the second run imports and publishes nothing, nothing is duplicated, and n8n then serves the shipped webhook with its token',
		async () => {
			const { ensureN8n } = (await import(join(repoRoot, 'scripts', 'lib', 'n8n-install.mjs'))) as {
				ensureN8n(options: { log: (line: string) => void }): Promise<{ n8nBin: string; nodeBin: string }>;
			};
			const { n8nBin, nodeBin } = await ensureN8n({ log: progress });
			userFolder = await mkdtemp(join(tmpdir(), 'n8n-init-test-'));
			// What the pod gives the init container, with SQLite in place of PostgreSQL.
			const env = {
				PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}`,
				HOME: process.env.HOME ?? userFolder,
				N8N_USER_FOLDER: userFolder,
				DB_TYPE: 'sqlite',
				NODE_ENV: 'production',
				N8N_DIAGNOSTICS_ENABLED: 'false',
				N8N_CUSTOM_EXTENSIONS: tree.extensionDir,
				...CONTRACT,
			};
			const exportWorkflows = () => runN8n(n8nBin, ['export:workflow', '--all', `--output=${join(userFolder, 'export.json')}`], env).then(async () =>
				(JSON.parse(await readFile(join(userFolder, 'export.json'), 'utf8')) as Workflow[]).sort((a, b) => a.id.localeCompare(b.id)),
			);
			const { runInit } = await loadInit();

			const first = await runInit({ packageDir: tree.packageDir, n8n: n8nBin, env, log: progress });
			expect(first.imported.credentials.length).toBe(first.credentials);
			expect(first.imported.workflows.length).toBe(first.workflows);
			expect(first.published.length).toBe(first.workflows);
			const afterFirst = await exportWorkflows();

			const second = await runInit({ packageDir: tree.packageDir, n8n: n8nBin, env, log: progress });
			expect(second.imported).toEqual({ credentials: [], workflows: [] });
			expect(second.published).toEqual([]);
			const afterSecond = await exportWorkflows();
			const state = (workflows: Workflow[]) => workflows.map(({ id, versionId, activeVersionId, updatedAt, active }) => ({ id, versionId, activeVersionId, updatedAt, active }));
			expect(state(afterSecond)).toEqual(state(afterFirst));
			expect(afterSecond).toHaveLength(first.workflows);
			expect(afterSecond.every((workflow) => workflow.activeVersionId)).toBe(true);

			// n8n activates every published workflow at start (startN8n fails on an activation problem,
			// such as a node type it cannot load) and answers the failure webhook only with the token.
			n8n = await startN8n({ userFolder, env: { N8N_CUSTOM_EXTENSIONS: tree.extensionDir }, log: progress });
			const post = (authorization: string) =>
				fetch(`${n8n!.baseUrl}/webhook/report-failure`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization },
					body: JSON.stringify({ pod_name: 'build-7f9c' }),
				});
			// n8n registers the published webhooks just after it reports ready.
			let wrongToken = await post('Bearer wrong-token');
			for (let tries = 0; wrongToken.status === 404 && tries < 60; tries++) {
				await delay(1000);
				wrongToken = await post('Bearer wrong-token');
			}
			expect({ status: wrongToken.status, output: wrongToken.status === 403 ? '' : n8n.output() }).toEqual({ status: 403, output: '' });
			const answer = await post(`Bearer ${CONTRACT.WEBHOOK_TOKEN}`);
			expect(answer.status).toBe(400);
			expect(await answer.text()).toMatch(/namespace/);
		},
		REAL_RUN_MS,
	);
});

function runN8n(n8nBin: string, args: string[], env: Record<string, string>): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(n8nBin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`n8n ${args[0]} failed (exit ${code}):\n${output}`))));
	});
}
