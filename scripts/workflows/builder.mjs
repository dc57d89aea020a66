// What every generator of the shipped workflows shares: stable node ids, the node, connection and
// workflow shapes, the nodes that recur across workflows, and writing the JSON as it is committed.
// What is particular to one workflow stays in its own script.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CREDENTIAL_IDS } from '../lib/contract.mjs';

/** The package name, which is also the prefix of this package's node types. */
export const PACKAGE = 'n8n-nodes-mcp-devops';
/** The Settings node's values, in an expression: `={{ ${SETTINGS}.model }}`. */
export const SETTINGS = "$('Settings').item.json";
/** Where the committed workflows live. */
export const WORKFLOWS_DIR = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'workflows');

/** Credential references by the fixed ids `npm start` and the tests import them under. */
export const CREDENTIALS = {
	mcpCluster: { mcpServerApi: { id: CREDENTIAL_IDS.mcpCluster, name: 'Kubernetes / OpenShift MCP server' } },
	liteLlm: { liteLlmApi: { id: CREDENTIAL_IDS.liteLlm, name: 'LiteLLM' } },
	gitea: { giteaApi: { id: CREDENTIAL_IDS.gitea, name: 'Gitea' } },
	smtp: { smtp: { id: CREDENTIAL_IDS.smtp, name: 'SMTP' } },
	webhookAuth: { httpHeaderAuth: { id: CREDENTIAL_IDS.webhookAuth, name: 'Webhook bearer token' } },
};

/** Settings that start with the same value in every workflow: a Settings entry given only by its name takes it. */
const SETTING_DEFAULTS = {
	llmEnabled: [false, 'boolean'],
	model: ['llama-4-scout', 'string'],
	fallbackModels: ['', 'string'],
	giteaOwner: ['platform', 'string'],
	giteaRepo: ['pipelines', 'string'],
	emailFrom: ['ci-reports@example.com', 'string'],
	emailTo: ['platform-team@example.com', 'string'],
	toolPrefix: ['', 'string'],
};

const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/** A name-based UUID (version 5, URL namespace) of `<package>/<scope>/<name>`, so regenerating keeps every id. */
export function stableId(scope, name) {
	const hash = createHash('sha1').update(URL_NAMESPACE).update(`${PACKAGE}/${scope}/${name}`).digest();
	hash[6] = (hash[6] & 0x0f) | 0x50;
	hash[8] = (hash[8] & 0x3f) | 0x80;
	const hex = hash.subarray(0, 16).toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The workflow's own id, the same in every generation: a start imports the shipped workflow over
 * the one it imported before (n8n updates a workflow whose id it holds) instead of adding a copy.
 * Sixteen characters, like the ids n8n gives.
 */
export function workflowId(scope) {
	return createHash('sha256').update(`${PACKAGE}/workflow/${scope}`).digest('hex').slice(0, 16);
}

/** A resource-locator value (a tool, a model, a repository…) picked from the list in the editor. */
export const fromList = (value) => ({ __rl: true, mode: 'list', value });
/** A resource-locator value given by name, or by an expression that names it. */
export const byName = (value) => ({ __rl: true, mode: 'name', value });

/**
 * Collects one workflow's nodes and connections.
 * @param {{ name: string, idScope: string, settings?: Record<string, unknown> }} options
 *   `idScope` keeps node ids apart between workflows (`ops/pod-status`); `settings` adds to the workflow settings.
 */
export function createWorkflowBuilder({ name: workflowName, idScope, settings: workflowSettings = {} }) {
	const nodes = [];
	const connections = {};
	const id = (name) => stableId(idScope, name);

	function node(name, type, typeVersion, position, parameters, extra = {}) {
		nodes.push({ parameters, id: id(name), name, type, typeVersion, position, ...extra });
	}
	function link(from, to, output = 0) {
		connections[from] ??= { main: [] };
		const outputs = connections[from].main;
		while (outputs.length <= output) outputs.push([]);
		outputs[output].push({ node: to, type: 'main', index: 0 });
	}
	/** Links each node to the next through its first output. */
	function chain(...names) {
		for (let index = 1; index < names.length; index += 1) link(names[index - 1], names[index]);
	}
	function sticky(name, position, width, height, content, color = 7) {
		node(name, 'n8n-nodes-base.stickyNote', 1, position, { content, height, width, color });
	}
	const setting = (name, value, type) => ({ id: id(`setting-${name}`), name, value, type });

	/**
	 * The Settings node. An entry is a name (a setting every workflow starts the same, see SETTING_DEFAULTS)
	 * or `[name, value, type]`.
	 */
	function settingsNode(position, entries, options) {
		const assignments = entries.map((entry) => (typeof entry === 'string' ? setting(entry, ...SETTING_DEFAULTS[entry]) : setting(...entry)));
		setFields('Settings', position, assignments, options);
	}
	/** A Set node that outputs these assignments (`{ id, name, value, type }`), and with `includeOtherFields` the input's fields. */
	function setFields(name, position, assignments, { includeOtherFields = false } = {}) {
		node(name, 'n8n-nodes-base.set', 3.4, position, { assignments: { assignments }, ...(includeOtherFields ? { includeOtherFields } : {}), options: {} });
	}

	/** An IF node whose true output runs when the expression is true; `conditionKey` names the condition's id. */
	function ifTrue(name, position, conditionKey, expression) {
		node(name, 'n8n-nodes-base.if', 2.2, position, {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
				conditions: [{ id: id(conditionKey), leftValue: `={{ ${expression} }}`, rightValue: true, operator: { type: 'boolean', operation: 'true', singleValue: true } }],
				combinator: 'and',
			},
			looseTypeValidation: true,
			options: {},
		});
	}
	const llmConfigured = (position) => ifTrue('LLM configured?', position, 'if-llm', `${SETTINGS}.llmEnabled`);

	/** An MCP Client tool call whose failure (a tool the server does not offer, an error) goes on as an error item. */
	function mcpCall(name, position, { tool, arguments: args, options = {} }) {
		node(
			name,
			`${PACKAGE}.mcpClient`,
			1,
			position,
			{ operation: 'callTool', tool, argumentsMode: 'json', arguments: args, options },
			{ onError: 'continueRegularOutput', credentials: CREDENTIALS.mcpCluster },
		);
	}

	/** A Gitea node on the Settings' `giteaOwner`/`giteaRepo`; a failure goes on as an error item. */
	function gitea(name, position, { resource, operation, ...parameters }) {
		node(
			name,
			`${PACKAGE}.gitea`,
			1,
			position,
			{ resource, operation, owner: byName(`={{ ${SETTINGS}.giteaOwner }}`), repository: byName(`={{ ${SETTINGS}.giteaRepo }}`), ...parameters },
			{ onError: 'continueRegularOutput', credentials: CREDENTIALS.gitea },
		);
	}

	function webhookTrigger(name, position, { path, webhookId }) {
		node(
			name,
			'n8n-nodes-base.webhook',
			2,
			position,
			{ httpMethod: 'POST', path, authentication: 'headerAuth', responseMode: 'responseNode', options: {} },
			{ webhookId, credentials: CREDENTIALS.webhookAuth },
		);
	}

	/** A JSON reply to the webhook: `body` is an object expression, `status` a code or an expression. */
	function reply(name, position, body, status) {
		node(name, 'n8n-nodes-base.respondToWebhook', 1.1, position, {
			respondWith: 'json',
			responseBody: `={{ JSON.stringify(${body}) }}`,
			options: { responseCode: status },
		});
	}

	/** Sends the rendered email (`subject`, `text`, `html` of the item) from and to the Settings' addresses. */
	function sendEmail(name, position, { subject = '={{ $json.subject }}', onError } = {}) {
		node(
			name,
			'n8n-nodes-base.emailSend',
			2.1,
			position,
			{
				fromEmail: `={{ ${SETTINGS}.emailFrom }}`,
				toEmail: `={{ ${SETTINGS}.emailTo }}`,
				subject,
				emailFormat: 'both',
				text: '={{ $json.text }}',
				html: '={{ $json.html }}',
				options: { appendAttribution: false },
			},
			{ ...(onError ? { onError } : {}), credentials: CREDENTIALS.smtp },
		);
	}

	/**
	 * A LiteLLM Agent on the Settings' model (and, with `fallbackModels`, the Settings' fallbacks). With
	 * `mcpTools: 'credential'` it may read the cluster through the MCP credential. A failure goes on as an error item.
	 */
	function llmAgent(name, position, { fallbackModels = false, systemPrompt, userPrompt, mcpTools = 'none', outputMode, jsonSchema, maxIterations, options }) {
		node(
			name,
			`${PACKAGE}.liteLlmAgent`,
			1,
			position,
			{
				model: byName(`={{ ${SETTINGS}.model }}`),
				...(fallbackModels ? { fallbackModels: `={{ ${SETTINGS}.fallbackModels }}` } : {}),
				systemPrompt,
				userPrompt,
				mcpTools,
				outputMode,
				...(jsonSchema ? { jsonSchema } : {}),
				maxIterations,
				options,
			},
			{ onError: 'continueRegularOutput', credentials: mcpTools === 'credential' ? { ...CREDENTIALS.liteLlm, ...CREDENTIALS.mcpCluster } : CREDENTIALS.liteLlm },
		);
	}

	/**
	 * After a Cluster Report node: a model's short summary when Settings enable one, then the email
	 * rendered with or without it. Lays the three nodes out from `x`, the summary above the line, and
	 * returns the x of Render email.
	 */
	function summariseAndRenderEmail(reportName, x, systemPrompt) {
		llmConfigured([x, 300]);
		link(reportName, 'LLM configured?');
		llmAgent('Summarise with LLM', [x + 220, 180], {
			systemPrompt,
			userPrompt: '={{ $json.digest }}',
			outputMode: 'text',
			maxIterations: 1,
			options: { maxTokens: 600, totalTimeoutMs: 120000 },
		});
		node('Render email', `${PACKAGE}.clusterReport`, 1, [x + 440, 300], {
			operation: 'renderEmail',
			report: `={{ $('${reportName}').item.json }}`,
			summary: "={{ typeof $json.answer === 'string' ? $json.answer : '' }}",
			model: "={{ typeof $json.answer === 'string' ? $json.model : '' }}",
			title: '',
		});
		link('LLM configured?', 'Summarise with LLM', 0);
		link('LLM configured?', 'Render email', 1);
		link('Summarise with LLM', 'Render email');
		return x + 440;
	}

	function build() {
		return {
			id: workflowId(idScope),
			name: workflowName,
			nodes,
			connections,
			settings: { executionOrder: 'v1', ...workflowSettings },
			pinData: {},
			active: false,
			meta: { templateCredsSetupCompleted: false },
			tags: [],
		};
	}

	return { id, node, link, chain, sticky, settingsNode, setFields, ifTrue, llmConfigured, mcpCall, gitea, webhookTrigger, reply, sendEmail, llmAgent, summariseAndRenderEmail, build };
}

/** Writes a workflow the way the committed files are written: two-space JSON and a final newline. */
export function writeWorkflow(path, workflow) {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, `${JSON.stringify(workflow, null, 2)}\n`);
	console.log(`wrote ${path}`);
}

/** True when the module at `moduleUrl` is the script node was started with, not an import. */
export const isMainModule = (moduleUrl) => process.argv[1] === fileURLToPath(moduleUrl);
