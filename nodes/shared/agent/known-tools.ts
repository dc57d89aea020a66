import { MAX_TOOL_NAME_LENGTH } from './tool-names';

/**
 * Tools known to be read-only, by their exact names, for servers whose annotations are not trusted
 * (the default: the MCP specification says annotations are untrusted unless the server is).
 *
 * kubernetes-mcp-server (containers/kubernetes-mcp-server): every tool the npm binary 0.0.67 lists
 * with all its toolsets (`--toolsets config,core,helm,kcp,kiali,kubevirt,netobserv,tekton`) whose
 * annotation is `readOnlyHint: true`, read from its `tools/list` answer; plus the multi-cluster
 * tools its README lists (`configuration_contexts_list`, `targets_list`). Write tools such as
 * `helm_install`, `pods_run`, `tekton_pipeline_start` or `kiali_manage_istio_config` are not here.
 * `configuration_view` is read-only but prints credentials: the policy refuses it by name.
 */
export const KUBERNETES_MCP_READ_ONLY_TOOLS: readonly string[] = [
	// config
	'configuration_view',
	'configuration_contexts_list',
	'targets_list',
	// core
	'events_list',
	'namespaces_list',
	'nodes_log',
	'nodes_stats_summary',
	'nodes_top',
	'pods_get',
	'pods_list',
	'pods_list_in_namespace',
	'pods_log',
	'pods_top',
	'projects_list',
	'resources_get',
	'resources_list',
	// helm
	'helm_list',
	// kcp
	'kcp_workspace_describe',
	'kcp_workspaces_list',
	// kiali
	'kiali_get_logs',
	'kiali_get_mesh_status',
	'kiali_get_mesh_traffic_graph',
	'kiali_get_metrics',
	'kiali_get_pod_performance',
	'kiali_get_resource_details',
	'kiali_get_trace_details',
	'kiali_list_mesh_clusters',
	'kiali_list_traces',
	'kiali_manage_istio_config_read',
	// kubevirt
	'vm_guest_info',
	'vm_troubleshoot',
	// netobserv
	'netobserv_export_flows',
	'netobserv_get_flow_metrics',
	'netobserv_list_flows',
	// tekton
	'tekton_pipelinerun_logs',
	'tekton_taskrun_logs',
];

/**
 * Gitea's MCP server (gitea/gitea-mcp) sends no annotations. Its source registers each tool as a
 * read or a write tool (`Tool.RegisterRead` / `Tool.RegisterWrite` in `operation/**`; only read
 * ones are served with `--read-only`). These are the read tools of its history up to March 2026,
 * both the older one-purpose names (`get_issue_by_index`) and the newer method-style ones
 * (`issue_read`).
 */
export const GITEA_MCP_READ_ONLY_TOOLS: readonly string[] = [
	'actions_config_read',
	'actions_run_read',
	'download_repo_action_job_log',
	'get_commit',
	'get_dir_content',
	'get_dir_contents',
	'get_file_content',
	'get_file_contents',
	'get_gitea_mcp_server_version',
	'get_issue_by_index',
	'get_issue_comments_by_index',
	'get_latest_release',
	'get_me',
	'get_milestone',
	'get_my_stopwatches',
	'get_my_times',
	'get_my_user_info',
	'get_org_action_variable',
	'get_pull_request_by_index',
	'get_pull_request_diff',
	'get_pull_request_review',
	'get_release',
	'get_repo_action_job_log_preview',
	'get_repo_action_run',
	'get_repo_action_variable',
	'get_repo_action_workflow',
	'get_repo_label',
	'get_repository_tree',
	'get_tag',
	'get_user_orgs',
	'get_wiki_page',
	'get_wiki_revisions',
	'issue_read',
	'label_read',
	'list_branches',
	'list_commits',
	'list_issues',
	'list_milestones',
	'list_my_repos',
	'list_org_action_secrets',
	'list_org_action_variables',
	'list_org_labels',
	'list_org_repos',
	'list_pull_request_review_comments',
	'list_pull_request_reviews',
	'list_pull_requests',
	'list_releases',
	'list_repo_action_jobs',
	'list_repo_action_run_jobs',
	'list_repo_action_runs',
	'list_repo_action_secrets',
	'list_repo_action_variables',
	'list_repo_action_workflows',
	'list_repo_commits',
	'list_repo_issues',
	'list_repo_labels',
	'list_repo_pull_requests',
	'list_repo_times',
	'list_tags',
	'list_tracked_times',
	'list_wiki_pages',
	'milestone_read',
	'pull_request_read',
	'search_issues',
	'search_org_teams',
	'search_repos',
	'search_users',
	'timetracking_read',
	'wiki_read',
];

const KNOWN_READ_ONLY = new Set([...KUBERNETES_MCP_READ_ONLY_TOOLS, ...GITEA_MCP_READ_ONLY_TOOLS]);

/** Separators a gateway puts between its prefix and a server's tool name (`k8s_pods_get`, `k8s.pods_get`, `k8s/pods_get`). */
const GATEWAY_SEPARATORS = ['_', '.', '/', '-', ':'];

/**
 * `knownReadOnly`: the name a server lists is a known read-only tool, exactly (ASCII, same case:
 * a look-alike is not the tool), or one behind a gateway prefix. Returns the prefix, empty when
 * there is none, for the caller to check on its own; undefined when the tool is not known.
 */
export function knownReadOnlyPrefix(serverName: string): string | undefined {
	if (KNOWN_READ_ONLY.has(serverName)) return '';
	if (serverName.length > MAX_TOOL_NAME_LENGTH) return undefined;
	for (const separator of GATEWAY_SEPARATORS) {
		let at = serverName.indexOf(separator);
		while (at > 0) {
			if (KNOWN_READ_ONLY.has(serverName.slice(at + separator.length))) return serverName.slice(0, at);
			at = serverName.indexOf(separator, at + 1);
		}
	}
	return undefined;
}
