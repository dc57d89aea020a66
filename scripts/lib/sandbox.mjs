// The local sandbox: what `npm start` runs when the environment configures no services, and what
// the end-to-end tests run. A fixture cluster of failed Tekton and workload pods behind the real
// kubernetes-mcp-server, the Gitea API stand-in (with read-only pages to look at the issues) and
// MailDev as the mail catcher; no LLM, so the workflows use rule-based analysis. Every server binds
// to 127.0.0.1. stop() ends them all; a small reaper process ends the child processes and removes
// the temporary folders if this process dies without stopping them (a signal, a crash, SIGKILL).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from './n8n-instance.mjs';

/** @typedef {'cluster' | 'mcp' | 'gitea' | 'mail'} SandboxService */

export const SANDBOX_SERVICES = /** @type {const} */ (['cluster', 'mcp', 'gitea', 'mail']);
/** Where issues go; the shipped workflows' Settings use the same names. */
export const SANDBOX_GITEA = { owner: 'platform', repo: 'pipelines', user: 'pipeline-bot' };
export const SANDBOX_EMAIL = { from: 'ci-reports@example.com', to: 'platform-team@example.com' };
const HOST = '127.0.0.1';
const MCP_SERVER_VERSION = '0.0.67';
// client-go's default 5 requests/s would make a demo wait on the server's own rate limiter.
const MCP_SERVER_ENV = { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' };
// What a Gitea token for the workflows needs: issues and labels, and reading who and where it is.
const GITEA_TOKEN_SCOPES = ['write:issue', 'read:repository', 'read:user', 'read:organization', 'read:misc'];
const MAILDEV_START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;

/**
 * Starts the sandbox and resolves once every service answers.
 * @param {{
 *   log?: (line: string) => void,
 *   only?: SandboxService[],
 *   mailPorts?: { smtp?: number, web?: number },
 * }} [options] `only` starts a subset (`mcp` brings `cluster` along); `mailPorts` fixes MailDev's
 *   ports, which are otherwise free ones.
 */
export async function startSandbox({ log = () => {}, only, mailPorts = {} } = {}) {
	const services = servicesToStart(only);
	const startedAt = Date.now();
	const reaper = await startReaper();
	/** @type {{ name: string, stop: () => Promise<void> }[]} */
	const running = [];
	let stopping;
	const stop = () => (stopping ??= stopAll(running, reaper));

	try {
		// Each service starts as soon as what it needs is there; MailDev needs nothing compiled.
		const needsSupport = ['cluster', 'gitea'].some((name) => services.has(name));
		const support = needsSupport ? loadSupportModules() : undefined;
		const starting = {
			cluster: services.has('cluster') ? support.then((modules) => startCluster(modules, reaper, running, log)) : undefined,
			gitea: services.has('gitea') ? support.then((modules) => startGitea(modules, running, log)) : undefined,
			mail: services.has('mail') ? startMail(mailPorts, reaper, running, log) : undefined,
		};
		starting.mcp = services.has('mcp')
			? Promise.all([support, starting.cluster]).then(([modules, cluster]) => startMcp(modules, cluster, reaper, running, log))
			: undefined;
		// Wait for every start to end, so that stop() below finds everything that did start.
		const results = await Promise.allSettled([starting.cluster, starting.mcp, starting.gitea, starting.mail]);
		const failure = results.find((result) => result.status === 'rejected');
		if (failure) throw failure.reason;
		const [cluster, mcp, gitea, mail] = results.map((result) => result.value);

		const sandbox = { env: { WEBHOOK_TOKEN: randomBytes(24).toString('base64url') }, stop };
		if (cluster) sandbox.cluster = cluster;
		if (mcp) {
			sandbox.mcp = mcp;
			Object.assign(sandbox.env, { MCP_OPENSHIFT_URL: mcp.url, MCP_OPENSHIFT_TRANSPORT: mcp.transport });
		}
		if (gitea) {
			sandbox.gitea = gitea;
			Object.assign(sandbox.env, { GITEA_URL: gitea.url, GITEA_TOKEN: gitea.token, GITEA_OWNER: gitea.owner, GITEA_REPO: gitea.repo });
		}
		if (mail) {
			sandbox.mail = mail;
			Object.assign(sandbox.env, {
				SMTP_HOST: mail.smtpHost,
				SMTP_PORT: String(mail.smtpPort),
				SMTP_SECURE: 'false',
				REPORT_EMAIL_FROM: SANDBOX_EMAIL.from,
				REPORT_EMAIL_TO: SANDBOX_EMAIL.to,
			});
		}
		log(`sandbox ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
		return sandbox;
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
}

/** @param {SandboxService[] | undefined} only */
function servicesToStart(only) {
	if (only === undefined) return new Set(SANDBOX_SERVICES);
	const unknown = only.filter((name) => !SANDBOX_SERVICES.includes(name));
	if (unknown.length > 0) throw new Error(`unknown sandbox service(s) ${unknown.join(', ')}; choose from ${SANDBOX_SERVICES.join(', ')}`);
	const services = new Set(only);
	if (services.has('mcp')) services.add('cluster');
	return services;
}

/**
 * The TypeScript test-support modules the sandbox is made of. Under jest, whose transform compiles
 * TypeScript and which refuses loader hooks, they are imported as they are; elsewhere tsx compiles
 * them, each in its own namespace so that nothing else this process imports is affected.
 */
async function loadSupportModules() {
	const files = {
		cluster: '../../test/support/fixture-cluster.ts',
		mcp: '../../test/support/kubernetes-mcp-server.ts',
		gitea: '../../test/support/gitea-standin.ts',
		fixtures: '../../test/fixtures/cluster/index.ts',
	};
	const urls = Object.entries(files).map(([name, file]) => [name, new URL(file, import.meta.url)]);
	if (import.meta.jest) {
		return Object.fromEntries(await Promise.all(urls.map(async ([name, url]) => [name, await import(fileURLToPath(url))])));
	}
	const { tsImport } = await import('tsx/esm/api');
	return Object.fromEntries(await Promise.all(urls.map(async ([name, url]) => [name, await tsImport(url.href, import.meta.url)])));
}

async function startCluster(support, reaper, running, log) {
	const fixture = await support.cluster.startFixtureCluster();
	const folder = dirname(fixture.kubeconfigPath);
	reaper.watch({ dir: folder });
	running.push({
		name: 'fixture cluster',
		stop: async () => {
			await fixture.close();
			reaper.forget({ dir: folder });
		},
	});
	const scenarios = Object.entries(support.fixtures.fixtures).map(([name, scenario]) => ({
		name,
		namespace: scenario.namespace,
		podName: scenario.podName,
	}));
	log(`fixture cluster at ${fixture.url} with ${scenarios.length} failed pods`);
	return { url: fixture.url, kubeconfigPath: fixture.kubeconfigPath, scenarios, fixture };
}

async function startMcp(support, cluster, reaper, running, log) {
	const server = await support.mcp.startKubernetesMcpServer({
		version: MCP_SERVER_VERSION,
		kubeconfigPath: cluster.kubeconfigPath,
		env: MCP_SERVER_ENV,
	});
	reaper.watch({ pid: server.pid });
	running.push({
		name: 'kubernetes-mcp-server',
		stop: async () => {
			await server.stop();
			reaper.forget({ pid: server.pid });
		},
	});
	log(`kubernetes-mcp-server ${MCP_SERVER_VERSION} (read-only) at ${server.url}`);
	return { url: server.url, transport: server.transport, server };
}

async function startGitea(support, running, log) {
	const token = randomBytes(20).toString('hex');
	const { owner, repo, user } = SANDBOX_GITEA;
	const standin = await support.gitea.GiteaStandin.start({ tokens: { [token]: { user, scopes: GITEA_TOKEN_SCOPES } }, webPages: true });
	running.push({ name: 'Gitea stand-in', stop: () => standin.stop() });
	standin.addUser(owner, { isOrg: true, fullName: 'Platform team', members: [user] });
	standin.addRepo(owner, repo);
	const webUrl = `${standin.url}/${owner}/${repo}/issues`;
	log(`Gitea stand-in at ${standin.url} (${owner}/${repo}); issues at ${webUrl}`);
	return { url: standin.url, token, owner, repo, webUrl, standin };
}

async function startMail(ports, reaper, running, log) {
	const maildev = await startMailDev(ports, reaper);
	running.push({ name: 'MailDev', stop: () => maildev.stop() });
	const webUrl = `http://${HOST}:${maildev.webPort}/`;
	const listEmails = async () => {
		const response = await fetch(`${webUrl}email`, { signal: AbortSignal.timeout(10_000) });
		if (!response.ok) throw new Error(`MailDev answered ${response.status} to GET /email`);
		return (await response.json()).map(parseMailDevEmail);
	};
	log(`MailDev: SMTP ${HOST}:${maildev.smtpPort}, inbox at ${webUrl}`);
	return {
		smtpHost: HOST,
		smtpPort: maildev.smtpPort,
		webUrl,
		listEmails,
		/** MailDev stores a message a moment after the SMTP exchange ends, so ask until it is there. */
		waitForEmail: async (matches = () => true, timeoutMs = 10_000) => {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const emails = await listEmails();
				const found = emails.find(matches);
				if (found) return found;
				if (Date.now() > deadline) {
					throw new Error(`no matching email in MailDev after ${timeoutMs} ms; it holds: ${JSON.stringify(emails.map((email) => email.subject))}`);
				}
				await delay(100);
			}
		},
		clear: async () => {
			const response = await fetch(`${webUrl}email/all`, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
			if (!response.ok) throw new Error(`MailDev answered ${response.status} to DELETE /email/all`);
		},
	};
}

/** The fields of MailDev's stored email that a test or a person reads. */
function parseMailDevEmail(email) {
	return {
		id: email.id,
		time: email.time,
		subject: email.subject ?? '',
		from: email.from ?? [],
		to: email.to ?? [],
		cc: email.cc ?? [],
		text: email.text ?? '',
		html: email.html ?? '',
		headers: email.headers ?? {},
	};
}

// ── MailDev ──────────────────────────────────────────────────────────────────────────────────

async function startMailDev({ smtp: fixedSmtp, web: fixedWeb }, reaper) {
	const bin = join(dirname(createRequire(import.meta.url).resolve('maildev/package.json')), 'bin', 'maildev');
	const mailDirectory = await mkdtemp(join(tmpdir(), 'sandbox-maildev-'));
	reaper.watch({ dir: mailDirectory });
	const removeMailDirectory = async () => {
		await rm(mailDirectory, { recursive: true, force: true });
		reaper.forget({ dir: mailDirectory });
	};
	// MAILDEV_* variables would add web passwords, relays or other ports behind the flags' back.
	const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MAILDEV_')));

	for (let attempt = 1; ; attempt++) {
		const smtpPort = fixedSmtp ?? (await freePort());
		let webPort = fixedWeb ?? (await freePort());
		while (webPort === smtpPort) webPort = await freePort();
		const args = [bin, '--smtp', String(smtpPort), '--web', String(webPort), '--ip', HOST, '--web-ip', HOST, '--mail-directory', mailDirectory];
		const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
		reaper.watch({ pid: child.pid });
		let output = '';
		child.once('error', (error) => (output += `\n${error.message}`));
		const collect = (chunk) => (output = (output + chunk.toString('utf8')).slice(-64 * 1024));
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const stopChild = async () => {
			await stopProcess(child);
			reaper.forget({ pid: child.pid });
		};

		const state = await waitForMailDev(child, smtpPort, webPort, Date.now() + MAILDEV_START_TIMEOUT_MS);
		if (state === 'serving') {
			return {
				smtpPort,
				webPort,
				output: () => output,
				stop: async () => {
					await stopChild();
					await removeMailDirectory();
				},
			};
		}
		await stopChild();
		const portTaken = /EADDRINUSE/.test(output);
		if (portTaken && fixedSmtp === undefined && fixedWeb === undefined && attempt < 3) continue;
		await removeMailDirectory();
		const why = state === 'exited' ? `exited with ${child.exitCode ?? child.signalCode}` : 'did not answer in time';
		throw new Error(`MailDev (${process.execPath} ${args.join(' ')}) ${why}${portTaken ? ' (a port was taken)' : ''}. Its output:\n${output}`);
	}
}

/** Ready when the web API answers /healthz and the SMTP port greets with 220. */
async function waitForMailDev(child, smtpPort, webPort, deadline) {
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return 'exited';
		try {
			const response = await fetch(`http://${HOST}:${webPort}/healthz`, { signal: AbortSignal.timeout(1000) });
			const healthy = response.ok && (await response.json()) === true;
			if (healthy && (await smtpGreeting(smtpPort)).startsWith('220')) return 'serving';
		} catch {
			// not listening yet
		}
		await delay(100);
	}
	return 'timeout';
}

/** The first line an SMTP server sends; then says QUIT. */
function smtpGreeting(port) {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: HOST, port });
		socket.setTimeout(2000, () => socket.destroy(new Error('no SMTP greeting')));
		let received = '';
		socket.on('data', (chunk) => {
			received += chunk.toString('latin1');
			if (!received.includes('\n')) return;
			socket.end('QUIT\r\n');
			resolve(received.split('\r\n')[0]);
		});
		socket.on('error', reject);
		socket.on('close', () => reject(new Error('closed before an SMTP greeting')));
	});
}

// ── processes and ports ──────────────────────────────────────────────────────────────────────

async function stopProcess(child) {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
	await exited;
	clearTimeout(timer);
}

/** Stops in reverse start order; tries every part and reports the first failure. */
async function stopAll(running, reaper) {
	const errors = [];
	for (const part of running.splice(0).reverse()) {
		try {
			await part.stop();
		} catch (error) {
			errors.push(new Error(`stopping the ${part.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
		}
	}
	reaper.release();
	if (errors.length > 0) throw errors[0];
}

// A separate Node process that outlives this one by a moment: when its IPC channel closes (this
// process exited, was killed or crashed), it kills the child processes and removes the folders
// it was told about. It ignores the terminal's signals so that Ctrl-C cannot end it before that.
const REAPER_SOURCE = `
const { rmSync } = require('node:fs');
const pids = new Set();
const dirs = new Set();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => {});
process.on('message', ({ op, pid, dir }) => {
	const set = pid !== undefined ? pids : dirs;
	if (op === 'watch') set.add(pid ?? dir);
	else set.delete(pid ?? dir);
});
process.once('disconnect', () => {
	for (const pid of pids) {
		try { process.kill(pid, 'SIGKILL'); } catch {}
	}
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	process.exit(0);
});
`;

async function startReaper() {
	const child = spawn(process.execPath, ['-e', REAPER_SOURCE], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
	await new Promise((resolve, reject) => {
		child.once('spawn', resolve);
		child.once('error', reject);
	});
	// The reaper must never be what keeps this process alive.
	child.unref();
	child.channel?.unref();
	const send = (op, { pid, dir }) => {
		if (child.connected && (pid !== undefined || dir !== undefined)) child.send({ op, pid, dir });
	};
	return {
		/** @param {{ pid?: number, dir?: string }} what */
		watch: (what) => send('watch', what),
		/** @param {{ pid?: number, dir?: string }} what */
		forget: (what) => send('forget', what),
		/** Everything is stopped: the reaper exits with nothing to do. */
		release: () => {
			if (child.connected) child.disconnect();
		},
	};
}
