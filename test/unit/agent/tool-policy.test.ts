import { createToolPolicy, isDestructiveTool } from '../../../nodes/shared/agent/tool-policy';
import type { AgentTool } from '../../../nodes/shared/agent/tool-provider';

const tool = (name: string, annotations?: AgentTool['annotations'], properties: Record<string, unknown> = { namespace: {} }): AgentTool => ({
	name,
	inputSchema: { type: 'object', properties },
	annotations,
});

describe('isDestructiveTool', () => {
	it.each(['pods_delete', 'pods_exec', 'pods_run', 'resources_create_or_update', 'deployments_scale', 'k8s_pods_delete', 'gitea.delete_branch', 'delete_file'])(
		'treats %s as destructive by its name',
		(name) => {
			expect(isDestructiveTool(tool(name, { readOnlyHint: true }))).toBe(true);
		},
	);

	it.each(['pods_get', 'pods_log', 'events_list', 'deleted_pods_report', 'rescale_summary', 'execution_history'])('does not flag %s', (name) => {
		expect(isDestructiveTool(tool(name, { readOnlyHint: true }))).toBe(false);
	});

	it('trusts a destructiveHint whatever the name', () => {
		expect(isDestructiveTool(tool('helm_install', { destructiveHint: true }))).toBe(true);
	});
});

describe('createToolPolicy', () => {
	it('allows read-only tools and refuses unannotated ones by default', () => {
		const policy = createToolPolicy();
		expect(policy.permitsTool(tool('pods_get', { readOnlyHint: true }))).toEqual({ allowed: true });
		const refused = policy.permitsTool(tool('custom_probe'));
		expect(refused.allowed).toBe(false);
		expect(!refused.allowed && refused.reason).toContain('not annotated read-only');
	});

	it('refuses a read that returns credentials (the kubeconfig), also behind a prefix, unless allowed by name', () => {
		const policy = createToolPolicy();
		for (const name of ['configuration_view', 'k8s_configuration_view']) {
			const refused = policy.permitsTool(tool(name, { readOnlyHint: true, destructiveHint: false }));
			expect(refused).toEqual({ allowed: false, reason: expect.stringContaining('returns credentials') });
		}
		expect(createToolPolicy({ allowedTools: ['configuration_view'] }).permitsTool(tool('configuration_view', { readOnlyHint: true }))).toEqual({ allowed: true });
	});

	it('refuses a destructive tool even when it claims to be read-only, unless allowed by name', () => {
		const mislabelled = tool('resources_create_or_update', { readOnlyHint: true });
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
