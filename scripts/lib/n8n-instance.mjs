// Starts a real n8n (installed by n8n-install.mjs) with a community package loaded, credentials and
// workflows imported through n8n's own CLI, bound to 127.0.0.1. Used by `npm start` and the
// end-to-end tests.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import {
	NPM_QUIET,
	ensureCachedDirectory,
	ensureN8n,
	n8nCacheRoot,
	npmCommand,
	npmEnvironment,
	readMarker,
	run,
	writeMarker,
} from './n8n-install.mjs';

const READY_LINE = /Editor is now accessible via/;
// What n8n 2.41 logs when a published workflow cannot be activated (unknown node type, a trigger
// that fails to start, a policy): waiting for its webhooks would then only time out.
const ACTIVATION_PROBLEM =
	/Published version holds node types this instance cannot load|Workflow cannot run on this instance|Workflow partially published|blocked by policy|Issue on initial workflow activation/;
const OUTPUT_LINES_KEPT = 400;
// Settings inherited from the calling shell that would change which database, port or mode n8n
// uses; jest's NODE_ENV=test would even make n8n refuse to load nodes.
const INHERITED_N8N_SETTING =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|NODES_|CREDENTIALS_|EXTERNAL_|WEBHOOK_URL$|GENERIC_TIMEZONE$|E2E_TESTS$|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$)/;

const defaultLog = (line) => console.log(`[n8n] ${line}`);

/**
 * @typedef {{ id: string, name: string, type: string, data: Record<string, unknown> }} CredentialSeed
 * @typedef {{ id: string, name: string, webhooks: { method: string, path: string }[] }} ImportedWorkflow
 */

/**
 * Starts n8n and resolves once it serves requests and the published workflows' webhooks answer.
 * @param {{
 *   packageDir?: string,
 *   userFolder?: string,
 *   port?: number,
 *   env?: Record<string, string>,
 *   credentials?: CredentialSeed[],
 *   workflows?: (string | Record<string, unknown>)[],
 *   publish?: boolean,
 *   version?: string,
 *   startTimeoutMs?: number,
 *   stopGraceMs?: number,
 *   log?: (line: string) => void,
 *   onN8nOutput?: (line: string) => void,
 * }} options
 */
export async function startN8n({
	packageDir,
	userFolder: givenUserFolder,
	port: givenPort,
	env: extraEnv = {},
	credentials = [],
	workflows = [],
	publish = true,
	version,
	startTimeoutMs = 240_000,
	stopGraceMs = 20_000,
	log = defaultLog,
	onN8nOutput,
}) {
	const n8n = await ensureN8n({ version, log });
	const userFolder = givenUserFolder ? resolve(givenUserFolder) : await mkdtemp(join(tmpdir(), 'n8n-mcp-devops-'));
	const ownsUserFolder = !givenUserFolder;
	try {
		await assertNoForeignN8nWorkflow(userFolder);
		if (packageDir) await installPackage({ packageDir, userFolder, nodeBin: n8n.nodeBin, log });

		const port = givenPort ?? portFromEnv(extraEnv.N8N_PORT ?? process.env.N8N_PORT) ?? (await freePort());
		const env = n8nEnvironment({ nodeBin: n8n.nodeBin, userFolder, port, brokerPort: await freePort(), stopGraceMs, extraEnv });
		// Commands such as `execute` start their own task broker, which must not collide with the server's.
		const cli = async (args) =>
			runCli(n8n, args, { env: { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, cwd: userFolder });

		const { imported, keptAsEdited } = await importSeeds({ cli, userFolder, credentials, workflows, publish, log });
		const started = Date.now();
		const server = launch(n8n, { env, cwd: userFolder, stopGraceMs, onN8nOutput });
		const baseUrl = `http://127.0.0.1:${port}`;
		try {
			await waitUntilReady({ server, baseUrl, env, webhooks: imported.flatMap((w) => w.webhooks), timeoutMs: startTimeoutMs });
		} catch (error) {
			await server.stop();
			throw error;
		}
		log(`n8n is ready at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s (user folder ${userFolder})`);

		let owner;
		return {
			baseUrl,
			port,
			userFolder,
			workflows: imported,
			/** Shipped workflows changed in n8n since a start imported them: not imported again. */
			keptAsEdited,
			cli,
			output: () => server.output(),
			/** Sets up the owner account the first time, then logs in again with the same details. */
			ownerLogin: async (details) => {
				owner ??= setupOwner(baseUrl, details);
				const { email, password } = await owner;
				return await login(baseUrl, { email, password });
			},
			stop: async () => {
				await server.stop();
				if (ownsUserFolder) await rm(userFolder, { recursive: true, force: true });
			},
		};
	} catch (error) {
		if (ownsUserFolder) await rm(userFolder, { recursive: true, force: true });
		throw error;
	}
}

/**
 * Puts the built package where n8n looks for community packages, as n8n's own installer lays it
 * out: `<userFolder>/.n8n/nodes/node_modules/<name>` with its runtime dependencies in its own
 * `node_modules`, and the package listed in `.n8n/nodes/package.json`. n8n-workflow is left out
 * on purpose: the package must use n8n's copy (n8n adds its own module paths to NODE_PATH).
 * @param {{ packageDir: string, userFolder: string, nodeBin: string, log?: (line: string) => void }} options
 * @returns {Promise<string>} the installed package's folder
 */
export async function installPackage({ packageDir, userFolder, nodeBin, log = defaultLog }) {
	const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8'));
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(manifest.name ?? '')) {
		throw new Error(
			`n8n only loads community packages named n8n-nodes-* or @scope/n8n-nodes-*; ${packageDir}/package.json names "${manifest.name}"`,
		);
	}
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', manifest.name);
	await rm(target, { recursive: true, force: true });
	await mkdir(target, { recursive: true });

	// n8n's installer drops these fields too; scripts never run here.
	const { devDependencies, peerDependencies, optionalDependencies, scripts, ...installedManifest } = manifest;
	await writeFile(join(target, 'package.json'), JSON.stringify(installedManifest, null, '\t') + '\n');
	for (const entry of manifest.files ?? ['dist']) {
		const source = join(packageDir, entry);
		if (existsSync(source)) await cp(source, join(target, entry), { recursive: true });
	}
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(target, file)));
	if (missing.length > 0) {
		throw new Error(`${manifest.name} declares files it does not contain (build it first?): ${missing.join(', ')}`);
	}

	if (Object.keys(manifest.dependencies ?? {}).length > 0) {
		const depsDir = await ensureRuntimeDependencies({ packageDir, manifest, nodeBin, log });
		await symlink(join(depsDir, 'node_modules'), join(target, 'node_modules'), 'dir');
	}

	const ledgerPath = join(nodesDir, 'package.json');
	const ledger = existsSync(ledgerPath)
		? JSON.parse(await readFile(ledgerPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	ledger.dependencies = { ...ledger.dependencies, [manifest.name]: manifest.version };
	await writeFile(ledgerPath, JSON.stringify(ledger, null, '\t') + '\n');
	return target;
}

/**
 * The package's runtime dependencies, installed once per dependency set into the cache (from the
 * package's lock file when it has one, so tests run the versions the lock pins).
 */
async function ensureRuntimeDependencies({ packageDir, manifest, nodeBin, log }) {
	const lockPath = join(packageDir, 'package-lock.json');
	const lock = existsSync(lockPath) ? await readFile(lockPath, 'utf8') : undefined;
	const key = createHash('sha256')
		.update(JSON.stringify({ dependencies: manifest.dependencies, overrides: manifest.overrides, lock }))
		.digest('hex')
		.slice(0, 16);
	const depsRoot = join(n8nCacheRoot(), 'package-deps');
	const prefix = `${manifest.name.replace('/', '+')}-`;
	const dir = join(depsRoot, `${prefix}${key}`);
	await ensureCachedDirectory({
		dir,
		log,
		isUsable: async (candidate) => (await readMarker(candidate))?.key === key,
		build: async (tempDir) => {
			const started = Date.now();
			log(`installing the runtime dependencies of ${manifest.name} into ${dir}`);
			// Only the runtime dependencies, pinned by the package's lock file where it has one: npm
			// keeps the locked versions of whatever the smaller manifest still needs.
			const { name, version, dependencies, overrides } = manifest;
			await writeFile(join(tempDir, 'package.json'), JSON.stringify({ name, version, private: true, dependencies, overrides }));
			if (lock) await writeFile(join(tempDir, 'package-lock.json'), lock);
			const npm = npmCommand(nodeBin);
			await run(npm.command, [...npm.args, 'install', '--omit=dev', '--omit=peer', '--ignore-scripts', ...NPM_QUIET], {
				cwd: tempDir,
				env: npmEnvironment(nodeBin),
				log,
			});
			for (const shadowing of ['n8n-workflow', 'n8n-core']) {
				if (existsSync(join(tempDir, 'node_modules', shadowing))) {
					throw new Error(`a runtime dependency of ${manifest.name} pulls in ${shadowing}, which would shadow n8n's own copy`);
				}
			}
			await writeMarker(tempDir, { key, installedAt: new Date().toISOString() });
			log(`runtime dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
			await removeStaleDependencySets(depsRoot, prefix);
		},
	});
	// The folder's time stamp records its last use.
	const now = new Date();
	await utimes(dir, now, now);
	return dir;
}

/** Each lock-file change makes a new set (~100 MB); drop this package's sets unused for a day. */
async function removeStaleDependencySets(depsRoot, prefix) {
	const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
	for (const entry of await readdir(depsRoot)) {
		if (!entry.startsWith(prefix) || entry.includes('.')) continue;
		if ((await stat(join(depsRoot, entry))).mtimeMs < dayAgo) {
			await rm(join(depsRoot, entry), { recursive: true, force: true });
		}
	}
}

/** A folder below a project with its own n8n-workflow would hand the package that copy instead of n8n's. */
async function assertNoForeignN8nWorkflow(userFolder) {
	for (let dir = userFolder; dir !== dirname(dir); dir = dirname(dir)) {
		if (existsSync(join(dir, 'node_modules', 'n8n-workflow'))) {
			throw new Error(
				`the n8n user folder ${userFolder} lies below ${dir}, whose node_modules/n8n-workflow would be loaded by ` +
					"the community package instead of n8n's own; use a folder outside it (the default is a temp folder)",
			);
		}
	}
}

function n8nEnvironment({ nodeBin, userFolder, port, brokerPort, stopGraceMs, extraEnv }) {
	// npmEnvironment also puts Node 24 first on PATH: n8n starts its Code-node task runner as `node`.
	const inherited = Object.fromEntries(Object.entries(npmEnvironment(nodeBin)).filter(([key]) => !INHERITED_N8N_SETTING.test(key)));
	const baseUrl = `http://127.0.0.1:${port}/`;
	return {
		...inherited,
		NODE_ENV: 'production',
		DB_TYPE: 'sqlite',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_EDITOR_BASE_URL: baseUrl,
		N8N_WEBHOOK_URL: baseUrl,
		N8N_SECURE_COOKIE: 'false',
		// Code-node task runner: in-process broker on its own free port, so instances can run side by side.
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// Nothing phones home: no telemetry, version checks, templates, banners or license renewal.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// Its only job is downloading a catalogue of public MCP servers from api.n8n.io.
		N8N_DISABLED_MODULES: 'mcp-registry',
		// Set explicitly: n8n announces that its default will change to false.
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// n8n's own shutdown deadline, inside ours.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: String(Math.max(1, Math.floor(stopGraceMs / 1000) - 2)),
		...extraEnv,
		// Derived from the options; everything above may be overridden through `env`.
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
	};
}

function portFromEnv(value) {
	if (value === undefined || value === '') return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`N8N_PORT must be a port number, got "${value}"`);
	return port;
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

/** Runs `n8n <args>` against the instance's user folder; rejects with n8n's output when it fails. */
async function runCli(n8n, args, { env, cwd }) {
	const result = await run(n8n.nodeBin, [n8n.n8nBin, ...args], { cwd, env, capture: true });
	// Some n8n commands report errors in their log and still exit 0.
	if (/An error occurred|Error updating database|There was an error/i.test(result.stdout + result.stderr)) {
		throw new Error(`n8n ${args.join(' ')} failed:\n${(result.stdout + result.stderr).trim()}`);
	}
	return result;
}

async function importSeeds({ cli, userFolder, credentials, workflows, publish, log }) {
	const seedDir = join(userFolder, 'seed');
	await mkdir(seedDir, { recursive: true });
	// Importing the credentials creates the database: whether n8n held anything is known only before.
	const heldState = existsSync(join(userFolder, '.n8n', 'database.sqlite'));
	if (credentials.length > 0) {
		const file = join(seedDir, 'credentials.json');
		await writeFile(file, JSON.stringify(credentials));
		await cli(['import:credentials', `--input=${file}`]);
		log(`imported ${credentials.length} credential(s)`);
	}
	if (workflows.length === 0) return { imported: [], keptAsEdited: [] };

	const loaded = await Promise.all(
		workflows.map(async (workflow) => (typeof workflow === 'string' ? JSON.parse(await readFile(workflow, 'utf8')) : structuredClone(workflow))),
	);
	for (const workflow of loaded) workflow.id ??= randomBytes(8).toString('hex');
	const record = await readImportRecord(userFolder);
	const stored = heldState ? await storedWorkflows({ cli, seedDir }) : new Map();
	const { toImport, keptAsEdited } = chooseWorkflowsToImport(loaded, stored, record);
	for (const { workflow, why } of keptAsEdited) {
		log(`left "${workflow.name}" (${workflow.id}) as it is: ${why}; delete it in n8n to get the shipped version again`);
	}
	for (const copy of olderCopies(loaded, stored)) {
		// Published beside the shipped one, it would claim the same webhook and run every schedule twice.
		if (copy.published) await cli(['unpublish:workflow', `--id=${copy.id}`]);
		log(`"${copy.name}" (${copy.id}) is an older copy of a shipped workflow, from a start before they had fixed ids: ${copy.published ? 'unpublished' : 'left'}, not deleted; delete it in n8n when you no longer need it`);
	}

	const imported = toImport.map((workflow) => ({ id: String(workflow.id), name: workflow.name, webhooks: [] }));
	if (toImport.length > 0) {
		const file = join(seedDir, 'workflows.json');
		await writeFile(file, JSON.stringify(toImport));
		await cli(['import:workflow', `--input=${file}`]);
		const updated = toImport.filter((workflow) => stored.has(String(workflow.id))).length;
		log(`imported ${toImport.length} workflow(s)${updated ? ` (${updated} updated in place)` : ''}`);
		// Publishing keeps the versionId, so the import's versions can be recorded now.
		await recordImportedVersions({ cli, userFolder, seedDir, record, imported });
	}
	if (publish) {
		for (const [index, workflow] of imported.entries()) {
			await cli(['publish:workflow', `--id=${workflow.id}`]);
			workflow.webhooks = productionWebhooks(toImport[index]);
		}
		if (imported.length > 0) log(`published ${imported.length} workflow(s)`);
	}
	return { imported, keptAsEdited: keptAsEdited.map(({ workflow, why }) => ({ id: String(workflow.id), name: workflow.name, why })) };
}

// What each start imported: a workflow's id → the versionId n8n gave that import. A stored workflow
// whose versionId differs was saved since (in the editor or through the API): the user's now.
const IMPORT_RECORD = 'shipped-workflows.json';

async function readImportRecord(userFolder) {
	const path = join(userFolder, IMPORT_RECORD);
	return existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : {};
}

/** The workflows n8n holds, by id (`export:workflow --all`). */
async function storedWorkflows({ cli, seedDir }) {
	const file = join(seedDir, 'stored-workflows.json');
	await rm(file, { force: true });
	try {
		await cli(['export:workflow', '--all', `--output=${file}`]);
	} catch (error) {
		// n8n 2.41 fails the export of an empty database ("No workflows found", in its debug log only).
		if (!(await holdsNoWorkflow(cli))) throw error;
		return new Map();
	}
	const workflows = JSON.parse(await readFile(file, 'utf8'));
	return new Map(
		workflows.map((workflow) => [
			String(workflow.id),
			{ id: String(workflow.id), name: workflow.name, versionId: workflow.versionId, isArchived: Boolean(workflow.isArchived), published: Boolean(workflow.activeVersionId ?? workflow.active) },
		]),
	);
}

/** `list:workflow --onlyId` prints one id a line; any other line n8n logs has spaces in it. */
async function holdsNoWorkflow(cli) {
	const { stdout } = await cli(['list:workflow', '--onlyId']);
	return !stdout.split('\n').some((line) => /^[\w-]{1,36}$/.test(line.trim()));
}

/**
 * A shipped workflow is imported when n8n does not hold it, or holds it as a start imported it
 * (updated in place: same id). One saved since that import (or never recorded as imported), or
 * archived, is the user's: left as it is, with the reason.
 */
function chooseWorkflowsToImport(workflows, stored, record) {
	const toImport = [];
	const keptAsEdited = [];
	for (const workflow of workflows) {
		const current = stored.get(String(workflow.id));
		const importedVersion = record[String(workflow.id)]?.versionId;
		if (!current) toImport.push(workflow);
		else if (current.isArchived) keptAsEdited.push({ workflow, why: 'it is archived in n8n' });
		else if (current.versionId !== importedVersion) keptAsEdited.push({ workflow, why: 'it was changed in n8n after a start imported it' });
		else toImport.push(workflow);
	}
	return { toImport, keptAsEdited };
}

/** Stored workflows named like a shipped one under another id: copies earlier starts made with random ids. */
function olderCopies(workflows, stored) {
	const shipped = new Map(workflows.map((workflow) => [workflow.name, String(workflow.id)]));
	return [...stored.values()].filter((workflow) => shipped.has(workflow.name) && shipped.get(workflow.name) !== workflow.id);
}

async function recordImportedVersions({ cli, userFolder, seedDir, record, imported }) {
	const stored = await storedWorkflows({ cli, seedDir });
	const next = { ...record };
	for (const { id, name } of imported) {
		const version = stored.get(id)?.versionId;
		if (version) next[id] = { name, versionId: version, importedAt: new Date().toISOString() };
	}
	await writeFile(join(userFolder, IMPORT_RECORD), `${JSON.stringify(next, null, 2)}\n`);
}

/** The production webhook routes a workflow's enabled Webhook nodes register. */
function productionWebhooks(workflow) {
	return (workflow.nodes ?? [])
		.filter((node) => node.type === 'n8n-nodes-base.webhook' && !node.disabled && node.parameters?.path)
		.map((node) => {
			const path = String(node.parameters.path).replace(/^\/+/, '');
			// Paths with route parameters are registered under the node's webhookId.
			const method = [node.parameters.httpMethod ?? 'GET'].flat()[0];
			return { method, path: path.includes(':') ? `${node.webhookId}/${path}` : path };
		});
}

/**
 * Runs `n8n start` under a small supervisor that stops n8n when its stdin closes, i.e. when this
 * process ends for any reason, even SIGKILL; it also turns SIGTERM into n8n's graceful shutdown
 * and SIGKILLs n8n when that takes longer than the grace period. n8n's output goes through the
 * supervisor, which drops it once nobody reads it: n8n itself spins on a broken stdout instead of
 * shutting down.
 */
const SUPERVISOR = `
const { spawn } = require('node:child_process');
const [graceMs, command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
	to.on('error', () => {});
	from.on('data', (chunk) => { if (!to.destroyed) to.write(chunk); });
}
let stopping = false;
function stop() {
	if (stopping) return;
	stopping = true;
	child.kill('SIGTERM');
	setTimeout(() => child.kill('SIGKILL'), Number(graceMs)).unref();
}
process.stdin.on('data', () => {}).on('end', stop).on('error', stop);
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
// 'close' comes after n8n's last output has been passed on.
child.on('close', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' ? 0 : 1)));
`;

function launch(n8n, { env, cwd, stopGraceMs, onN8nOutput }) {
	const child = spawn(n8n.nodeBin, ['-e', SUPERVISOR, String(stopGraceMs), n8n.nodeBin, n8n.n8nBin, 'start'], {
		cwd,
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const lines = [];
	const activationProblems = [];
	let sawReadyLine = false;
	let exit;
	const exited = new Promise((resolveExit) => {
		child.on('exit', (code, signal) => {
			exit = { code, signal };
			resolveExit(exit);
		});
		child.on('error', (error) => {
			exit = { code: null, signal: null, error };
			resolveExit(exit);
		});
	});
	const collect = (stream) => {
		let partial = '';
		stream.setEncoding('utf8');
		stream.on('data', (chunk) => {
			const text = partial + chunk;
			const complete = text.split('\n');
			partial = complete.pop() ?? '';
			for (const line of complete) {
				lines.push(line);
				if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
				if (READY_LINE.test(line)) sawReadyLine = true;
				if (ACTIVATION_PROBLEM.test(line)) activationProblems.push(line.trim());
				onN8nOutput?.(line);
			}
		});
	};
	collect(child.stdout);
	collect(child.stderr);

	let stopping;
	return {
		output: () => lines.join('\n'),
		sawReadyLine: () => sawReadyLine,
		activationProblems: () => activationProblems,
		exit: () => exit,
		stop: () => {
			stopping ??= (async () => {
				if (exit) return;
				child.kill('SIGTERM');
				child.stdin.end();
				const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs + 5000);
				await exited;
				clearTimeout(timer);
			})();
			return stopping;
		},
	};
}

async function waitUntilReady({ server, baseUrl, env, webhooks, timeoutMs }) {
	const deadline = Date.now() + timeoutMs;
	const fail = (reason) =>
		new Error(`n8n at ${baseUrl} ${reason}. Last output:\n${server.output().split('\n').slice(-60).join('\n')}`);
	const poll = async (description, check) => {
		for (;;) {
			const exit = server.exit();
			if (exit) throw fail(`exited (${exit.error?.message ?? exit.signal ?? `code ${exit.code}`}) before ${description}`);
			if (server.activationProblems().length > 0) {
				// n8n explains the problem on the lines that follow.
				await delay(500);
				throw fail(`could not activate a published workflow: ${server.activationProblems().join(' / ')}`);
			}
			if (await check().catch(() => false)) return;
			if (Date.now() > deadline) throw fail(`was not ready within ${timeoutMs / 1000} s: ${description}`);
			await delay(250);
		}
	};
	await poll('its HTTP server answered /healthz/readiness', async () => {
		const response = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
		return response.ok;
	});
	await poll('it finished starting up', async () => server.sawReadyLine());
	// A registered webhook path answers a CORS preflight with 204; an unknown one with 404.
	const webhookEndpoint = env.N8N_ENDPOINT_WEBHOOK ?? 'webhook';
	for (const { method, path } of webhooks) {
		await poll(`webhook ${method} /${webhookEndpoint}/${path} was registered`, async () => {
			const response = await fetch(`${baseUrl}/${webhookEndpoint}/${path}`, {
				method: 'OPTIONS',
				headers: { origin: baseUrl, 'access-control-request-method': method },
				signal: AbortSignal.timeout(2000),
			});
			return response.status === 204;
		});
	}
}

/**
 * Creates the instance owner through the REST API the setup screen uses, then logs in.
 * @param {string} baseUrl
 * @param {{ email?: string, password?: string, firstName?: string, lastName?: string }} [details]
 */
export async function setupOwner(baseUrl, details = {}) {
	const owner = {
		email: details.email ?? 'owner@n8n-nodes-mcp-devops.test',
		// n8n wants 8+ characters with a digit and an upper-case letter.
		password: details.password ?? `Owner-${randomBytes(9).toString('base64url')}-9`,
		firstName: details.firstName ?? 'Test',
		lastName: details.lastName ?? 'Owner',
	};
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': randomUUID() },
		body: JSON.stringify(owner),
	});
	if (!response.ok) throw new Error(`owner setup failed: HTTP ${response.status} ${await response.text()}`);
	return owner;
}

/**
 * Logs in and returns a session for n8n's REST API: the auth cookie only counts together with the
 * `browser-id` header it was issued for.
 * @param {string} baseUrl
 * @param {{ email: string, password: string }} credentials
 */
export async function login(baseUrl, { email, password }) {
	const browserId = randomUUID();
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!response.ok) throw new Error(`login as ${email} failed: HTTP ${response.status} ${await response.text()}`);
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.find((pair) => pair.startsWith('n8n-auth='));
	if (!cookie) throw new Error(`login as ${email} returned no n8n-auth cookie`);
	const headers = { cookie, 'browser-id': browserId };
	const request = (path, init = {}) => fetch(`${baseUrl}${path}`, { ...init, headers: { ...headers, ...init.headers } });
	return {
		email,
		password,
		headers,
		request,
		/** GET or send JSON; rejects on a non-2xx answer with its body. */
		json: async (path, init = {}) => {
			const response = await request(path, init);
			const text = await response.text();
			if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status} ${text.slice(0, 500)}`);
			return JSON.parse(text);
		},
	};
}
