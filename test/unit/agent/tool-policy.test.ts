import { GITEA_MCP_READ_ONLY_TOOLS, KUBERNETES_MCP_READ_ONLY_TOOLS } from '../../../nodes/shared/agent/known-tools';
import { screenSecretObjects, secretArgument } from '../../../nodes/shared/agent/secret-reads';
import { createToolPolicy, isCredentialDumpTool, isDestructiveTool } from '../../../nodes/shared/agent/tool-policy';
import { combineToolProviders, type AgentTool, type ToolProvider } from '../../../nodes/shared/agent/tool-provider';
import { HOSTILE_TOOL_NAMES } from './hostile-tool-names';

const tool = (name: string, annotations?: AgentTool['annotations'], properties: Record<string, unknown> = { namespace: {} }, trustAnnotations?: boolean): AgentTool => ({
	name,
	inputSchema: { type: 'object', properties },
	annotations,
	trustAnnotations,
});

const everythingReadOnly = { readOnlyHint: true, destructiveHint: false };

/** A server that lists the given names, all annotated read-only, as a combined provider would pass them on. */
async function listedThroughGateway(names: string[], trustAnnotations: boolean): Promise<AgentTool[]> {
	const hostile: ToolProvider = {
		listTools: async () => names.map((name) => tool(name, everythingReadOnly)),
		callTool: async () => ({ isError: false, text: '' }),
	};
	return combineToolProviders([{ provider: hostile, trustAnnotations }]).listTools();
}

describe('the tool policy against a hostile server that marks every tool read-only', () => {
	it('holds at least 80 names in the hostile list', () => {
		expect(new Set(HOSTILE_TOOL_NAMES.map((entry) => entry.name)).size).toBeGreaterThanOrEqual(80);
	});

	it('offers none of them when the server annotations are untrusted (the default)', async () => {
		const policy = createToolPolicy();
		const listed = await listedThroughGateway(HOSTILE_TOOL_NAMES.map((entry) => entry.name), false);
		const offered = listed.filter((candidate) => policy.permitsTool(candidate).allowed);

		console.log(`hostile tool names offered with annotations untrusted: ${offered.length} of ${listed.length}`);
		expect(offered.map((candidate) => candidate.serverName)).toEqual([]);
	});

	it('offers none of them either when the server is trusted: the names alone give them away', async () => {
		const policy = createToolPolicy();
		const listed = await listedThroughGateway(HOSTILE_TOOL_NAMES.map((entry) => entry.name), true);
		const offered = listed.filter((candidate) => policy.permitsTool(candidate).allowed);

		console.log(`hostile tool names offered with annotations trusted: ${offered.length} of ${listed.length}`);
		expect(offered.map((candidate) => candidate.serverName)).toEqual([]);
	});

	it('still offers the known read-only tools of both servers, also behind a gateway prefix', async () => {
		const policy = createToolPolicy();
		const readers = [...KUBERNETES_MCP_READ_ONLY_TOOLS, ...GITEA_MCP_READ_ONLY_TOOLS].filter(
			(name) => name !== 'configuration_view' && !name.includes('secret'),
		);
		const listed = await listedThroughGateway([...readers, ...readers.map((name) => `k8s.${name}`)], false);

		expect(listed.filter((candidate) => !policy.permitsTool(candidate).allowed).map((candidate) => candidate.name)).toEqual([]);
	});
});

describe('isDestructiveTool', () => {
	it.each(['pods_delete', 'pods_exec', 'pods_run', 'resources_create_or_update', 'deployments_scale', 'k8s_pods_delete', 'gitea.delete_branch', 'delete_file', 'podsDelete', 'helm-install', 'p\u043Eds_d\u0435l\u0435t\u0435'])(
		'treats %s as destructive by its name',
		(name) => {
			expect(isDestructiveTool(tool(name, everythingReadOnly))).toBe(true);
		},
	);

	it.each(['pods_get', 'pods_log', 'events_list', 'deleted_pods_report', 'rescale_summary', 'execution_history', 'list_repo_action_runs', 'output_settings', 'pipelinerun_logs'])(
		'does not flag %s',
		(name) => {
			expect(isDestructiveTool(tool(name, everythingReadOnly))).toBe(false);
		},
	);

	it('believes a destructiveHint from any server', () => {
		expect(isDestructiveTool(tool('frobnicate', { destructiveHint: true }))).toBe(true);
	});

	it('reads the name the server listed, not only the sanitised one offered to the model', () => {
		expect(isDestructiveTool({ name: 'p_ds_d_l_t_', serverName: 'p\u043Eds_d\u0435l\u0435t\u0435' })).toBe(true);
	});
});

describe('isCredentialDumpTool', () => {
	it.each(['configuration_view', 'configurationView', 'kubeconfig_view', 'config_view', 'get_kubeconfig', 'show_credentials'])('treats %s as a credential dump', (name) => {
		expect(isCredentialDumpTool(tool(name))).toBe(true);
	});

	it.each(['configuration_contexts_list', 'kiali_manage_istio_config_read', 'actions_config_read', 'pods_get'])('does not flag %s', (name) => {
		expect(isCredentialDumpTool(tool(name))).toBe(false);
	});
});

describe('createToolPolicy', () => {
	it('offers known read-only tools, and others only when their trusted server annotates them read-only', () => {
		const policy = createToolPolicy();
		expect(policy.permitsTool(tool('pods_get'))).toEqual({ allowed: true });
		expect(policy.permitsTool(tool('custom_probe', everythingReadOnly, {}, true))).toEqual({ allowed: true });
		const untrusted = policy.permitsTool(tool('custom_probe', everythingReadOnly));
		expect(!untrusted.allowed && untrusted.reason).toContain('its server\'s annotations are not trusted (Trust Tool Annotations)');
		const unannotated = policy.permitsTool(tool('custom_probe', undefined, {}, true));
		expect(!unannotated.allowed && unannotated.reason).toContain('not annotated read-only');
	});

	it('refuses a read that returns credentials (the kubeconfig), also behind a prefix, unless allowed by name', () => {
		const policy = createToolPolicy();
		for (const name of ['configuration_view', 'k8s_configuration_view', 'kubeconfig_view']) {
			const refused = policy.permitsTool(tool(name, everythingReadOnly, {}, true));
			expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('returns credentials') });
		}
		expect(createToolPolicy({ allowedTools: ['configuration_view'] }).permitsTool(tool('configuration_view', { readOnlyHint: true }))).toEqual({ allowed: true });
	});

	it('refuses a destructive tool even when a trusted server claims it is read-only, unless allowed by name', () => {
		const mislabelled = tool('resources_create_or_update', { readOnlyHint: true }, {}, true);
		const refused = createToolPolicy().permitsTool(mislabelled);
		expect(!refused.allowed && refused.reason).toContain('destructive');
		expect(createToolPolicy({ allowedTools: ['resources_create_or_update'] }).permitsTool(mislabelled)).toEqual({ allowed: true });
	});

	it('refuses a call whose namespace is outside the allowed namespaces, allowed tools included', () => {
		const policy = createToolPolicy({ allowedNamespaces: ['ci', 'build'], allowedTools: ['configuration_view'] });
		const podsGet = tool('pods_get', { readOnlyHint: true });
		expect(policy.permitsCall(podsGet, { namespace: 'ci', name: 'a' })).toEqual({ allowed: true });
		const outside = policy.permitsCall(podsGet, { namespace: 'kube-system', name: 'a' });
		expect(!outside.allowed && outside.reason).toContain('namespace "kube-system" is not in the allowed namespaces (ci, build)');
		expect(policy.permitsCall(tool('configuration_view'), { namespace: 'prod' }).allowed).toBe(false);
	});

	it('refuses a namespaced tool called without a namespace, and does not offer tools that take none', () => {
		const policy = createToolPolicy({ allowedNamespaces: ['ci'] });
		expect(policy.permitsCall(tool('events_list', { readOnlyHint: true }), {}).allowed).toBe(false);
		// A tool that takes no namespace would read across all of them: not offered, unless allowed by name.
		expect(policy.permitsCall(tool('pods_list', { readOnlyHint: true }, {}), {})).toEqual({ allowed: false, reason: expect.stringContaining('takes no namespace') });
		expect(policy.permitsTool(tool('namespaces_list', { readOnlyHint: true }, {}))).toEqual({ allowed: false, reason: expect.stringContaining('outside the allowed namespaces (ci)') });
		const allowedByName = createToolPolicy({ allowedNamespaces: ['ci'], allowedTools: ['namespaces_list'] });
		expect(allowedByName.permitsCall(tool('namespaces_list', { readOnlyHint: true }, {}), {})).toEqual({ allowed: true });
	});
});

describe('Secret reads', () => {
	const resourcesGet = tool('resources_get');

	it.each<[string, Record<string, unknown>]>([
		['kind', { apiVersion: 'v1', kind: 'Secret', namespace: 'ci', name: 'db' }],
		['kind', { apiVersion: 'v1', kind: 'secret', namespace: 'ci', name: 'db' }],
		['kind', { apiVersion: 'v1', kind: ' SECRETS ', namespace: 'ci' }],
		['kind', { apiVersion: 'v1', kind: '\u0405ecret', namespace: 'ci', name: 'db' }],
		['resource', { resource: 'secrets', namespace: 'ci' }],
		['resourceType', { resourceType: 'v1/secrets' }],
		['args[1]', { args: ['get', 'secret/db', '-o', 'yaml'] }],
		['path', { path: '/api/v1/namespaces/ci/secrets/db' }],
		['object.kind', { object: { kind: 'Secret', metadata: { name: 'db' } } }],
	])('refuses a call whose argument %s names Secrets', (path, args) => {
		expect(secretArgument(args)).toBe(path);
		const decision = createToolPolicy({ allowedTools: ['resources_get'] }).permitsCall(resourcesGet, args);
		expect(decision).toEqual({ allowed: false, reason: expect.stringContaining(`the argument "${path}" names Kubernetes Secrets`) });
	});

	it.each<Record<string, unknown>>([
		{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'ci', name: 'secret' },
		{ namespace: 'ci', name: 'secret-rotator-7f9c', container: 'secrets-sync' },
		{ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', namespace: 'ci' },
		{ namespace: 'ci', fieldSelector: 'involvedObject.kind=Secret' },
	])('lets a call through that only mentions a name like "secret": %j', (args) => {
		expect(createToolPolicy().permitsCall(resourcesGet, args)).toEqual({ allowed: true });
	});

	it('does not offer tools named after Secrets, unless allowed for Secret reads by name', () => {
		expect(createToolPolicy().permitsTool(tool('list_repo_action_secrets')).allowed).toBe(false);
		expect(createToolPolicy({ allowedSecretReads: ['list_repo_action_secrets'] }).permitsTool(tool('list_repo_action_secrets'))).toEqual({ allowed: true });
	});

	it('runs a Secret read only for a tool the user allowed for Secret reads by name', () => {
		const policy = createToolPolicy({ allowedSecretReads: ['resources_get'] });
		expect(policy.permitsCall(resourcesGet, { apiVersion: 'v1', kind: 'Secret', namespace: 'ci', name: 'db' })).toEqual({ allowed: true });
		expect(policy.permitsCall(tool('resources_list'), { apiVersion: 'v1', kind: 'Secret', namespace: 'ci' }).allowed).toBe(false);
	});

	const value = Buffer.from(`hunter-${'q'.repeat(3)}-${Date.now()}`).toString('base64');
	const lastApplied = JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { password: value } });

	it('cuts Secrets that a generic list returns to names, keys and types, in YAML', () => {
		const yaml = [
			'- apiVersion: v1',
			'  kind: ConfigMap',
			'  metadata:',
			'    name: settings',
			'  data:',
			'    mode: fast',
			'- apiVersion: v1',
			'  data:',
			`    password: ${value}`,
			'  kind: Secret',
			'  metadata:',
			'    annotations:',
			`      kubectl.kubernetes.io/last-applied-configuration: '${lastApplied}'`,
			'    name: db',
			'    namespace: ci',
			'  stringData:',
			`    token: ${value}`,
			'  type: Opaque',
		].join('\n');

		const screened = screenSecretObjects(yaml);

		expect(screened.withheld).toBe(1);
		expect(screened.text).not.toContain(value);
		expect(screened.text).toContain('"mode": "fast"');
		const reduced = JSON.parse(screened.text.slice(screened.text.indexOf('\n') + 1)) as unknown[];
		expect(reduced[1]).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'ci' }, type: 'Opaque', data: { password: '[withheld]', token: '[withheld]' } });
	});

	it('cuts Secrets in JSON with data before kind, and the items of a SecretList that carry no kind', () => {
		const list = JSON.stringify({ kind: 'SecretList', items: [{ data: { key: value }, metadata: { name: 'a' }, type: 'Opaque' }] });
		const single = `{"data":{"password":"${value}"},"kind":"Secret","metadata":{"name":"db"}}`;
		for (const text of [list, single]) {
			const screened = screenSecretObjects(text);
			expect(screened.withheld).toBe(1);
			expect(screened.text).not.toContain(value);
		}
	});

	it('withholds a document that names kind Secret in a form it cannot read', () => {
		const screened = screenSecretObjects(`apiVersion: v1\nkind: Secret\ndata:\n  password: ${value}\n  : : not yaml [`);
		expect(screened.withheld).toBe(1);
		expect(screened.text).not.toContain(value);
	});

	it('leaves a log that prints kind: Secret to redaction rather than withhold the whole log', () => {
		const log = `+ kubectl apply -f deploy/\nsecret/db configured (kind: Secret)\nerror: deployment "api" exceeded its progress deadline\n`;
		expect(screenSecretObjects(log)).toEqual({ text: log, withheld: 0 });
	});

	it('leaves results without Secrets as they are', () => {
		const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: secret-rotator\nspec:\n  volumes:\n  - secret:\n      secretName: db\n';
		expect(screenSecretObjects(pod)).toEqual({ text: pod, withheld: 0 });
	});
});
