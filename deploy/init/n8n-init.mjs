#!/usr/bin/env node
// The init step of the n8n main pod (deploy/README.md, "What runs at start"): creates the
// credentials the configuration contract describes (scripts/lib/contract.mjs) from the
// environment, which the pod fills from Secrets, imports the package's shipped workflows with
// their Settings filled in, and publishes them — all through n8n's own CLI.
//
// It is idempotent: it exports what n8n holds first and imports, then publishes, only what
// differs. A second run with the same environment changes nothing (n8n's import always writes a
// new version and unpublishes the workflow, so importing again would not be harmless).
//
//   node deploy/init/n8n-init.mjs --package=<installed package folder> [--n8n=<n8n executable>]
//                                 [--only=<workflow file names without .json, comma-separated>]
//
// Each n8n CLI call starts n8n (about 5 s of CPU), and n8n publishes one workflow per call: a first
// run over all 17 shipped workflows takes about 2 minutes, a run that finds nothing to do two calls.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentialsFromEnvironment, present } from '../../scripts/lib/contract.mjs';
import { applySettings, settingsFromEnvironment } from '../../scripts/lib/stack.mjs';

/** The node type prefix n8n gives everything N8N_CUSTOM_EXTENSIONS loads (n8n-core's CUSTOM_NODES_PACKAGE_NAME). */
export const CUSTOM_EXTENSIONS_PREFIX = 'CUSTOM';
const WORKFLOW_FOLDERS = ['workflows', join('workflows', 'ops')];

/**
 * The prefix the running n8n gives this package's node types: `CUSTOM` when N8N_CUSTOM_EXTENSIONS
 * names a folder inside the package (as the image does), else the package's name (installed as a
 * community package).
 */
export function nodeTypePrefix(env, packageDir, packageName) {
	const inside = (dir) => {
		const path = relative(resolve(packageDir), resolve(dir));
		return path === '' || (!path.startsWith('..') && !path.startsWith(sep));
	};
	const extensionDirs = (env.N8N_CUSTOM_EXTENSIONS ?? '').split(';').filter((dir) => dir.trim() !== '');
	return extensionDirs.some(inside) ? CUSTOM_EXTENSIONS_PREFIX : packageName;
}

/**
 * A workflow's id: the one its JSON carries; for a workflow without one, a stable id made from its
 * file path, so that the next run finds it again instead of importing a copy.
 */
export function workflowId(workflow, relativePath) {
	if (typeof workflow.id === 'string' && workflow.id !== '') return workflow.id;
	return createHash('sha256').update(relativePath).digest('base64url').replace(/[-_]/g, '').slice(0, 16);
}

/** The workflows as this n8n should hold them: ids, Settings from the environment, node types renamed. */
export async function desiredWorkflows({ packageDir, packageName, env, only }) {
	const settings = settingsFromEnvironment(env);
	const prefix = nodeTypePrefix(env, packageDir, packageName);
	const workflows = [];
	for (const folder of WORKFLOW_FOLDERS) {
		const dir = join(packageDir, folder);
		const names = existsSync(dir)
			? (await readdir(dir)).filter((name) => name.endsWith('.json') && (!only || only.includes(name.slice(0, -'.json'.length)))).sort()
			: [];
		for (const name of names) {
			const path = join(folder, name);
			const workflow = applySettings(JSON.parse(await readFile(join(packageDir, path), 'utf8')), settings);
			workflow.id = workflowId(workflow, path.split(sep).join('/'));
			for (const node of workflow.nodes) {
				if (node.type.startsWith(`${packageName}.`)) node.type = `${prefix}.${node.type.slice(packageName.length + 1)}`;
			}
			workflows.push(Object.defineProperty(workflow, 'file', { value: name.slice(0, -'.json'.length), enumerable: false }));
		}
	}
	if (only && workflows.length !== only.length) {
		throw new Error(`--only: no shipped workflow named ${only.filter((name) => !workflows.some((w) => w.file === name)).join(', ')}`);
	}
	if (workflows.length === 0) throw new Error(`--package: no workflows under ${join(packageDir, 'workflows')}`);
	return workflows;
}

/** True when everything `desired` says is already so in `actual` (n8n adds fields of its own). */
export function holds(actual, desired) {
	if (Array.isArray(desired)) {
		return Array.isArray(actual) && actual.length === desired.length && desired.every((item, i) => holds(actual[i], item));
	}
	if (desired !== null && typeof desired === 'object') {
		return actual !== null && typeof actual === 'object' && Object.entries(desired).every(([key, value]) => holds(actual[key], value));
	}
	return isDeepStrictEqual(actual, desired);
}

function workflowHolds(existing, desired) {
	if (!existing || existing.name !== desired.name || !holds(existing.connections, desired.connections)) return false;
	if (!holds(existing.settings ?? {}, desired.settings ?? {})) return false;
	const existingNodes = new Map((existing.nodes ?? []).map((node) => [node.name, node]));
	return existingNodes.size === desired.nodes.length && desired.nodes.every((node) => holds(existingNodes.get(node.name), node));
}

/**
 * What to change: credentials and workflows that are missing or differ, and workflows to publish
 * (the ones imported now, whose import unpublished them, and any not published).
 * @param {{ credentials: object[], workflows: object[] }} desired
 * @param {{ credentials: object[], workflows: object[] }} existing what `n8n export:*` printed
 */
export function planChanges(desired, existing) {
	const credentialsById = new Map(existing.credentials.map((credential) => [credential.id, credential]));
	const workflowsById = new Map(existing.workflows.map((workflow) => [workflow.id, workflow]));
	const credentials = desired.credentials.filter((credential) => {
		const current = credentialsById.get(credential.id);
		return !current || current.name !== credential.name || current.type !== credential.type || !isDeepStrictEqual(current.data, credential.data);
	});
	const workflows = desired.workflows.filter((workflow) => !workflowHolds(workflowsById.get(workflow.id), workflow));
	const imported = new Set(workflows.map((workflow) => workflow.id));
	const publish = desired.workflows
		.filter((workflow) => imported.has(workflow.id) || !workflowsById.get(workflow.id)?.activeVersionId)
		.map((workflow) => workflow.id);
	return { credentials, workflows, publish };
}

/**
 * Runs the init step.
 * @param {{ packageDir: string, n8n?: string, only?: string[], env?: Record<string, string | undefined>, log?: (line: string) => void }} options
 * @returns {Promise<{ credentials: number, workflows: number, imported: { credentials: string[], workflows: string[] }, published: string[] }>}
 */
export async function runInit({ packageDir, n8n = 'n8n', only, env = process.env, log = (line) => console.log(`[n8n-init] ${line}`) }) {
	if (!present(env.WEBHOOK_TOKEN)) {
		throw new Error(
			'WEBHOOK_TOKEN is not set: the published webhooks would accept any caller. Create the Secret with the token ' +
				'(deploy/README.md, "Secrets") and let the pod read it.',
		);
	}
	const started = Date.now();
	const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
	const desired = {
		credentials: credentialsFromEnvironment(env),
		workflows: await desiredWorkflows({ packageDir, packageName: manifest.name, env, only }),
	};
	// The exports hold decrypted credentials: a private folder, removed at the end.
	const workDir = await mkdtemp(join(tmpdir(), 'n8n-init-'));
	try {
		// Export, import and publish need no node classes: not loading the package's saves about a
		// fifth of every call.
		const { N8N_CUSTOM_EXTENSIONS: _notNeeded, ...cliEnv } = env;
		const cli = (args) => runN8n(n8n, args, cliEnv);
		const existing = {
			credentials: await exportAll(cli, 'credentials', join(workDir, 'credentials.json'), ['--decrypted']),
			workflows: await exportAll(cli, 'workflow', join(workDir, 'workflows.json')),
		};
		const plan = planChanges(desired, existing);
		if (plan.credentials.length > 0) {
			await writeFile(join(workDir, 'import-credentials.json'), JSON.stringify(plan.credentials), { mode: 0o600 });
			await cli(['import:credentials', `--input=${join(workDir, 'import-credentials.json')}`]);
		}
		if (plan.workflows.length > 0) {
			await writeFile(join(workDir, 'import-workflows.json'), JSON.stringify(plan.workflows));
			await cli(['import:workflow', `--input=${join(workDir, 'import-workflows.json')}`]);
		}
		for (const id of plan.publish) await cli(['publish:workflow', `--id=${id}`]);
		const summary = {
			credentials: desired.credentials.length,
			workflows: desired.workflows.length,
			imported: { credentials: plan.credentials.map((c) => c.id), workflows: plan.workflows.map((w) => w.id) },
			published: plan.publish,
		};
		log(
			`credentials: ${summary.credentials} configured, ${plan.credentials.length} imported; ` +
				`workflows: ${summary.workflows} shipped, ${plan.workflows.length} imported, ${plan.publish.length} published ` +
				`(${((Date.now() - started) / 1000).toFixed(1)} s)`,
		);
		return summary;
	} finally {
		await rm(workDir, { recursive: true, force: true });
	}
}

/** `n8n export:<kind> --all`; n8n answers "No … found" with an error when there is nothing yet. */
async function exportAll(cli, kind, file, extra = []) {
	try {
		await cli([`export:${kind}`, '--all', `--output=${file}`, ...extra]);
	} catch (error) {
		if (/No (workflows|credentials) found/.test(error.message)) return [];
		throw error;
	}
	return JSON.parse(await readFile(file, 'utf8'));
}

function runN8n(n8n, args, env) {
	return new Promise((resolveRun, reject) => {
		const child = spawn(n8n, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', (error) => reject(new Error(`${n8n} could not be started (--n8n): ${error.message}`)));
		child.on('close', (code) => {
			// Some n8n commands log an error and still exit 0.
			if (code === 0 && !/An error occurred|Error updating database|There was an error/i.test(output)) return resolveRun(output);
			reject(new Error(`n8n ${args[0]} failed (exit ${code}):\n${output.trim().split('\n').slice(-30).join('\n')}`));
		});
	});
}

function parseArguments(args) {
	const options = {};
	for (const arg of args) {
		const match = /^--(package|n8n|only)=(.+)$/.exec(arg);
		if (!match) {
			throw new Error(`unknown argument "${arg}": expected --package=<installed package folder> [--n8n=<n8n executable>] [--only=<names>]`);
		}
		options[match[1]] = match[2];
	}
	if (!options.package) throw new Error('--package=<installed package folder> is required');
	const only = options.only?.split(',').map((name) => name.trim()).filter(Boolean);
	return { packageDir: options.package, n8n: options.n8n, only };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	try {
		await runInit(parseArguments(process.argv.slice(2)));
	} catch (error) {
		console.error(`[n8n-init] ${error.message}`);
		process.exit(1);
	}
}
