// Real PostgreSQL and Redis from Debian's packages, and n8n processes in their queue-mode roles
// (`n8n start`, `n8n worker`, `n8n webhook`), all on 127.0.0.1, for test/deploy/queue-mode.test.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { run } from './tools';

const OUTPUT_LINES_KEPT = 2000;

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export interface Service {
	port: number;
	output(): string;
	stop(): Promise<void>;
}

interface Launched {
	child: ChildProcess;
	output(): string;
	exited(): boolean;
	stop(graceMs?: number): Promise<void>;
}

function launch(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; uid?: number; gid?: number; cwd?: string }): Launched {
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	const lines: string[] = [];
	let exited = false;
	const done = new Promise<void>((resolve) => child.on('close', () => ((exited = true), resolve())));
	child.on('error', (error) => lines.push(`spawn failed: ${error.message}`));
	for (const stream of [child.stdout!, child.stderr!]) {
		stream.setEncoding('utf8');
		stream.on('data', (chunk: string) => {
			lines.push(...chunk.split('\n').filter(Boolean));
			if (lines.length > OUTPUT_LINES_KEPT) lines.splice(0, lines.length - OUTPUT_LINES_KEPT);
		});
	}
	return {
		child,
		output: () => lines.join('\n'),
		exited: () => exited,
		stop: async (graceMs = 20_000) => {
			if (exited) return;
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
			await done;
			clearTimeout(timer);
		},
	};
}

async function waitFor(what: string, launched: Launched, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (launched.exited()) throw new Error(`${what} exited before it was ready:\n${launched.output().split('\n').slice(-40).join('\n')}`);
		if (await check().catch(() => false)) return;
		if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${launched.output().split('\n').slice(-40).join('\n')}`);
		await delay(300);
	}
}

/** Root may not run PostgreSQL: run it as Debian's `postgres` user then. */
async function postgresAccount(): Promise<{ uid?: number; gid?: number }> {
	if (process.getuid?.() !== 0) return {};
	return { uid: Number(await run('id', ['-u', 'postgres'])), gid: Number(await run('id', ['-g', 'postgres'])) };
}

/** A throw-away PostgreSQL cluster with a password-protected superuser and one database. */
export async function startPostgres(binDir: string, { user, password, database }: { user: string; password: string; database: string }): Promise<Service> {
	const dir = await mkdtemp(join(tmpdir(), 'deploy-postgres-'));
	const account = await postgresAccount();
	if (account.uid !== undefined) await chown(dir, account.uid, account.gid!);
	const passwordFile = join(dir, 'password');
	await writeFile(passwordFile, password, { mode: 0o600 });
	if (account.uid !== undefined) await chown(passwordFile, account.uid, account.gid!);
	const initdb = launch(join(binDir, 'initdb'), ['-D', join(dir, 'data'), '-U', user, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8'], {
		...account,
		cwd: dir,
	});
	await new Promise((resolve) => initdb.child.on('close', resolve));
	if (initdb.child.exitCode !== 0) throw new Error(`initdb failed:\n${initdb.output()}`);
	const port = await freePort();
	const server = launch(
		join(binDir, 'postgres'),
		['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
		{ ...account, cwd: dir },
	);
	const env = { ...process.env, PGPASSWORD: password };
	await waitFor('PostgreSQL', server, async () => {
		await run(join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]);
		return true;
	}, 60_000);
	await run(join(binDir, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres', '-c', `CREATE DATABASE ${database}`], { env });
	return {
		port,
		output: server.output,
		stop: async () => {
			await server.stop(10_000);
			await rm(dir, { recursive: true, force: true });
		},
	};
}

export async function startRedis(redisServer: string, password: string): Promise<Service> {
	const dir = await mkdtemp(join(tmpdir(), 'deploy-redis-'));
	const port = await freePort();
	const server = launch(
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password, '--dir', dir],
		{ cwd: dir },
	);
	await waitFor('Redis', server, async () => /Ready to accept connections/.test(server.output()), 30_000);
	return {
		port,
		output: server.output,
		stop: async () => {
			await server.stop(10_000);
			await rm(dir, { recursive: true, force: true });
		},
	};
}

/** One n8n process in a queue-mode role, ready once `readyUrl` answers 200. */
export async function startN8nRole(
	role: 'start' | 'worker' | 'webhook',
	{ nodeBin, n8nBin, env, args = [], readyUrl, timeoutMs = 240_000 }: { nodeBin: string; n8nBin: string; env: NodeJS.ProcessEnv; args?: string[]; readyUrl: string; timeoutMs?: number },
): Promise<Service> {
	const launched = launch(nodeBin, [n8nBin, role, ...args], { env, cwd: env.N8N_USER_FOLDER });
	try {
		await waitFor(`n8n ${role}`, launched, async () => (await fetch(readyUrl, { signal: AbortSignal.timeout(2000) })).ok, timeoutMs);
	} catch (error) {
		await launched.stop(5000);
		throw error;
	}
	return { port: Number(new URL(readyUrl).port), output: launched.output, stop: () => launched.stop() };
}

/** KEY=value lines, as kustomize's configMapGenerator reads an env file. */
export function parseEnvFile(text: string): Record<string, string> {
	return Object.fromEntries(
		text
			.split('\n')
			.map((line) => line.trim())
			.filter((line) => line !== '' && !line.startsWith('#'))
			.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
	);
}
