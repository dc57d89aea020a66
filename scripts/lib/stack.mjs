// The whole job on one machine: real n8n with this package, the shipped workflows imported and
// published, credentials from the configuration contract, and — when nothing is configured — the
// local sandbox in place of the services. `npm start` and the end-to-end tests both start it here.
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { credentialsFromEnvironment, present } from './contract.mjs';
import { startN8n } from './n8n-instance.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
export const WORKFLOWS_DIR = join(root, 'workflows');

const SERVICE_VARIABLES = ['MCP_OPENSHIFT_URL', 'GITEA_URL', 'SMTP_HOST', 'LITELLM_URL'];

/** Folders of shipped workflows: the main ones and the operations library. */
export const WORKFLOW_FOLDERS = [WORKFLOWS_DIR, join(WORKFLOWS_DIR, 'ops')];

/** The shipped workflows (workflows/*.json, workflows/ops/*.json), as n8n exports them. */
export async function readShippedWorkflows() {
	const files = [];
	for (const folder of WORKFLOW_FOLDERS) {
		const names = await readdir(folder).catch(() => []);
		files.push(...names.filter((name) => name.endsWith('.json')).sort().map((name) => join(folder, name)));
	}
	return Promise.all(files.map(async (file) => ({ file, workflow: JSON.parse(await readFile(file, 'utf8')) })));
}

/** Values of each workflow's "Settings" node that come from the contract's variables. */
export function settingsFromEnvironment(env) {
	const settings = {
		llmEnabled: present(env.LITELLM_URL),
		model: env.LITELLM_MODEL,
		fallbackModels: env.LITELLM_FALLBACK_MODELS,
		giteaOwner: env.GITEA_OWNER,
		giteaRepo: env.GITEA_REPO,
		emailFrom: env.REPORT_EMAIL_FROM,
		emailTo: env.REPORT_EMAIL_TO,
		allowedNamespaces: env.ALLOWED_NAMESPACES,
	};
	return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined && value !== ''));
}

/** A copy of the workflow with its Settings node filled in; other nodes are left as shipped. */
export function applySettings(workflow, values) {
	const copy = structuredClone(workflow);
	const settingsNode = copy.nodes.find((node) => node.name === 'Settings' && node.type === 'n8n-nodes-base.set');
	for (const assignment of settingsNode?.parameters?.assignments?.assignments ?? []) {
		if (assignment.name in values) assignment.value = values[assignment.name];
	}
	return copy;
}

/**
 * @param {{
 *   env?: Record<string, string | undefined>,
 *   sandbox?: 'auto' | 'always' | 'never',
 *   port?: number,
 *   userFolder?: string,
 *   n8nEnv?: Record<string, string>,
 *   overrides?: Record<string, string>,
 *   workflows?: string[],
 *   log?: (line: string) => void,
 *   onN8nOutput?: (line: string) => void,
 * }} options
 */
export async function startStack({ env = process.env, sandbox = 'auto', port, userFolder, n8nEnv = {}, overrides = {}, workflows: only, log = (line) => console.log(`[stack] ${line}`), onN8nOutput } = {}) {
	const configured = SERVICE_VARIABLES.filter((name) => present(env[name]));
	const useSandbox = sandbox === 'always' || (sandbox === 'auto' && configured.length === 0);
	let localServices;
	let contract = { ...env };
	if (useSandbox) {
		log('no services configured: starting the local sandbox (fixture cluster, Kubernetes MCP server, Gitea stand-in, MailDev)');
		const { startSandbox } = await import('./sandbox.mjs');
		localServices = await startSandbox({ log });
		// The sandbox fills in the services; an LLM and the allowed namespaces stay the caller's choice.
		const kept = Object.entries(env).filter(([name, value]) => (name.startsWith('LITELLM_') || name === 'ALLOWED_NAMESPACES') && present(value));
		contract = { ...localServices.env, ...Object.fromEntries(kept) };
	}
	// Tests point single services elsewhere (a dead Gitea, a scripted model) on top of the sandbox.
	contract = { ...contract, ...overrides };
	if (!present(contract.WEBHOOK_TOKEN)) contract.WEBHOOK_TOKEN = randomBytes(18).toString('base64url');

	const settings = settingsFromEnvironment(contract);
	// Tests that exercise one workflow import only that one: each import and publish costs seconds.
	const shipped = (await readShippedWorkflows()).filter(({ file }) => !only || only.includes(basename(file, '.json')));
	if (only && shipped.length !== only.length) throw new Error(`unknown shipped workflow among ${only.join(', ')}`);
	const workflows = shipped.map(({ workflow }) => applySettings(workflow, settings));
	try {
		const n8n = await startN8n({
			packageDir: root,
			userFolder,
			port,
			credentials: credentialsFromEnvironment(contract),
			workflows,
			log,
			onN8nOutput,
			env: {
				// Lets n8n's own AI Agent use these nodes as tools.
				N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE: 'true',
				...n8nEnv,
			},
		});
		return {
			n8n,
			sandbox: localServices,
			contract,
			webhookUrl: `${n8n.baseUrl}/webhook/report-failure`,
			webhookToken: contract.WEBHOOK_TOKEN,
			async stop() {
				await n8n.stop();
				await localServices?.stop();
			},
		};
	} catch (error) {
		await localServices?.stop();
		throw error;
	}
}
