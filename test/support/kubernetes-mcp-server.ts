/**
 * Starts the real kubernetes-mcp-server binary from npm for a test: 0.0.67 serves Streamable HTTP at
 * /mcp, 0.0.66 (installed under the alias `kubernetes-mcp-server-sse`) still serves SSE at /sse. The
 * server binds to 127.0.0.1 on a free port, reads the cluster from the given kubeconfig, lists as YAML
 * and exposes only read-only tools unless `args` say otherwise.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';

export type KubernetesMcpServerVersion = '0.0.67' | '0.0.66';

export interface StartKubernetesMcpServerOptions {
	version: KubernetesMcpServerVersion;
	kubeconfigPath: string;
	/** Extra flags, e.g. `['--toolsets', 'core,config,helm']` or `['--disable-destructive']`. */
	args?: string[];
	/**
	 * Extra environment. `KUBE_CLIENT_QPS` / `KUBE_CLIENT_BURST` lift the server's client-side rate
	 * limit (client-go's default 5 requests/s, burst 10).
	 */
	env?: Record<string, string>;
	startTimeoutMs?: number;
}

export interface KubernetesMcpServer {
	version: KubernetesMcpServerVersion;
	/** `http://127.0.0.1:<port>/mcp` for 0.0.67, `…/sse` for 0.0.66. */
	url: string;
	transport: 'streamable-http' | 'sse';
	port: number;
	/** The server's process id, so a supervisor can end it if this process dies without stopping it. */
	pid: number;
	/** What the server has logged so far (stdout and stderr, last 256 KiB). */
	output(): string;
	stop(): Promise<void>;
}

/** npm packages per version: the wrapper the project depends on and where its binary comes from. */
const packages: Record<KubernetesMcpServerVersion, { wrapper: string; transport: KubernetesMcpServer['transport']; path: string }> = {
	'0.0.67': { wrapper: 'kubernetes-mcp-server', transport: 'streamable-http', path: '/mcp' },
	'0.0.66': { wrapper: 'kubernetes-mcp-server-sse', transport: 'sse', path: '/sse' },
};

const platformPackages: Record<string, string> = {
	linux_x64: 'kubernetes-mcp-server-linux-amd64',
	linux_arm64: 'kubernetes-mcp-server-linux-arm64',
	darwin_x64: 'kubernetes-mcp-server-darwin-amd64',
	darwin_arm64: 'kubernetes-mcp-server-darwin-arm64',
	win32_x64: 'kubernetes-mcp-server-windows-amd64',
	win32_arm64: 'kubernetes-mcp-server-windows-arm64',
};

const outputLimit = 256 * 1024;
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Resolves the platform binary the way the npm wrapper does, from the wrapper's own folder. */
export function resolveKubernetesMcpServerBinary(version: KubernetesMcpServerVersion): string {
	const { wrapper } = packages[version];
	const platformPackage = platformPackages[`${process.platform}_${process.arch}`];
	const pinned = version === '0.0.67' ? '"kubernetes-mcp-server": "0.0.67"' : '"kubernetes-mcp-server-sse": "npm:kubernetes-mcp-server@0.0.66"';
	const installHint = `npm ci (package.json pins ${pinned} in devDependencies)`;
	if (!platformPackage) {
		throw new Error(`kubernetes-mcp-server publishes no binary for ${process.platform}/${process.arch}`);
	}
	let wrapperDirectory: string;
	try {
		wrapperDirectory = dirname(require.resolve(`${wrapper}/package.json`));
	} catch {
		throw new Error(`npm package "${wrapper}" (kubernetes-mcp-server ${version}) is not installed; run: ${installHint}`);
	}
	let binaryPackageJson: string;
	try {
		binaryPackageJson = require.resolve(`${platformPackage}/package.json`, { paths: [wrapperDirectory] });
	} catch {
		throw new Error(
			`npm package "${platformPackage}" (the ${process.platform}/${process.arch} binary of ${wrapper} ${version}) is missing; ` +
				`it is an optional dependency of ${wrapper}, so install without --omit=optional: ${installHint}`,
		);
	}
	const installed = (JSON.parse(readFileSync(binaryPackageJson, 'utf8')) as { version: string }).version;
	if (installed !== version) {
		throw new Error(`expected ${platformPackage}@${version} under ${wrapper}, found ${installed}; run: ${installHint}`);
	}
	const suffix = process.platform === 'win32' ? '.exe' : '';
	return `${dirname(binaryPackageJson)}/bin/${platformPackage}${suffix}`;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const child of running) child.kill('SIGKILL');
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		running.delete(child);
		return;
	}
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
	await exited;
	clearTimeout(timer);
	running.delete(child);
}

/** Waits until /healthz answers, the process dies, or the deadline passes. */
async function waitUntilServing(child: ChildProcess, port: number, deadline: number): Promise<'serving' | 'exited' | 'timeout'> {
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) return 'exited';
		try {
			const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
			await response.arrayBuffer();
			if (response.ok) return 'serving';
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return 'timeout';
}

export async function startKubernetesMcpServer(options: StartKubernetesMcpServerOptions): Promise<KubernetesMcpServer> {
	const binary = resolveKubernetesMcpServerBinary(options.version);
	const { transport, path } = packages[options.version];
	const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
	installExitHook();

	// Another process can take the free port before the server binds it; then try a new one.
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		const args = [
			'--port', String(port),
			'--bind-address', '127.0.0.1',
			'--kubeconfig', options.kubeconfigPath,
			'--list-output', 'yaml',
			'--read-only',
			...(options.args ?? []),
		];
		const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
		running.add(child);
		let output = '';
		const collect = (chunk: Buffer) => {
			output = (output + chunk.toString('utf8')).slice(-outputLimit);
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

		const state = await Promise.race([waitUntilServing(child, port, deadline), spawnError]);
		if (state === 'serving') {
			return {
				version: options.version,
				url: `http://127.0.0.1:${port}${path}`,
				transport,
				port,
				pid: child.pid as number,
				output: () => output,
				stop: () => stopChild(child),
			};
		}
		await stopChild(child);
		if (state !== 'timeout' && !(state instanceof Error) && /address already in use/.test(output) && attempt < 3) continue;
		const why = state instanceof Error ? `could not be started: ${state.message}` : state === 'exited' ? `exited with ${child.exitCode ?? child.signalCode}` : 'did not answer /healthz in time';
		throw new Error(`kubernetes-mcp-server ${options.version} (${binary} ${args.join(' ')}) ${why}. Its output:\n${output}`);
	}
}
