/**
 * `npm start` as a new user meets it, started more than once: a SIGTERM to the process stops
 * everything it started, and a second start on the same n8n state updates the shipped workflows in
 * place instead of adding copies, leaving alone the one the user changed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { unusedPort } from '../support/mcp-test-server';
import type { N8nSession } from '../support/n8n-instance';

const ROOT = join(__dirname, '..', '..');
const START_MS = 20 * 60_000;
const progress = (line: string) => process.stdout.write(`[e2e npm start] ${line}\n`);

interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	command: string;
}

/** Every process on the machine, from /proc. */
function processes(): ProcessInfo[] {
	const all: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// The command name is in parentheses and may hold spaces; the fields after it are plain.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
			if (fields[0] === 'Z') continue;
			all.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), command });
		} catch {
			// gone while listing
		}
	}
	return all;
}

/** The process and everything below it. */
function treeOf(root: number): ProcessInfo[] {
	const all = processes();
	const found: ProcessInfo[] = [];
	const parents = new Set([root]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const proc of all) {
			if (parents.has(proc.ppid) && !parents.has(proc.pid)) {
				parents.add(proc.pid);
				found.push(proc);
				grew = true;
			}
		}
	}
	return found;
}

async function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!pattern.test(output())) {
		if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited (${child.exitCode ?? child.signalCode}) before ${pattern}:\n${output().slice(-4000)}`);
		if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${timeoutMs / 1000} s:\n${output().slice(-4000)}`);
		await delay(500);
	}
}

/** What is still running of `processes` (matched by pid and command, so a reused pid does not count). */
function stillRunning(started: ProcessInfo[]): ProcessInfo[] {
	const now = new Map(processes().map((proc) => [proc.pid, proc]));
	return started.filter((proc) => now.get(proc.pid)?.command === proc.command);
}

describe('npm start (node scripts/bootstrap.mjs start)', () => {
	let userFolder: string;
	let child: ChildProcess | undefined;

	beforeAll(async () => {
		userFolder = await mkdtemp(join(tmpdir(), 'npm-start-e2e-'));
	});
	afterAll(async () => {
		if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
		await rm(userFolder, { recursive: true, force: true });
	});

	it(
		'stops n8n, MailDev, the MCP server and every other process it started when its process gets SIGTERM',
		async () => {
			const env: NodeJS.ProcessEnv = { ...process.env, N8N_USER_FOLDER: userFolder, N8N_PORT: String(await unusedPort()) };
			// Nothing configured: the sandbox (MailDev, the MCP server, the fixture cluster) starts too.
			for (const name of ['MCP_OPENSHIFT_URL', 'GITEA_URL', 'SMTP_HOST', 'LITELLM_URL', 'NODE_ENV']) delete env[name];
			// Its own process group, so that the test can also find what left the process tree.
			child = spawn(process.execPath, [join(ROOT, 'scripts', 'bootstrap.mjs'), 'start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
			let output = '';
			child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
			child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
			await waitForOutput(child, () => output, /Stop with Ctrl-C\./, START_MS - 120_000);
			progress('started; sending SIGTERM to the bootstrap process');

			const started = treeOf(child.pid!);
			const commands = started.map((proc) => proc.command).join('\n');
			expect(commands).toMatch(/n8n(\.js)? start|bin\/n8n/);
			expect(commands).toMatch(/maildev/);
			expect(commands).toMatch(/kubernetes-mcp-server/);
			const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
			process.kill(child.pid!, 'SIGTERM');
			expect(await exited).toBe(0);

			const deadline = Date.now() + 60_000;
			let left = stillRunning(started);
			while (left.length > 0 && Date.now() < deadline) {
				await delay(500);
				left = stillRunning(started);
			}
			expect(left.map((proc) => `${proc.pid} ${proc.command}`)).toEqual([]);
			expect(processes().filter((proc) => proc.pgid === child!.pid)).toEqual([]);
			expect(output).toMatch(/SIGTERM: stopping n8n and the sandbox/);
		},
		START_MS,
	);
});

interface Stack {
	n8n: { baseUrl: string; workflows: Array<{ id: string; name: string }>; keptAsEdited: Array<{ id: string; name: string; why: string }>; ownerLogin(details?: object): Promise<N8nSession> };
	stop(): Promise<void>;
}

interface StoredWorkflow {
	id: string;
	name: string;
	versionId: string;
	nodes: Array<{ name: string; parameters: { assignments?: { assignments: Array<{ name: string; value: unknown }> } } }>;
	connections: unknown;
}

describe('starting twice on the same n8n state', () => {
	const shipped = ['pipeline-failure-report', 'cluster-health-report'];
	let userFolder: string;
	let stack: Stack | undefined;
	const owner = { email: 'owner@npm-start.test', password: 'Owner-npm-start-9' };
	const lines: string[] = [];

	const start = async (): Promise<Stack> => {
		const { startStack } = (await import('../../scripts/lib/stack.mjs' as string)) as { startStack: (options: unknown) => Promise<Stack> };
		return startStack({ sandbox: 'always', env: {}, userFolder, workflows: shipped, log: (line: string) => (lines.push(line), progress(line)) });
	};
	const login = async (baseUrl: string): Promise<N8nSession> => {
		const { login: logIn } = (await import('../../scripts/lib/n8n-instance.mjs' as string)) as { login: (baseUrl: string, details: object) => Promise<N8nSession> };
		return logIn(baseUrl, owner);
	};
	const list = async (session: N8nSession) => (await session.json<{ data: Array<{ id: string; name: string }> }>('/rest/workflows')).data;
	const read = async (session: N8nSession, id: string) => (await session.json<{ data: StoredWorkflow }>(`/rest/workflows/${id}`)).data;

	beforeAll(async () => {
		userFolder = await mkdtemp(join(tmpdir(), 'npm-start-twice-e2e-'));
	});
	afterAll(async () => {
		await stack?.stop();
		await rm(userFolder, { recursive: true, force: true });
	}, 60_000);

	it(
		'finds each shipped workflow once, updated in place, and leaves the one edited between the starts as edited',
		async () => {
			stack = await start();
			const first = await stack.n8n.ownerLogin(owner);
			const firstList = await list(first);
			expect(firstList.map((w) => w.name).sort()).toEqual(['Cluster health report', 'Pipeline failure report']);
			const report = firstList.find((w) => w.name === 'Pipeline failure report')!;
			const health = firstList.find((w) => w.name === 'Cluster health report')!;
			const healthBefore = await read(first, health.id);

			// The user changes the failure report's Settings in the editor (the editor saves through this API).
			const edited = await read(first, report.id);
			const settings = edited.nodes.find((node) => node.name === 'Settings')!;
			settings.parameters.assignments!.assignments.find((a) => a.name === 'emailTo')!.value = 'edited-by-the-user@example.com';
			await first.json(`/rest/workflows/${report.id}`, {
				method: 'PATCH',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ versionId: edited.versionId, nodes: edited.nodes, connections: edited.connections }),
			});
			await stack.stop();
			stack = undefined;

			lines.length = 0;
			stack = await start();
			expect(stack.n8n.workflows.map((w) => w.id)).toEqual([health.id]);
			expect(stack.n8n.keptAsEdited).toEqual([{ id: report.id, name: 'Pipeline failure report', why: 'it was changed in n8n after a start imported it' }]);
			expect(lines.join('\n')).toContain(`left "Pipeline failure report" (${report.id}) as it is: it was changed in n8n after a start imported it`);

			const second = await login(stack.n8n.baseUrl);
			const secondList = await list(second);
			expect(secondList.map((w) => w.id).sort()).toEqual([health.id, report.id].sort());
			const reportAfter = await read(second, report.id);
			const emailTo = reportAfter.nodes.find((node) => node.name === 'Settings')!.parameters.assignments!.assignments.find((a) => a.name === 'emailTo');
			expect(emailTo?.value).toBe('edited-by-the-user@example.com');
			// The untouched one was imported again over itself: same id, a new version.
			expect((await read(second, health.id)).versionId).not.toBe(healthBefore.versionId);
		},
		3 * START_MS,
	);
});
