// The outside tools the deploy tests run: kustomize (standalone, or inside kubectl), Redis and
// PostgreSQL. Like the browser tests' Chromium, what Debian packages is installed with apt-get when
// missing (CI runs as root with apt reachable); otherwise the error names what to install.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
	try {
		const { stdout } = await execFileAsync(command, args, { ...options, maxBuffer: 64 * 1024 * 1024 });
		return stdout;
	} catch (error) {
		const failure = error as { stderr?: string; stdout?: string; message: string };
		throw new Error(`${command} ${args.join(' ')} failed: ${failure.stderr || failure.stdout || failure.message}`);
	}
}

function onPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		if (dir && existsSync(join(dir, name))) return join(dir, name);
	}
	return undefined;
}

async function aptInstall(packages: string[], what: string): Promise<void> {
	const hint = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
		throw new Error(`${what} is not installed. Install it as root: ${hint}`);
	}
	const apt = (args: string[]) =>
		run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', '-q', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	try {
		await apt(['install', '-y', '--no-install-recommends', ...packages]);
	} catch {
		// Empty or stale package lists: "Unable to locate package" or a 404 on download.
		await apt(['update']);
		await apt(['install', '-y', '--no-install-recommends', ...packages]).catch((error: Error) => {
			throw new Error(`installing ${what} with apt-get failed; install it yourself: ${hint}\n${error.message}`);
		});
	}
}

/** kustomize v4.1+ understands the `labels` field the base uses; older ones (Debian's kubectl 1.20 has v2) cannot build it. */
const MIN_KUSTOMIZE = [4, 1];

function atLeast(version: string, minimum: number[]): boolean {
	const parts = (/(\d+)\.(\d+)/.exec(version) ?? []).slice(1).map(Number);
	if (parts.length < 2) return false;
	return parts[0] > minimum[0] || (parts[0] === minimum[0] && parts[1] >= minimum[1]);
}

export interface Kustomize {
	/** e.g. `kubectl kustomize` v5.5.0 */
	description: string;
	build(dir: string): Promise<string>;
}

/**
 * A kustomize that can build the overlays: a standalone `kustomize`, else `kubectl kustomize`
 * (kubectl 1.14+ embeds it). kubectl is installed with apt-get when neither is there.
 */
export async function ensureKustomize(): Promise<Kustomize> {
	const standalone = onPath('kustomize');
	if (standalone) {
		const version = await run(standalone, ['version']);
		if (atLeast(version, MIN_KUSTOMIZE)) {
			return { description: `kustomize ${version.trim()}`, build: (dir) => run(standalone, ['build', dir]) };
		}
	}
	if (!onPath('kubectl')) await aptInstall(['kubectl'], 'kubectl (for `kubectl kustomize`)');
	const versions = JSON.parse(await run('kubectl', ['version', '--client', '-o', 'json'])) as { kustomizeVersion?: string };
	const version = versions.kustomizeVersion ?? 'none';
	if (!atLeast(version, MIN_KUSTOMIZE)) {
		throw new Error(
			`kubectl's kustomize is ${version}; the overlays need kustomize v${MIN_KUSTOMIZE.join('.')} or later. ` +
				'Install a current kubectl (1.21+) or a standalone kustomize on PATH.',
		);
	}
	return { description: `kubectl kustomize ${version}`, build: (dir) => run('kubectl', ['kustomize', dir]) };
}

/** Debian's redis-server. */
export async function ensureRedisServer(): Promise<string> {
	const found = onPath('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined);
	if (found) return found;
	await aptInstall(['redis-server'], 'Redis (redis-server)');
	return '/usr/bin/redis-server';
}

/** The bin folder of Debian's newest PostgreSQL server (initdb, postgres, pg_ctl). */
export async function ensurePostgresServer(): Promise<string> {
	const find = () => {
		const root = '/usr/lib/postgresql';
		const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
		const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
		return newest ? join(root, newest, 'bin') : undefined;
	};
	const found = find();
	if (found) return found;
	await aptInstall(['postgresql'], 'PostgreSQL (postgresql)');
	const installed = find();
	if (!installed) throw new Error('apt-get installed postgresql but /usr/lib/postgresql/<version>/bin/initdb is still missing');
	return installed;
}
