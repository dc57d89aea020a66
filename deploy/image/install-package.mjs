#!/usr/bin/env node
// The install logic of the image build file (deploy/image/Containerfile), kept here so that a test
// can run it for real (test/deploy/image-install.test.ts).
//
//   install-package.mjs install --tarball <npm pack output> --lock <package-lock.json> --prefix <dir>
//     Unpacks the package to <prefix>/node_modules/<name> and installs its runtime dependencies
//     beside it, pinned by the repository's lock file. n8n loads it through N8N_CUSTOM_EXTENSIONS
//     pointed at <prefix>/node_modules/<name>/dist (see extensionDirectory below).
//   install-package.mjs writable <dir>...
//     Makes the folders n8n writes to usable under an arbitrary UID (OpenShift's restricted SCC):
//     group 0 and group-writable.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Modules the package must take from n8n (n8n puts its own module paths on NODE_PATH). */
const PROVIDED_BY_N8N = ['n8n-workflow', 'n8n-core'];

/**
 * The folder N8N_CUSTOM_EXTENSIONS must name: the package's dist/, not the package. n8n's
 * CustomDirectoryLoader loads every `**\/*.node.js` and `**\/*.credentials.js` below the folder,
 * node_modules included, as a class named after the file; a dependency's file such as
 * pkce-challenge/dist/index.node.js then fails with "require(...).index is not a constructor".
 */
export function extensionDirectory(prefix, packageName) {
	return join(prefix, 'node_modules', packageName, 'dist');
}

/**
 * Unpacks the package and installs its runtime dependencies into its own node_modules.
 * @param {{ tarball: string, lock?: string, prefix: string, log?: (line: string) => void }} options
 * @returns {Promise<{ packageDir: string, extensionDir: string, name: string, version: string }>}
 */
export async function installPackage({ tarball, lock, prefix, log = (line) => console.log(`[install-package] ${line}`) }) {
	if (!existsSync(tarball)) throw new Error(`--tarball: ${tarball} does not exist (build it with \`npm pack\`)`);
	if (lock && !existsSync(lock)) throw new Error(`--lock: ${lock} does not exist`);
	await mkdir(join(prefix, 'node_modules'), { recursive: true });
	const staging = await mkdtemp(join(prefix, '.unpack-'));
	try {
		await run('tar', ['-xzf', resolve(tarball), '-C', staging]);
		const unpacked = join(staging, 'package');
		const manifest = JSON.parse(await readFile(join(unpacked, 'package.json'), 'utf8'));
		const packageDir = join(prefix, 'node_modules', manifest.name);
		await mkdir(dirname(packageDir), { recursive: true });
		await rm(packageDir, { recursive: true, force: true });
		await rename(unpacked, packageDir);
		log(`unpacked ${manifest.name}@${manifest.version} into ${packageDir}`);

		if (lock) await copyFile(lock, join(packageDir, 'package-lock.json'));
		// No install scripts (the dependencies are plain JavaScript) and no peers: n8n-workflow is n8n's.
		await run('npm', ['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: packageDir,
		});
		const shadowing = PROVIDED_BY_N8N.filter((name) => existsSync(join(packageDir, 'node_modules', name)));
		if (shadowing.length > 0) {
			throw new Error(`a runtime dependency of ${manifest.name} pulls in ${shadowing.join(', ')}, which would shadow n8n's own copy`);
		}
		const extensionDir = extensionDirectory(prefix, manifest.name);
		const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		const missing = declared.filter((file) => !existsSync(join(packageDir, file)));
		if (missing.length > 0) throw new Error(`${manifest.name} declares files the tarball lacks (was it built?): ${missing.join(', ')}`);
		await makeReadOnlyForGroupZero(prefix);
		log(`runtime dependencies installed; N8N_CUSTOM_EXTENSIONS=${extensionDir}`);
		return { packageDir, extensionDir, name: manifest.name, version: manifest.version };
	} finally {
		await rm(staging, { recursive: true, force: true });
	}
}

/** Everything readable by group 0 (an arbitrary UID's group), nothing writable but by its owner. */
async function makeReadOnlyForGroupZero(root) {
	await walk(root, async (path, stats) => {
		if (stats.isSymbolicLink()) return;
		await chownToGroupZero(path, stats);
		const owner = (stats.mode >> 6) & 0o7;
		const readable = owner & 0o5;
		await chmod(path, (owner << 6) | (readable << 3) | readable);
	});
}

/** Folders n8n writes to: group 0, group-writable, new entries inheriting the group (setgid). */
export async function makeWritableForGroupZero(dirs) {
	for (const dir of dirs) {
		await mkdir(dir, { recursive: true });
		await walk(dir, async (path, stats) => {
			if (stats.isSymbolicLink()) return;
			await chownToGroupZero(path, stats);
			const owner = (stats.mode >> 6) & 0o7;
			const setgid = stats.isDirectory() ? 0o2000 : 0;
			await chmod(path, setgid | (owner << 6) | (owner << 3) | (stats.mode & 0o5));
		});
	}
}

async function chownToGroupZero(path, stats) {
	// Only root may give files away; an unprivileged run (a developer trying the script) keeps its group.
	if (process.getuid?.() === 0 && stats.gid !== 0) await chown(path, stats.uid, 0);
}

async function walk(path, visit) {
	const stats = await lstat(path);
	await visit(path, stats);
	if (!stats.isDirectory()) return;
	for (const entry of await readdir(path)) await walk(join(path, entry), visit);
}

function run(command, args, { cwd } = {}) {
	return new Promise((resolveRun, reject) => {
		const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			process.stderr.write(chunk);
		});
		child.on('error', (error) => reject(new Error(`${command} could not be started: ${error.message}`)));
		child.on('close', (code) => {
			if (code === 0) resolveRun();
			else reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${stderr.trim().split('\n').slice(-20).join('\n')}`));
		});
	});
}

/** `--name value` pairs; a flag given twice is an error naming it. */
function parseFlags(args, allowed) {
	const flags = {};
	for (let i = 0; i < args.length; i += 2) {
		const name = args[i]?.replace(/^--/, '');
		if (!allowed.includes(name)) throw new Error(`unknown option ${args[i]}: expected ${allowed.map((a) => `--${a}`).join(', ')}`);
		if (args[i + 1] === undefined) throw new Error(`--${name} needs a value`);
		if (name in flags) throw new Error(`--${name} is given twice`);
		flags[name] = args[i + 1];
	}
	return flags;
}

async function main([command, ...args]) {
	if (command === 'install') {
		const flags = parseFlags(args, ['tarball', 'lock', 'prefix']);
		if (!flags.tarball || !flags.prefix) throw new Error('install needs --tarball <package.tgz> and --prefix <dir>');
		await installPackage({ tarball: flags.tarball, lock: flags.lock, prefix: flags.prefix });
	} else if (command === 'writable') {
		if (args.length === 0) throw new Error('writable needs at least one folder');
		await makeWritableForGroupZero(args);
	} else {
		throw new Error(`unknown command "${command ?? ''}": expected install or writable`);
	}
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).catch((error) => {
		console.error(`[install-package] ${error.message}`);
		process.exit(1);
	});
}
