/**
 * The tools kubernetes-mcp-server 0.0.67 lists with `--read-only` (toolsets core and config), copied
 * from its tools/list answer: names, titles, descriptions, input schemas, annotations and the RBAC
 * each needs (`_meta`). test/interop/fixture-mcp-server.test.ts checks they still match the binary.
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';

export const kubernetesMcpServerTools: Tool[] = [
	{
		name: 'configuration_view',
		title: 'Configuration: View',
		description: 'Get the current Kubernetes configuration content as a kubeconfig YAML',
		inputSchema: {
			type: 'object',
			properties: {
				minified: {
					type: 'boolean',
					description: 'Return a minified version of the configuration. If set to true, keeps only the current-context and the relevant pieces of the configuration for that context. If set to false, all contexts, clusters, auth-infos, and users are returned in the configuration. (Optional, default true)',
				},
			},
		},
		annotations: { title: 'Configuration: View', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: { 'io.kubernetes-mcp-server/rbac': { version: 'v1alpha1', none: {} } },
	},
	{
		name: 'events_list',
		title: 'Events: List',
		description: 'List Kubernetes events (warnings, errors, state changes) for debugging and troubleshooting in the current cluster from all namespaces',
		inputSchema: {
			type: 'object',
			properties: {
				fieldSelector: {
					type: 'string',
					description: "Optional Kubernetes field selector to filter events by field values (e.g. 'type=Warning', 'involvedObject.name=my-pod'). Supported fields: involvedObject.kind, involvedObject.name, involvedObject.namespace, involvedObject.uid, involvedObject.apiVersion, involvedObject.resourceVersion, involvedObject.fieldPath, reason, reportingComponent, source, type. See https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/",
					pattern: '^[.\\-A-Za-z0-9]+([=!,]{1,2}[./\\-A-Za-z0-9]+)+$',
				},
				namespace: {
					type: 'string',
					description: 'Optional Namespace to retrieve the events from. If not provided, will list events from all namespaces',
				},
			},
		},
		annotations: { title: 'Events: List', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['list'], target: { resource: { resource: 'events' } }, namespace: { argument: 'namespace' } },
					],
				},
			},
		},
	},
	{
		name: 'namespaces_list',
		title: 'Namespaces: List',
		description: 'List all the Kubernetes namespaces in the current cluster',
		inputSchema: {
			type: 'object',
			properties: {
				fieldSelector: {
					type: 'string',
					description: "Optional Kubernetes field selector to filter namespaces by field values (e.g. 'metadata.name=default', 'status.phase=Active'). Supported fields: metadata.name, status.phase. See https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/",
					pattern: '^[.\\-A-Za-z0-9]+([=!,]{1,2}[./\\-A-Za-z0-9]+)+$',
				},
			},
		},
		annotations: { title: 'Namespaces: List', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['list'], target: { resource: { resource: 'namespaces' } } },
					],
				},
			},
		},
	},
	{
		name: 'nodes_log',
		title: 'Node: Log',
		description: 'Get logs from a Kubernetes node (kubelet, kube-proxy, or other system logs). This accesses node logs through the Kubernetes API proxy to the kubelet',
		inputSchema: {
			type: 'object',
			properties: {
				name: { type: 'string', description: 'Name of the node to get logs from' },
				query: {
					type: 'string',
					description: 'query specifies services(s) or files from which to return logs (required). Example: "kubelet" to fetch kubelet logs, "/<log-file-name>" to fetch a specific log file from the node (e.g., "/var/log/kubelet.log" or "/var/log/kube-proxy.log")',
				},
				tailLines: {
					type: 'integer',
					description: 'Number of lines to retrieve from the end of the logs (Optional, 0 means all logs)',
					default: 100,
					minimum: 0,
				},
			},
			required: ['name', 'query'],
		},
		annotations: { title: 'Node: Log', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['get'], target: { resource: { resource: 'nodes' } }, resourceName: { argument: 'name' } },
						{
							verbs: ['get'],
							target: { resource: { resource: 'nodes', subresource: 'proxy' } },
							resourceName: { argument: 'name' },
						},
					],
				},
			},
		},
	},
	{
		name: 'nodes_stats_summary',
		title: 'Node: Stats Summary',
		description: "Get detailed resource usage statistics from a Kubernetes node via the kubelet's Summary API. Provides comprehensive metrics including CPU, memory, filesystem, and network usage at the node, pod, and container levels. On systems with cgroup v2 and kernel 4.20+, also includes PSI (Pressure Stall Information) metrics that show resource pressure for CPU, memory, and I/O. See https://kubernetes.io/docs/reference/instrumentation/understand-psi-metrics/ for details on PSI metrics",
		inputSchema: {
			type: 'object',
			properties: { name: { type: 'string', description: 'Name of the node to get stats from' } },
			required: ['name'],
		},
		annotations: { title: 'Node: Stats Summary', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['get'], target: { resource: { resource: 'nodes' } }, resourceName: { argument: 'name' } },
						{
							verbs: ['get'],
							target: { resource: { resource: 'nodes', subresource: 'proxy' } },
							resourceName: { argument: 'name' },
						},
					],
				},
			},
		},
	},
	{
		name: 'nodes_top',
		title: 'Nodes: Top',
		description: 'List the resource consumption (CPU and memory) as recorded by the Kubernetes Metrics Server for the specified Kubernetes Nodes or all nodes in the cluster',
		inputSchema: {
			type: 'object',
			properties: {
				label_selector: {
					type: 'string',
					description: "Kubernetes label selector (e.g. 'node-role.kubernetes.io/worker=') to filter nodes by label (Optional, only applicable when name is not provided)",
					pattern: '^([/_.\\-A-Za-z0-9=, ()!])+$',
				},
				name: {
					type: 'string',
					description: 'Name of the Node to get the resource consumption from (Optional, all Nodes if not provided)',
				},
			},
		},
		annotations: { title: 'Nodes: Top', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['get', 'list'], target: { resource: { apiGroup: 'metrics.k8s.io', resource: 'nodes' } } },
						{ verbs: ['list'], target: { resource: { resource: 'nodes' } } },
					],
				},
			},
		},
	},
	{
		name: 'pods_get',
		title: 'Pods: Get',
		description: 'Get a Kubernetes Pod in the current or provided namespace with the provided name',
		inputSchema: {
			type: 'object',
			properties: {
				name: { type: 'string', description: 'Name of the Pod' },
				namespace: { type: 'string', description: 'Namespace to get the Pod from' },
			},
			required: ['name'],
		},
		annotations: { title: 'Pods: Get', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{
							verbs: ['get'],
							target: { resource: { resource: 'pods' } },
							namespace: { argument: 'namespace' },
							resourceName: { argument: 'name' },
						},
					],
				},
			},
		},
	},
	{
		name: 'pods_list',
		title: 'Pods: List',
		description: 'List all the Kubernetes pods in the current cluster from all namespaces',
		inputSchema: {
			type: 'object',
			properties: {
				fieldSelector: {
					type: 'string',
					description: "Optional Kubernetes field selector to filter pods by field values (e.g. 'status.phase=Running', 'spec.nodeName=node1'). Supported fields: metadata.name, metadata.namespace, spec.nodeName, spec.restartPolicy, spec.schedulerName, spec.serviceAccountName, status.phase (Pending/Running/Succeeded/Failed/Unknown), status.podIP, status.nominatedNodeName. Note: CrashLoopBackOff is a container state, not a pod phase, so it cannot be filtered directly. See https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/",
					pattern: '^[.\\-A-Za-z0-9]+([=!,]{1,2}[./\\-A-Za-z0-9]+)+$',
				},
				labelSelector: {
					type: 'string',
					description: "Optional Kubernetes label selector (e.g. 'app=myapp,env=prod' or 'app in (myapp,yourapp)'), use this option when you want to filter the pods by label",
					pattern: '^([/_.\\-A-Za-z0-9=, ()!])+$',
				},
			},
		},
		annotations: { title: 'Pods: List', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['list'], target: { resource: { resource: 'pods' } }, namespace: { all: true } },
					],
				},
			},
		},
	},
	{
		name: 'pods_list_in_namespace',
		title: 'Pods: List in Namespace',
		description: 'List all the Kubernetes pods in the specified namespace in the current cluster',
		inputSchema: {
			type: 'object',
			properties: {
				fieldSelector: {
					type: 'string',
					description: "Optional Kubernetes field selector to filter pods by field values (e.g. 'status.phase=Running', 'spec.nodeName=node1'). Supported fields: metadata.name, metadata.namespace, spec.nodeName, spec.restartPolicy, spec.schedulerName, spec.serviceAccountName, status.phase (Pending/Running/Succeeded/Failed/Unknown), status.podIP, status.nominatedNodeName. Note: CrashLoopBackOff is a container state, not a pod phase, so it cannot be filtered directly. See https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/",
					pattern: '^[.\\-A-Za-z0-9]+([=!,]{1,2}[./\\-A-Za-z0-9]+)+$',
				},
				labelSelector: {
					type: 'string',
					description: "Optional Kubernetes label selector (e.g. 'app=myapp,env=prod' or 'app in (myapp,yourapp)'), use this option when you want to filter the pods by label",
					pattern: '^([/_.\\-A-Za-z0-9=, ()!])+$',
				},
				namespace: { type: 'string', description: 'Namespace to list pods from' },
			},
			required: ['namespace'],
		},
		annotations: {
			title: 'Pods: List in Namespace',
			readOnlyHint: true,
			destructiveHint: false,
			idempotentHint: false,
			openWorldHint: true,
		},
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['list'], target: { resource: { resource: 'pods' } }, namespace: { argument: 'namespace' } },
					],
				},
			},
		},
	},
	{
		name: 'pods_log',
		title: 'Pods: Log',
		description: 'Get the logs of a Kubernetes Pod in the current or provided namespace with the provided name',
		inputSchema: {
			type: 'object',
			properties: {
				container: { type: 'string', description: 'Name of the Pod container to get the logs from (Optional)' },
				name: { type: 'string', description: 'Name of the Pod to get the logs from' },
				namespace: { type: 'string', description: 'Namespace to get the Pod logs from' },
				previous: { type: 'boolean', description: 'Return previous terminated container logs (Optional)' },
				tail: {
					type: 'integer',
					description: 'Number of lines to retrieve from the end of the logs (Optional, default: 100)',
					default: 100,
					minimum: 0,
				},
			},
			required: ['name'],
		},
		annotations: { title: 'Pods: Log', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{
							verbs: ['get'],
							target: { resource: { resource: 'pods' } },
							namespace: { argument: 'namespace' },
							resourceName: { argument: 'name' },
						},
						{
							verbs: ['get'],
							target: { resource: { resource: 'pods', subresource: 'log' } },
							namespace: { argument: 'namespace' },
							resourceName: { argument: 'name' },
						},
					],
				},
			},
		},
	},
	{
		name: 'pods_top',
		title: 'Pods: Top',
		description: 'List the resource consumption (CPU and memory) as recorded by the Kubernetes Metrics Server for the specified Kubernetes Pods in the all namespaces, the provided namespace, or the current namespace',
		inputSchema: {
			type: 'object',
			properties: {
				all_namespaces: {
					type: 'boolean',
					description: 'If true, list the resource consumption for all Pods in all namespaces. If false, list the resource consumption for Pods in the provided namespace or the current namespace',
					default: true,
				},
				label_selector: {
					type: 'string',
					description: "Kubernetes label selector (e.g. 'app=myapp,env=prod' or 'app in (myapp,yourapp)'), use this option when you want to filter the pods by label (Optional, only applicable when name is not provided)",
					pattern: '^([/_.\\-A-Za-z0-9=, ()!])+$',
				},
				name: {
					type: 'string',
					description: 'Name of the Pod to get the resource consumption from (Optional, all Pods in the namespace if not provided)',
				},
				namespace: {
					type: 'string',
					description: 'Namespace to get the Pods resource consumption from (Optional, current namespace if not provided and all_namespaces is false)',
				},
			},
		},
		annotations: { title: 'Pods: Top', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{
							verbs: ['get', 'list'],
							target: { resource: { apiGroup: 'metrics.k8s.io', resource: 'pods' } },
							namespace: { all: true },
						},
					],
				},
			},
		},
	},
	{
		name: 'projects_list',
		title: 'Projects: List',
		description: 'List all the OpenShift projects in the current cluster',
		inputSchema: { type: 'object', properties: {} },
		annotations: { title: 'Projects: List', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{ verbs: ['list'], target: { resource: { apiGroup: 'project.openshift.io', resource: 'projects' } } },
					],
				},
			},
		},
	},
	{
		name: 'resources_get',
		title: 'Resources: Get',
		description: 'Get a Kubernetes resource in the current cluster by providing its apiVersion, kind, optionally the namespace, and its name\n(common apiVersion and kind include: v1 Pod, v1 Service, v1 Node, apps/v1 Deployment, networking.k8s.io/v1 Ingress, route.openshift.io/v1 Route)',
		inputSchema: {
			type: 'object',
			properties: {
				apiVersion: {
					type: 'string',
					description: 'apiVersion of the resource (examples of valid apiVersion are: v1, apps/v1, networking.k8s.io/v1)',
				},
				kind: { type: 'string', description: 'kind of the resource (examples of valid kind are: Pod, Service, Deployment, Ingress)' },
				name: { type: 'string', description: 'Name of the resource' },
				namespace: {
					type: 'string',
					description: 'Optional Namespace to retrieve the namespaced resource from (ignored in case of cluster scoped resources). If not provided, will get resource from configured namespace',
				},
			},
			required: ['apiVersion', 'kind', 'name'],
		},
		annotations: { title: 'Resources: Get', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{
							verbs: ['get'],
							target: { gvk: { apiVersionArgument: 'apiVersion', kindArgument: 'kind' } },
							namespace: { argument: 'namespace' },
							resourceName: { argument: 'name' },
						},
					],
				},
			},
		},
	},
	{
		name: 'resources_list',
		title: 'Resources: List',
		description: 'List Kubernetes resources and objects in the current cluster by providing their apiVersion and kind and optionally the namespace and label selector\n(common apiVersion and kind include: v1 Pod, v1 Service, v1 Node, apps/v1 Deployment, networking.k8s.io/v1 Ingress, route.openshift.io/v1 Route)',
		inputSchema: {
			type: 'object',
			properties: {
				apiVersion: {
					type: 'string',
					description: 'apiVersion of the resources (examples of valid apiVersion are: v1, apps/v1, networking.k8s.io/v1)',
				},
				fieldSelector: {
					type: 'string',
					description: "Optional Kubernetes field selector to filter resources by field values (e.g. 'status.phase=Running', 'metadata.name=myresource'). Supported fields vary by resource type. For Pods: metadata.name, metadata.namespace, spec.nodeName, spec.restartPolicy, spec.schedulerName, spec.serviceAccountName, status.phase (Pending/Running/Succeeded/Failed/Unknown), status.podIP, status.nominatedNodeName. See https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/",
					pattern: '^[.\\-A-Za-z0-9]+([=!,]{1,2}[./\\-A-Za-z0-9]+)+$',
				},
				kind: {
					type: 'string',
					description: 'kind of the resources (examples of valid kind are: Pod, Service, Deployment, Ingress)',
				},
				labelSelector: {
					type: 'string',
					description: "Optional Kubernetes label selector (e.g. 'app=myapp,env=prod' or 'app in (myapp,yourapp)'), use this option when you want to filter the resources by label",
					pattern: '^([/_.\\-A-Za-z0-9=, ()!])+$',
				},
				namespace: {
					type: 'string',
					description: 'Optional Namespace to retrieve the namespaced resources from (ignored in case of cluster scoped resources). If not provided, will list resources from all namespaces',
				},
			},
			required: ['apiVersion', 'kind'],
		},
		annotations: { title: 'Resources: List', readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: true },
		_meta: {
			'io.kubernetes-mcp-server/rbac': {
				version: 'v1alpha1',
				bounded: {
					requirements: [
						{
							verbs: ['list'],
							target: { gvk: { apiVersionArgument: 'apiVersion', kindArgument: 'kind' } },
							namespace: { argument: 'namespace' },
						},
					],
				},
			},
		},
	},
];
