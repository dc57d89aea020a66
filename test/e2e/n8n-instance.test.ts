// A real n8n 2.41.1 (installed into the cache on first use, which takes minutes) with community
// packages loaded the way n8n loads them.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { startN8n, type N8nInstance, type WorkflowJson } from '../support/n8n-instance';

const repoRoot = join(__dirname, '..', '..');
// Covers a first install from an empty cache (about 6 minutes here) plus n8n's start.
const INSTALL_AND_START_MS = 20 * 60_000;
const progress = (line: string) => process.stdout.write(`[n8n e2e] ${line}\n`);

const PROBE_PACKAGE = 'n8n-nodes-e2e-probe';

/** A minimal community package in plain JS: one node that uses a runtime dependency (yaml). */
async function writeProbePackage(dir: string): Promise<void> {
	await mkdir(join(dir, 'dist', 'nodes', 'EchoProbe'), { recursive: true });
	const manifest = {
		name: PROBE_PACKAGE,
		version: '1.0.0',
		files: ['dist'],
		n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/EchoProbe/EchoProbe.node.js'] },
		dependencies: { yaml: '2.9.1' },
		peerDependencies: { 'n8n-workflow': '*' },
	};
	await writeFile(join(dir, 'package.json'), JSON.stringify(manifest, null, '\t'));
	await writeFile(
		join(dir, 'dist', 'nodes', 'EchoProbe', 'EchoProbe.node.js'),
		`const YAML = require('yaml');
class EchoProbe {
	constructor() {
		this.description = {
			displayName: 'Echo Probe',
			name: 'echoProbe',
			group: ['transform'],
			version: 1,
			description: 'Echoes the webhook body with a marker',
			defaults: { name: 'Echo Probe' },
			inputs: ['main'],
			outputs: ['main'],
			properties: [{ displayName: 'Marker', name: 'marker', type: 'string', default: '' }],
		};
	}
	async execute() {
		return [this.getInputData().map((item, index) => ({
			json: {
				handledBy: '${PROBE_PACKAGE}',
				marker: this.getNodeParameter('marker', index),
				received: item.json.body,
				yaml: YAML.stringify(item.json.body),
			},
		}))];
	}
}
module.exports = { EchoProbe };
`,
	);
}

function probeWorkflow(path: string, marker: string): WorkflowJson {
	return {
		name: 'Echo probe behind a webhook',
		nodes: [
			{
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'responseNode', options: {} },
			},
			{
				name: 'Echo Probe',
				type: `${PROBE_PACKAGE}.echoProbe`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { marker },
			},
			{
				name: 'Respond',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				position: [440, 0],
				parameters: { respondWith: 'firstIncomingItem', options: {} },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Echo Probe', type: 'main', index: 0 }]] },
			'Echo Probe': { main: [[{ node: 'Respond', type: 'main', index: 0 }]] },
		},
		settings: {},
	};
}

/** The `name` n8n registers a compiled node or credential class under (its file names the class). */
async function declaredTypeName(file: string, suffix: '.node.js' | '.credentials.js'): Promise<string> {
	const exported = (await import(file)) as Record<string, unknown>;
	const className = basename(file, suffix);
	const TypeClass = (exported[className] ?? (exported.default as Record<string, unknown> | undefined)?.[className]) as
		| (new () => { description?: { name: string }; name?: string })
		| undefined;
	if (!TypeClass) throw new Error(`${file} does not export a class named ${className}`);
	const instance = new TypeClass();
	const name = suffix === '.node.js' ? instance.description?.name : instance.name;
	if (!name) throw new Error(`${file}: ${className} has no name`);
	return name;
}

describe('a real n8n 2.41.1', () => {
	let n8n: N8nInstance | undefined;
	let scratch: string | undefined;

	afterEach(async () => {
		await n8n?.stop();
		n8n = undefined;
		if (scratch) await rm(scratch, { recursive: true, force: true });
		scratch = undefined;
	});

	test(
		'answers a production webhook through a community package node, with workflows and credentials seeded by the CLI',
		async () => {
			scratch = await mkdtemp(join(tmpdir(), 'n8n-e2e-probe-'));
			await writeProbePackage(scratch);
			const path = `probe-${randomUUID().slice(0, 8)}`;
			const marker = randomUUID();

			const credential = {
				id: `probe${randomUUID().replace(/-/g, '').slice(0, 11)}`,
				name: 'Probe header',
				type: 'httpHeaderAuth',
				data: { name: 'X-Probe', value: randomUUID() },
			};

			n8n = await startN8n({
				packageDir: scratch,
				credentials: [credential],
				workflows: [probeWorkflow(path, marker)],
				log: progress,
			});
			expect(n8n.workflows).toEqual([
				{ id: expect.any(String), name: 'Echo probe behind a webhook', webhooks: [{ method: 'POST', path }] },
			]);
			expect(n8n.baseUrl).toBe(`http://127.0.0.1:${n8n.port}`);

			const response = await fetch(`${n8n.baseUrl}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ pipeline_run: 'build-42', namespace: 'ci' }),
			});
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({
				handledBy: PROBE_PACKAGE,
				marker,
				received: { pipeline_run: 'build-42', namespace: 'ci' },
				yaml: 'pipeline_run: build-42\nnamespace: ci\n',
			});

			// The credential went in as plain data; n8n stored it encrypted and gives it back decrypted.
			const { stdout } = await n8n.cli(['export:credentials', `--id=${credential.id}`, '--decrypted']);
			expect(JSON.parse(stdout)).toEqual([expect.objectContaining(credential)]);
		},
		INSTALL_AND_START_MS,
	);

	test(
		'loads every node and credential that this package declares in package.json',
		async () => {
			const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
				name: string;
				n8n?: { nodes?: string[]; credentials?: string[] };
			};
			const nodeFiles = manifest.n8n?.nodes ?? [];
			const credentialFiles = manifest.n8n?.credentials ?? [];
			if (nodeFiles.length === 0) throw new Error('package.json declares no nodes under n8n.nodes');
			const unbuilt = [...nodeFiles, ...credentialFiles].filter((file) => !existsSync(join(repoRoot, file)));
			if (unbuilt.length > 0) {
				throw new Error(`the package is not built (run \`npm run build\`); missing: ${unbuilt.join(', ')}`);
			}
			const expectedNodes = await Promise.all(
				nodeFiles.map(async (file) => `${manifest.name}.${await declaredTypeName(join(repoRoot, file), '.node.js')}`),
			);
			const expectedCredentials = await Promise.all(
				credentialFiles.map((file) => declaredTypeName(join(repoRoot, file), '.credentials.js')),
			);

			n8n = await startN8n({ packageDir: repoRoot, log: progress });
			const owner = await n8n.ownerLogin();
			// The same type lists the editor loads.
			const nodeTypes = await owner.json<{ name: string }[]>('/types/nodes.json');
			const credentialTypes = await owner.json<{ name: string }[]>('/types/credentials.json');

			const knownNodes = new Set(nodeTypes.map((type) => type.name));
			const knownCredentials = new Set(credentialTypes.map((type) => type.name));
			expect(expectedNodes.filter((name) => !knownNodes.has(name))).toEqual([]);
			expect(expectedCredentials.filter((name) => !knownCredentials.has(name))).toEqual([]);
			// n8n's own nodes are there too, so the lists are the real ones.
			expect(knownNodes).toContain('n8n-nodes-base.webhook');
		},
		INSTALL_AND_START_MS,
	);
});
