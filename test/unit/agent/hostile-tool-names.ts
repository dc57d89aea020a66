/**
 * Tool names a hostile or careless MCP server could list with `readOnlyHint: true`: every one of
 * them changes a cluster or a repository, prints credentials or reads Secrets. Families: the
 * verbs of issue 15 in snake_case, camelCase, kebab-case, dotted, slashed, upper case, run
 * together and behind gateway prefixes; the write tools of kubernetes-mcp-server (all toolsets)
 * and gitea-mcp; Cyrillic, Greek and full-width look-alikes; `configuration_view` look-alikes.
 */
export interface HostileToolName {
	name: string;
	family: string;
}

const family = (name: string, names: string[]): HostileToolName[] => names.map((entry) => ({ name: entry, family: name }));

export const HOSTILE_TOOL_NAMES: HostileToolName[] = [
	...family('kubernetes-mcp-server write tools', [
		'pods_delete', 'pods_exec', 'pods_run', 'resources_create_or_update', 'resources_delete', 'resources_scale', 'helm_install', 'helm_uninstall',
		'tekton_pipeline_start', 'tekton_task_start', 'tekton_taskrun_restart', 'tekton_pipelinerun_lifecycle', 'vm_create', 'vm_clone',
		'vm_create_from_template', 'vm_lifecycle', 'kiali_manage_istio_config',
	]),
	...family('verbs in snake_case', [
		'resources_patch', 'resources_apply', 'resources_replace', 'exec_in_pod', 'pods_attach', 'nodes_drain', 'nodes_cordon', 'node_uncordon',
		'pods_evict', 'pod_kill', 'namespaces_delete', 'helm_upgrade', 'helm_rollback', 'deployment_restart', 'rollout_undo', 'jobs_purge',
		'images_prune', 'database_drop', 'cluster_destroy', 'volume_remove', 'secrets_write', 'configmap_update', 'deployment_set_image',
		'pods_port_forward', 'cronjob_trigger', 'statefulset_scale', 'node_taint', 'namespace_wipe', 'crd_install', 'webhook_post',
	]),
	...family('gitea-mcp write tools', [
		'merge_pull_request', 'create_issue', 'create_issue_comment', 'edit_issue', 'issue_write', 'delete_branch', 'create_branch', 'delete_file',
		'create_or_update_file', 'update_file', 'create_release', 'delete_release', 'create_repo', 'fork_repo', 'create_tag', 'delete_tag',
		'pull_request_write', 'pull_request_review_write', 'dispatch_repo_action_workflow', 'rerun_repo_action_run', 'cancel_repo_action_run',
		'upsert_repo_action_secret', 'delete_wiki_page', 'wiki_write', 'label_write', 'add_issue_labels', 'remove_issue_label', 'replace_issue_labels',
	]),
	...family('repository verbs', ['approve_pull_request', 'close_issue', 'reopen_issue', 'push_commits', 'set_default_branch', 'put_file', 'post_comment']),
	...family('camelCase', ['podsDelete', 'helmInstall', 'resourcesPatch', 'execInPod', 'nodesDrain', 'mergePullRequest', 'deleteBranch', 'createOrUpdateFile', 'scaleDeployment', 'HTTPDeletePod']),
	...family('kebab-case', ['pods-delete', 'helm-install', 'nodes-drain', 'merge-pull-request', 'resources-apply']),
	...family('dotted and slashed', ['k8s.pods.delete', 'gitea.merge_pull_request', 'kubernetes.helm.install', 'k8s/pods/exec', 'gitea/delete_branch', 'cluster:nodes:drain']),
	...family('gateway prefixes', ['k8s_pods_delete', 'kube__helm_install', 'openshift_resources_patch', 'delete_pods_get', 'exec.pods_log']),
	...family('run together', ['podsdelete', 'deletepods', 'helminstall', 'nodedrain', 'podexec', 'branchdelete']),
	...family('upper case', ['PODS_DELETE', 'HELM-INSTALL', 'Nodes_Drain']),
	...family('look-alike letters', [
		'p\u043Eds_d\u0435l\u0435t\u0435', // Cyrillic о, е
		'h\u0435lm_inst\u0430ll', // Cyrillic е, а
		'r\u0435sources_p\u0430tch',
		'merge_pull_requ\u0435st',
		'\u0435xec_in_pod',
		'p\u03BFds_exec', // Greek ο
		'\uFF50\uFF4F\uFF44\uFF53\uFF3F\uFF44\uFF45\uFF4C\uFF45\uFF54\uFF45', // full-width
		'podsD\u0435lete',
		'nodes_dr\u0430in',
	]),
	...family('credential dumps', [
		'configuration_view', 'configurationView', 'kubeconfig_view', 'config_view', 'view_config', 'get_kubeconfig', 'kubeconfig', 'configuration-view',
		'Configuration.View', 'c\u043Enfiguration_view', 'k8s_configuration_view', 'show_credentials', 'get_token', 'dump_config', 'configview',
	]),
	...family('Secret reads', ['get_secret', 'secrets_list', 'read_secret_value', 'k8s_secrets_get', 'listSecrets']),
];
