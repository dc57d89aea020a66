// `npm start`: real n8n (installed on first run into a cache outside the clone) with this package,
// the shipped workflows and the credentials of the configuration contract; with no services
// configured, the local sandbox instead (scripts/lib/stack.mjs). Runs until Ctrl-C.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeConfiguration } from './lib/contract.mjs';
import { n8nCacheRoot } from './lib/n8n-install.mjs';
import { startStack } from './lib/stack.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (line) => console.log(`[start] ${line}`);

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function start() {
	if (!existsSync(join(root, 'dist', 'nodes'))) throw new Error('dist/ is missing: the build step did not run');
	// A signal before the stack is up ends this process: the sandbox's reaper and n8n's supervisor
	// stop what had started when it goes (they watch it for exactly that).
	const stopDuringStartup = (signal) => {
		log(`${signal} during start-up: stopping`);
		process.exit(130);
	};
	for (const signal of STOP_SIGNALS) process.on(signal, stopDuringStartup);
	// State (owner account, executions) survives restarts. It lives outside the clone: under the
	// clone, the package would load the clone's dev copy of n8n-workflow instead of n8n's own.
	const userFolder = process.env.N8N_USER_FOLDER || join(n8nCacheRoot(), 'local-n8n');
	await mkdir(userFolder, { recursive: true });

	const stack = await startStack({
		env: process.env,
		sandbox: 'auto',
		port: process.env.N8N_PORT ? Number(process.env.N8N_PORT) : 5678,
		userFolder,
		log,
	});
	const sandbox = stack.sandbox;
	const example = sandbox?.cluster?.scenarios?.[0] ?? { namespace: 'ci', podName: '<failed-pod-name>' };

	console.log(`\nConfiguration${sandbox ? ' (local sandbox: nothing was configured)' : ''}:`);
	for (const line of describeConfiguration(stack.contract)) console.log(line);
	console.log(`
n8n is running: ${stack.n8n.baseUrl}
  Shipped workflows, imported and published: ${stack.n8n.workflows.map((w) => w.name).join(', ') || 'none'}${
		stack.n8n.keptAsEdited.length ? `\n  Left as you changed them in n8n (not imported again): ${stack.n8n.keptAsEdited.map((w) => w.name).join(', ')}` : ''
	}
  On first visit n8n asks you to create the owner account.

Report a failed pod:
  curl -sS -X POST ${stack.webhookUrl} \\
    -H 'Authorization: Bearer ${stack.webhookToken}' -H 'Content-Type: application/json' \\
    -d '{"namespace":"${example.namespace}","pod_name":"${example.podName}"}'
`);
	if (sandbox) {
		console.log(`Local sandbox (stand-ins, not real services):
  Kubernetes: a fixture API with ${sandbox.cluster.scenarios.length} failed pods (${sandbox.cluster.scenarios.map((s) => s.podName).slice(0, 3).join(', ')}, …)
              behind the real kubernetes-mcp-server at ${sandbox.mcp.url}
  Gitea:      the API stand-in from the tests; filed issues at ${sandbox.gitea.webUrl}
  Email:      MailDev, a real SMTP server with a web inbox at ${sandbox.mail.webUrl}
  Analysis:   rule-based (set LITELLM_URL, LITELLM_MODEL, LITELLM_API_KEY to add a model)
`);
	}
	console.log('Stop with Ctrl-C.');

	let stopping = false;
	const stop = async (signal) => {
		if (stopping) return;
		stopping = true;
		log(`${signal}: stopping n8n${sandbox ? ' and the sandbox' : ''}…`);
		try {
			await stack.stop();
			process.exit(0);
		} catch (error) {
			console.error(`[start] stopping failed: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		}
	};
	for (const signal of STOP_SIGNALS) {
		process.off(signal, stopDuringStartup);
		process.on(signal, stop);
	}
}
