// `npm start`: real n8n (installed on first run into a cache outside the clone) with this package
// loaded and the credentials the environment configures. Runs until Ctrl-C.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentialsFromEnvironment, describeConfiguration } from './lib/contract.mjs';
import { n8nCacheRoot } from './lib/n8n-install.mjs';
import { startN8n } from './lib/n8n-instance.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const log = (line) => console.log(`[start] ${line}`);

export async function start() {
	if (!existsSync(join(root, 'dist', 'nodes'))) throw new Error('dist/ is missing: the build step did not run');
	// State (owner account, executions) survives restarts. It lives outside the clone: under the
	// clone, the package would load the clone's dev copy of n8n-workflow instead of n8n's own.
	const userFolder = process.env.N8N_USER_FOLDER || join(n8nCacheRoot(), 'local-n8n');
	await mkdir(userFolder, { recursive: true });
	const credentials = credentialsFromEnvironment();

	console.log('\nConfiguration (see the README for the variables):');
	for (const line of describeConfiguration()) console.log(line);

	const n8n = await startN8n({
		packageDir: root,
		userFolder,
		port: process.env.N8N_PORT ? Number(process.env.N8N_PORT) : 5678,
		credentials,
		workflows: [],
		log,
		env: { N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true' },
	});

	console.log(`
n8n is running with n8n-nodes-mcp-devops loaded: ${n8n.baseUrl}
  Nodes: MCP Client, LiteLLM Agent, Gitea, Failure Triage (search "MCP", "LiteLLM", "Gitea", "Triage")
  Credentials imported from the environment: ${credentials.length ? credentials.map((c) => c.name).join(', ') : 'none'}
  Not in this version yet: the shipped workflows (pipeline-failure report, health report) and the
  local sandbox (fixture cluster, mail catcher, Gitea stand-in); build your own workflows meanwhile.
  On first visit n8n asks you to create the owner account. Stop with Ctrl-C.
`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		log('stopping n8n…');
		await n8n.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
