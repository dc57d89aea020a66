// The image's install logic run for real (deploy/image/install-package.mjs, as the build file runs
// it), its folder modes for an arbitrary UID, and the real n8n 2.41.1 loading the package from it
// through N8N_CUSTOM_EXTENSIONS with a fresh user folder.
import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { installScript, installedImageTree, manifest, type ImageTree } from './support/image';
import { startN8n, type N8nInstance } from '../support/n8n-instance';
import { run } from './support/tools';

// A first n8n install from an empty cache takes about 6 minutes, npm pack and the install about a minute.
const SETUP_MS = 20 * 60_000;
const progress = (line: string) => process.stdout.write(`[deploy image] ${line}\n`);

async function walk(dir: string, visit: (path: string, stats: Awaited<ReturnType<typeof lstat>>) => void): Promise<void> {
	const stats = await lstat(dir);
	visit(dir, stats);
	if (!stats.isDirectory()) return;
	for (const entry of await readdir(dir)) await walk(join(dir, entry), visit);
}

let tree: ImageTree;
beforeAll(async () => {
	tree = await installedImageTree();
}, SETUP_MS);

describe('install-package.mjs', () => {
	test('installs the package with its runtime dependencies beside it and names the extension folder', () => {
		expect(tree.output).toContain(`N8N_CUSTOM_EXTENSIONS=${tree.extensionDir}`);
	});

	test("the extension folder holds exactly the package's node and credential files", async () => {
		const found: string[] = [];
		await walk(tree.extensionDir, (path) => {
			if (/\.(node|credentials)\.js$/.test(path)) found.push(join('dist', relative(tree.extensionDir, path)));
		});
		expect(found.sort()).toEqual([...manifest.n8n.nodes, ...manifest.n8n.credentials].sort());
	});

	test("the package folder itself would not do: a dependency ships a *.node.js n8n would load as a node", async () => {
		const strays: string[] = [];
		await walk(join(tree.packageDir, 'node_modules'), (path) => {
			if (path.endsWith('.node.js')) strays.push(relative(tree.packageDir, path));
		});
		expect(strays.length).toBeGreaterThan(0);
	});

	test("n8n's own modules are not installed: the package must use n8n's n8n-workflow", async () => {
		const modules = await readdir(join(tree.packageDir, 'node_modules'));
		expect(modules).not.toContain('n8n-workflow');
		expect(modules).not.toContain('n8n-core');
	});

	test('every installed file belongs to group 0, readable by it, and writable by nobody but its owner', async () => {
		const problems: string[] = [];
		await walk(tree.prefix, (path, stats) => {
			if (stats.isSymbolicLink()) return;
			const where = relative(tree.prefix, path) || '.';
			if (process.getuid?.() === 0 && stats.gid !== 0) problems.push(`${where}: group ${stats.gid}`);
			if ((Number(stats.mode) & 0o040) === 0) problems.push(`${where}: not readable by its group`);
			if (stats.isDirectory() && (Number(stats.mode) & 0o010) === 0) problems.push(`${where}: not searchable by its group`);
			if ((Number(stats.mode) & 0o022) !== 0) problems.push(`${where}: writable by group or others`);
		});
		expect(problems.slice(0, 10)).toEqual([]);
	});

	test("`writable` makes n8n's folders group 0, group-writable, and passes the group on to new files", async () => {
		const home = await mkdtemp(join(tmpdir(), 'image-home-'));
		try {
			const dirs = [join(home, '.n8n'), join(home, '.cache')];
			await run(process.execPath, [installScript, 'writable', ...dirs]);
			for (const dir of dirs) {
				const stats = await lstat(dir);
				if (process.getuid?.() === 0) expect(stats.gid).toBe(0);
				expect(stats.mode & 0o070).toBe(0o070);
				expect(stats.mode & 0o2000).toBe(0o2000);
			}
		} finally {
			await rm(home, { recursive: true, force: true });
		}
	});

	test('bad arguments are refused with the option they concern', async () => {
		await expect(run(process.execPath, [installScript, 'install', '--prefix', '/tmp/x'])).rejects.toThrow(/install needs --tarball/);
		await expect(run(process.execPath, [installScript, 'install', '--tarball', '/nonexistent.tgz', '--prefix', '/tmp/x'])).rejects.toThrow(
			/--tarball: \/nonexistent.tgz does not exist/,
		);
		await expect(run(process.execPath, [installScript, 'unpack'])).rejects.toThrow(/unknown command "unpack"/);
	});
});

describe('n8n with N8N_CUSTOM_EXTENSIONS pointing at the installed package', () => {
	let n8n: N8nInstance | undefined;
	afterAll(async () => {
		await n8n?.stop();
	}, 60_000);

	test(
		"lists the package's nodes and credentials, under the CUSTOM prefix n8n gives custom extensions",
		async () => {
			n8n = await startN8n({ env: { N8N_CUSTOM_EXTENSIONS: tree.extensionDir }, log: progress });
			const session = await n8n.ownerLogin();
			const nodeTypes = (await session.json<{ name: string }[]>('/types/nodes.json')).map((type) => type.name);
			const credentialTypes = (await session.json<{ name: string }[]>('/types/credentials.json')).map((type) => type.name);
			const packageNodes = manifest.n8n.nodes.map((file) => file.split('/').pop()!.replace('.node.js', ''));
			for (const node of packageNodes) {
				const name = `CUSTOM.${node[0].toLowerCase()}${node.slice(1)}`;
				expect(nodeTypes).toContain(name);
			}
			expect(nodeTypes.filter((type) => type.startsWith(`${manifest.name}.`))).toEqual([]);
			for (const file of manifest.n8n.credentials) {
				const credential = file.split('/').pop()!.replace('.credentials.js', '');
				expect(credentialTypes).toContain(`${credential[0].toLowerCase()}${credential.slice(1)}`);
			}
			expect(n8n.output()).not.toMatch(/is not a constructor|Class could not be found/);
		},
		SETUP_MS,
	);
});
