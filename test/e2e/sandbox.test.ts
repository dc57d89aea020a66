// The local sandbox `npm start` runs when no services are configured: the fixture cluster behind the
// real kubernetes-mcp-server, the Gitea API stand-in and MailDev, each reached the way the
// workflows reach them (MCP SDK, Gitea's HTTP API with a token, SMTP).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTransport } from 'nodemailer';
import { parse } from 'yaml';

import { fixtures } from '../fixtures/cluster';
import type { Pod } from '../fixtures/cluster/types';
import { type Sandbox, startSandbox } from '../support/sandbox';

const repoRoot = join(__dirname, '..', '..');
const START_MS = 120_000;
const progress = (line: string) => process.stdout.write(`[sandbox e2e] ${line}\n`);

/** true when nothing accepts connections on host:port. */
function refuses(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host, port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(true) : reject(error)));
	});
}

/** Waits until every port refuses connections, or fails naming those still open. */
async function expectAllClosed(ports: number[], timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let open = ports;
	while (open.length > 0 && Date.now() < deadline) {
		open = (await Promise.all(ports.map(async (port) => ((await refuses(port)) ? undefined : port)))).filter((port) => port !== undefined);
		if (open.length > 0) await delay(100);
	}
	expect(open).toEqual([]);
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

const portOf = (url: string): number => Number(new URL(url).port);

function portsOf(sandbox: Sandbox): number[] {
	return [
		portOf(sandbox.cluster.url),
		portOf(sandbox.mcp.url),
		portOf(sandbox.gitea.url),
		portOf(sandbox.mail.webUrl),
		sandbox.mail.smtpPort,
	];
}

describe('the local sandbox', () => {
	let sandbox: Sandbox;
	let stopped = false;

	beforeAll(async () => {
		const started = Date.now();
		sandbox = await startSandbox({ log: progress });
		progress(`started in ${Date.now() - started} ms`);
	}, START_MS);

	afterAll(async () => {
		if (!stopped) await sandbox?.stop();
	});

	test('serves the failed Tekton pod through the real kubernetes-mcp-server, and the cluster sees no writes', async () => {
		const scenario = fixtures.tektonBuildFailure;
		expect(sandbox.cluster.scenarios).toContainEqual({ name: 'tektonBuildFailure', namespace: scenario.namespace, podName: scenario.podName });
		expect(sandbox.mcp.transport).toBe('streamable-http');

		const client = new Client({ name: 'sandbox-e2e', version: '1.0.0' });
		const transport = new StreamableHTTPClientTransport(new URL(sandbox.mcp.url));
		await client.connect(transport);
		try {
			const result = (await client.callTool({
				name: 'pods_get',
				arguments: { namespace: scenario.namespace, name: scenario.podName },
			})) as CallToolResult;
			expect(result.isError).toBeUndefined();
			const [content] = result.content;
			if (content.type !== 'text') throw new Error(`pods_get answered ${content.type} content`);
			const pod = parse(content.text) as Pod;
			expect(pod.metadata.name).toBe(scenario.podName);
			const failed = pod.status.containerStatuses?.find((status) => status.name === scenario.expected.failedContainer);
			expect(failed?.state.terminated).toMatchObject({ exitCode: scenario.expected.exitCode, reason: scenario.expected.reason });
		} finally {
			await transport.terminateSession();
			await client.close();
		}
		expect(sandbox.cluster.fixture.writeRequests()).toEqual([]);
	});

	test('files an issue through the Gitea API with the token, lists it, and shows it escaped on the web page', async () => {
		const { url, token, owner, repo, webUrl } = sandbox.gitea;
		const issues = `${url}/api/v1/repos/${owner}/${repo}/issues`;
		const headers = { Authorization: `token ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' };
		const title = 'step-build failed <img src=x onerror=alert(1)>';
		const body = 'error TS2322 in src/app.ts\n<script>alert("log")</script>';

		const created = await fetch(issues, { method: 'POST', headers, body: JSON.stringify({ title, body }) });
		expect(created.status).toBe(201);
		const issue = (await created.json()) as { number: number; title: string; html_url: string };
		expect(issue.title).toBe(title);

		const listed = await fetch(`${issues}?state=open`, { headers });
		expect(listed.status).toBe(200);
		expect(((await listed.json()) as { number: number; title: string }[]).map(({ number, title }) => ({ number, title }))).toContainEqual({
			number: issue.number,
			title,
		});
		expect((await fetch(issues, { headers: { Accept: 'application/json' } })).status).toBe(401);
		const commented = await fetch(`${issues}/${issue.number}/comments`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ body: 'seen again <b>twice</b>' }),
		});
		expect(commented.status).toBe(201);

		for (const pageUrl of [webUrl, issue.html_url]) {
			const page = await fetch(pageUrl);
			expect(page.status).toBe(200);
			expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
			expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
			const html = await page.text();
			expect(html).toContain('step-build failed &lt;img src=x onerror=alert(1)&gt;');
			expect(html).toContain('&lt;script&gt;alert(&quot;log&quot;)&lt;/script&gt;');
			expect(html).not.toContain('<img');
			expect(html).not.toContain('<script');
		}
		expect(await (await fetch(issue.html_url)).text()).toContain('seen again &lt;b&gt;twice&lt;/b&gt;');
		expect(await (await fetch(`${url}/`)).text()).toContain(`href="/${owner}/${repo}/issues"`);
		expect((await fetch(`${url}/${owner}/no-such-repo/issues`)).status).toBe(404);
	});

	test('catches mail sent to its SMTP port and lists it parsed; clear() empties the inbox', async () => {
		const { smtpHost, smtpPort } = sandbox.mail;
		const transport = createTransport({ host: smtpHost, port: smtpPort, secure: false });
		const subject = `#1 step-build failed ${Date.now()}`;
		try {
			await transport.sendMail({
				from: sandbox.env.REPORT_EMAIL_FROM,
				to: sandbox.env.REPORT_EMAIL_TO,
				subject,
				text: 'tsc reported 3 errors',
				html: '<p>tsc reported <b>3</b> errors</p>',
			});
		} finally {
			transport.close();
		}
		const email = await sandbox.mail.waitForEmail((candidate) => candidate.subject === subject);
		expect(email).toMatchObject({
			subject,
			from: [{ address: 'ci-reports@example.com' }],
			to: [{ address: 'platform-team@example.com' }],
			text: expect.stringContaining('tsc reported 3 errors'),
			html: expect.stringContaining('<b>3</b>'),
		});
		const inbox = await fetch(sandbox.mail.webUrl);
		expect(inbox.status).toBe(200);
		expect(await inbox.text()).toContain('MailDev');

		await sandbox.mail.clear();
		expect(await sandbox.mail.listEmails()).toEqual([]);
	});

	test('hands the configuration contract the started services and a random webhook token', () => {
		expect(sandbox.env).toEqual({
			MCP_OPENSHIFT_URL: sandbox.mcp.url,
			MCP_OPENSHIFT_TRANSPORT: 'streamable-http',
			GITEA_URL: sandbox.gitea.url,
			GITEA_TOKEN: sandbox.gitea.token,
			GITEA_OWNER: 'platform',
			GITEA_REPO: 'pipelines',
			SMTP_HOST: '127.0.0.1',
			SMTP_PORT: String(sandbox.mail.smtpPort),
			SMTP_SECURE: 'false',
			REPORT_EMAIL_FROM: 'ci-reports@example.com',
			REPORT_EMAIL_TO: 'platform-team@example.com',
			WEBHOOK_TOKEN: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
		});
	});

	test('listens on 127.0.0.1 only', async () => {
		// Linux routes all of 127/8 to loopback: a server bound to every address would answer here too.
		for (const port of portsOf(sandbox)) expect(await refuses(port, '127.0.0.2')).toBe(true);
	});

	// Runs last: it stops the sandbox the other tests use.
	test('stop() closes every port and removes its temporary files', async () => {
		const ports = portsOf(sandbox);
		const kubeconfigFolder = dirname(sandbox.cluster.kubeconfigPath);
		await sandbox.stop();
		stopped = true;
		await expectAllClosed(ports, 1000);
		expect(existsSync(kubeconfigFolder)).toBe(false);
		await sandbox.stop();
	});
});

describe('a partial sandbox', () => {
	test('starts only the services asked for, with the variables for them', async () => {
		const [smtp, web] = [await freePort(), await freePort()];
		const mailOnly = await startSandbox({ only: ['mail'], mailPorts: { smtp, web } });
		try {
			expect(Object.keys(mailOnly).sort()).toEqual(['env', 'mail', 'stop']);
			expect(mailOnly.mail.smtpPort).toBe(smtp);
			expect(mailOnly.mail.webUrl).toBe(`http://127.0.0.1:${web}/`);
			expect(Object.keys(mailOnly.env).sort()).toEqual(['REPORT_EMAIL_FROM', 'REPORT_EMAIL_TO', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'WEBHOOK_TOKEN']);
		} finally {
			await mailOnly.stop();
		}
		await expectAllClosed([smtp, web]);

		const mcpOnly = await startSandbox({ only: ['mcp'] });
		try {
			expect(Object.keys(mcpOnly).sort()).toEqual(['cluster', 'env', 'mcp', 'stop']);
			expect(Object.keys(mcpOnly.env).sort()).toEqual(['MCP_OPENSHIFT_TRANSPORT', 'MCP_OPENSHIFT_URL', 'WEBHOOK_TOKEN']);
		} finally {
			await mcpOnly.stop();
		}
	}, START_MS);

	test("fails with MailDev's own words when a fixed port is taken, and stops what did start", async () => {
		const holder = createServer();
		await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
		const taken = (holder.address() as AddressInfo).port;
		const lines: string[] = [];
		try {
			await expect(startSandbox({ only: ['gitea', 'mail'], mailPorts: { smtp: taken }, log: (line) => lines.push(line) })).rejects.toThrow(
				/MailDev .* exited with 1 \(a port was taken\)\. Its output:\n[\s\S]*EADDRINUSE/,
			);
		} finally {
			await new Promise((resolve) => holder.close(resolve));
		}
		const giteaUrl = lines.join('\n').match(/Gitea stand-in at (\S+)/)?.[1];
		if (!giteaUrl) throw new Error(`the Gitea stand-in did not report its address:\n${lines.join('\n')}`);
		await expectAllClosed([portOf(giteaUrl)], 1000);
	}, START_MS);

	test('refuses an unknown service by name', async () => {
		await expect(startSandbox({ only: ['mail', 'ldap' as 'mail'] })).rejects.toThrow(
			'unknown sandbox service(s) ldap; choose from cluster, mcp, gitea, mail',
		);
	});
});

describe('the sandbox started from plain Node, as npm start does', () => {
	let child: ChildProcess | undefined;

	afterEach(() => {
		if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});

	test(
		'compiles the TypeScript support with tsx, and its servers and files go when the process is killed',
		async () => {
			// What a plain Node process prints once the sandbox is up, then it waits to be killed.
			const script = `
				import { startSandbox } from './scripts/lib/sandbox.mjs';
				const sandbox = await startSandbox();
				const portOf = (url) => Number(new URL(url).port);
				console.log(JSON.stringify({
					ports: [sandbox.cluster.url, sandbox.mcp.url, sandbox.gitea.url, sandbox.mail.webUrl].map(portOf).concat(sandbox.mail.smtpPort),
					mcpUrl: sandbox.mcp.url,
					kubeconfigPath: sandbox.cluster.kubeconfigPath,
				}));
			`;
			const started = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
			child = started;
			let stderr = '';
			started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
			const firstLine = await new Promise<string>((resolve, reject) => {
				let stdout = '';
				started.stdout?.on('data', (chunk: Buffer) => {
					stdout += chunk.toString('utf8');
					if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
				});
				started.once('exit', (code, signal) => reject(new Error(`the sandbox process ended (${code ?? signal}) before it was up:\n${stderr}`)));
			});
			const { ports, mcpUrl, kubeconfigPath } = JSON.parse(firstLine) as { ports: number[]; mcpUrl: string; kubeconfigPath: string };

			const client = new Client({ name: 'sandbox-e2e', version: '1.0.0' });
			await client.connect(new StreamableHTTPClientTransport(new URL(mcpUrl)));
			const { tools } = await client.listTools();
			await client.close();
			expect(tools.map((tool) => tool.name)).toContain('pods_get');
			expect(existsSync(kubeconfigPath)).toBe(true);

			// SIGKILL leaves the process no chance to stop anything itself.
			const exited = new Promise((resolve) => started.once('exit', resolve));
			started.kill('SIGKILL');
			await exited;
			await expectAllClosed(ports);
			const deadline = Date.now() + 5000;
			while (existsSync(dirname(kubeconfigPath)) && Date.now() < deadline) await delay(100);
			expect(existsSync(dirname(kubeconfigPath))).toBe(false);
		},
		START_MS,
	);
});
