// The package installed the way the image build file installs it: `npm pack` of this repository,
// then deploy/image/install-package.mjs run as its own process, into a temporary /opt stand-in.
// The result is kept per tarball and lock file, so the test files of one run install it once.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from './manifests';
import { run } from './tools';

export const installScript = join(repoRoot, 'deploy', 'image', 'install-package.mjs');
export const initScript = join(repoRoot, 'deploy', 'init', 'n8n-init.mjs');
const cacheRoot = join(tmpdir(), 'n8n-mcp-devops-image-install');
const MARKER = '.installed.json';

export interface ImageTree {
	/** The /opt/n8n-mcp-devops stand-in. */
	prefix: string;
	packageDir: string;
	/** What N8N_CUSTOM_EXTENSIONS names in the image. */
	extensionDir: string;
	name: string;
	/** install-package.mjs's own output on the run that installed it. */
	output: string;
}

interface Manifest {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}
export const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

/** `npm pack` of the built package, as the image's build context gets it. */
async function pack(destination: string): Promise<string> {
	const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter((file) => !existsSync(join(repoRoot, file)));
	if (missing.length > 0) throw new Error(`the package is not built (missing ${missing[0]}): run \`npm run build\` first`);
	await mkdir(destination, { recursive: true });
	const output = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: repoRoot });
	const [{ filename }] = JSON.parse(output) as { filename: string }[];
	return join(destination, filename);
}

/** Runs install-package.mjs once per tarball and lock file; later calls reuse the tree. */
export async function installedImageTree(): Promise<ImageTree> {
	const packDir = join(cacheRoot, `pack-${process.pid}`);
	const tarball = await pack(packDir);
	const key = createHash('sha256')
		.update(await readFile(tarball))
		.update(await readFile(join(repoRoot, 'package-lock.json')))
		.digest('hex')
		.slice(0, 16);
	const prefix = join(cacheRoot, key);
	const packageDir = join(prefix, 'node_modules', manifest.name);
	const tree = { prefix, packageDir, extensionDir: join(packageDir, 'dist'), name: manifest.name };
	try {
		if (existsSync(join(prefix, MARKER))) {
			return { ...tree, output: (JSON.parse(await readFile(join(prefix, MARKER), 'utf8')) as { output: string }).output };
		}
		for (const entry of existsSync(cacheRoot) ? await readdir(cacheRoot) : []) {
			if (!entry.startsWith('pack-')) await rm(join(cacheRoot, entry), { recursive: true, force: true });
		}
		const output = await run(process.execPath, [
			installScript,
			'install',
			'--tarball',
			tarball,
			'--lock',
			join(repoRoot, 'package-lock.json'),
			'--prefix',
			prefix,
		]);
		await writeFile(join(prefix, MARKER), JSON.stringify({ output }));
		return { ...tree, output };
	} finally {
		await rm(packDir, { recursive: true, force: true });
	}
}
