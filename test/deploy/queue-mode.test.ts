// The queue-mode layout of deploy/kustomize on one machine: real PostgreSQL and Redis (Debian's,
// installed when missing), the init step, then `n8n start`, `n8n worker` and `n8n webhook`, each
// with its own empty user folder as each pod has, n8n's settings from the base's n8n.env, and the
// package loaded from the image's install folder through N8N_CUSTOM_EXTENSIONS. A failure report
// posted to the webhook processor is executed by the worker, whose package nodes must be known.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { initScript, installedImageTree, type ImageTree } from './support/image';
import { kustomizeRoot, repoRoot } from './support/manifests';
import { freePort, parseEnvFile, startN8nRole, startPostgres, startRedis, type Service } from './support/queue-stack';
import { ensurePostgresServer, ensureRedisServer } from './support/tools';

// Installs (apt, a first n8n install) can take minutes on a new machine; the run itself about two.
const RUN_MS = 25 * 60_000;
const progress = (line: string) => process.stdout.write(`[deploy queue] ${line}\n`);

const WEBHOOK_TOKEN = `queue-${randomBytes(8).toString('hex')}`;
const secrets = {
	postgres: { user: 'n8n', password: randomBytes(12).toString('hex'), database: 'n8n' },
	redis: randomBytes(12).toString('hex'),
	encryptionKey: randomBytes(24).toString('base64'),
};

let tree: ImageTree;
const services: Service[] = [];
const folders: string[] = [];
afterAll(async () => {
	for (const service of services.reverse()) await service.stop();
	for (const folder of folders) await rm(folder, { recursive: true, force: true });
}, 120_000);

test(
	'a failure posted to the webhook processor runs on a worker that knows the package nodes, with no unrecognized node type anywhere',
	async () => {
		const [pgBin, redisServer] = [await ensurePostgresServer(), await ensureRedisServer()];
		tree = await installedImageTree();
		const { ensureN8n } = (await import(join(repoRoot, 'scripts', 'lib', 'n8n-install.mjs'))) as {
			ensureN8n(options: { log: (line: string) => void }): Promise<{ n8nBin: string; nodeBin: string }>;
		};
		const { n8nBin, nodeBin } = await ensureN8n({ log: progress });

		const postgres = await startPostgres(pgBin, secrets.postgres);
		services.push(postgres);
		const redis = await startRedis(redisServer, secrets.redis);
		services.push(redis);
		progress(`PostgreSQL on ${postgres.port}, Redis on ${redis.port}`);

		const [mainPort, webhookPort, workerHealthPort] = [await freePort(), await freePort(), await freePort()];
		const n8nSettings = parseEnvFile(await readFile(join(kustomizeRoot, 'base', 'n8n.env'), 'utf8'));
		const contract = parseEnvFile(await readFile(join(kustomizeRoot, 'base', 'mcp-devops.env'), 'utf8'));
		const common = {
			PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}`,
			HOME: process.env.HOME ?? tmpdir(),
			NODE_ENV: 'production',
			...n8nSettings,
			...contract,
			// What the Secrets give the pods.
			N8N_ENCRYPTION_KEY: secrets.encryptionKey,
			DB_POSTGRESDB_USER: secrets.postgres.user,
			DB_POSTGRESDB_PASSWORD: secrets.postgres.password,
			QUEUE_BULL_REDIS_PASSWORD: secrets.redis,
			// What the Services and the Ingress are on this machine.
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${mainPort}/`,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// What the image sets.
			N8N_CUSTOM_EXTENSIONS: tree.extensionDir,
		};
		const pod = async (port: number) => {
			const folder = await mkdtemp(join(tmpdir(), 'deploy-pod-'));
			folders.push(folder);
			return { ...common, N8N_USER_FOLDER: folder, N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		};

		// The main pod: its init step, then n8n itself.
		const mainEnv = await pod(mainPort);
		const { runInit } = (await import(initScript)) as {
			runInit(options: { packageDir: string; n8n: string; only: string[]; env: NodeJS.ProcessEnv; log: (line: string) => void }): Promise<unknown>;
		};
		await runInit({ packageDir: tree.packageDir, n8n: n8nBin, only: ['pipeline-failure-report'], env: { ...mainEnv, WEBHOOK_TOKEN }, log: progress });
		const main = await startN8nRole('start', { nodeBin, n8nBin, env: mainEnv, readyUrl: `http://127.0.0.1:${mainPort}/healthz/readiness` });
		services.push(main);
		const worker = await startN8nRole('worker', {
			nodeBin,
			n8nBin,
			env: { ...(await pod(await freePort())), QUEUE_HEALTH_CHECK_PORT: String(workerHealthPort) },
			args: ['--concurrency=2'],
			readyUrl: `http://127.0.0.1:${workerHealthPort}/healthz/readiness`,
		});
		services.push(worker);
		const webhook = await startN8nRole('webhook', { nodeBin, n8nBin, env: await pod(webhookPort), readyUrl: `http://127.0.0.1:${webhookPort}/healthz/readiness` });
		services.push(webhook);
		progress('main, worker and webhook processor are ready');

		// The webhook processor learns the published webhooks from the database once main has activated them.
		const post = () =>
			fetch(`http://127.0.0.1:${webhookPort}/webhook/report-failure`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${WEBHOOK_TOKEN}` },
				body: JSON.stringify({ pod_name: 'build-7f9c' }),
				signal: AbortSignal.timeout(120_000),
			});
		let answer = await post();
		for (let tries = 0; answer.status === 404 && tries < 60; tries++) {
			await delay(1000);
			answer = await post();
		}
		const body = await answer.text();
		const outputs = `main:\n${main.output()}\nworker:\n${worker.output()}\nwebhook:\n${webhook.output()}`;
		expect({ status: answer.status, body }).toEqual({ status: 400, body: expect.stringMatching(/namespace/) });
		expect(worker.output()).toMatch(/Worker (started|finished) execution/);
		expect(outputs).not.toMatch(/Unrecognized node type|cannot load|is not a constructor/);
	},
	RUN_MS,
);
