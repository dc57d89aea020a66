/**
 * The operations library's reports, one operation each: which MCP Client outputs it reads (by the
 * shipped workflows' node names), its settings, and the core builder it calls.
 */
import {
	DEPLOYMENTS_DEFAULTS,
	deploymentsReport,
	EVENT_ANOMALY_DEFAULTS,
	eventAnomaliesReport,
	HELM_DEFAULTS,
	helmReport,
	NAMESPACE_INVENTORY_DEFAULTS,
	namespaceInventoryReport,
	NODE_CAPACITY_DEFAULTS,
	nodeCapacityReport,
	OPERATORS_DEFAULTS,
	operatorsReport,
	POD_STATUS_DEFAULTS,
	POD_USAGE_DEFAULTS,
	podStatusReport,
	podUsageReport,
	PVC_DEFAULTS,
	pvcReport,
	QUOTA_DEFAULTS,
	quotasReport,
	ReportInputError,
	TEST_SUITE_DEFAULTS,
	testSuiteReport,
	TLS_DEFAULTS,
	tlsReport,
	type ReportOptions,
} from '../../shared/reports';
import { mcpReportOperation } from './mcpReport';

type Options = ReportOptions & Record<string, unknown>;
const numberOf = (options: Options, name: string) => options[name] as number | undefined;

/** Namespaces written as `a, b` or one per line, or given as an array by an expression. */
function namespaceList(value: unknown): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
	throw new ReportInputError('namespaceNames', `expected namespace names, comma-separated, got a ${typeof value}`);
}

export const podStatus = mcpReportOperation({
	value: 'podStatus',
	name: 'Pod Status',
	action: 'Report pod status by namespace',
	description: 'Every pod of some namespaces with its kubectl-style status, the ones that need attention first (pods_list_in_namespace)',
	defaultTitle: POD_STATUS_DEFAULTS.title,
	inputs: [{ name: 'pods', label: 'Pods', tool: 'pods_list_in_namespace', node: 'List pods in namespace', required: true, allItems: true }],
	properties: [
		{
			displayName: 'Namespaces',
			name: 'namespaceNames',
			type: 'string',
			default: '',
			placeholder: 'e.g. shop, data',
			description: 'The namespaces asked for, so that one without pods still gets its row (comma-separated)',
		},
	],
	settings: [{ name: 'windowHours', label: 'Window (Hours)', default: POD_STATUS_DEFAULTS.windowHours, min: 0.25, description: 'Restarts older than this are not a problem' }],
	build: (inputs, options, context, itemIndex) =>
		podStatusReport({ ...options, windowHours: numberOf(options, 'windowHours'), pods: inputs.pods, namespaces: namespaceList(context.getNodeParameter('namespaceNames', itemIndex, '')) }),
});

export const deploymentRollout = mcpReportOperation({
	value: 'deploymentRollout',
	name: 'Deployment Rollout',
	action: 'Report deployment rollout status',
	description: 'Desired, ready, updated and available replicas of every Deployment and the state of its rollout (resources_list apps/v1 Deployment)',
	defaultTitle: DEPLOYMENTS_DEFAULTS.title,
	inputs: [{ name: 'deployments', label: 'Deployments', tool: 'resources_list (apiVersion apps/v1, kind Deployment)', node: 'List deployments', required: true }],
	build: (inputs, options) => deploymentsReport({ ...options, deployments: inputs.deployments }),
});

export const quotaUsage = mcpReportOperation({
	value: 'quotaUsage',
	name: 'Quota Usage',
	action: 'Report resource quota usage',
	description: 'Used against hard for every resource of every ResourceQuota, in percent; high and used-up ones flagged (resources_list v1 ResourceQuota)',
	defaultTitle: QUOTA_DEFAULTS.title,
	inputs: [{ name: 'quotas', label: 'Resource Quotas', tool: 'resources_list (apiVersion v1, kind ResourceQuota)', node: 'List resource quotas', required: true }],
	settings: [{ name: 'thresholdPercent', label: 'Flag From (%)', default: QUOTA_DEFAULTS.thresholdPercent, min: 1, max: 100, description: 'Usage from which a resource is flagged; 100% is always critical' }],
	build: (inputs, options) => quotasReport({ ...options, thresholdPercent: numberOf(options, 'thresholdPercent'), quotas: inputs.quotas }),
});

export const helmReleases = mcpReportOperation({
	value: 'helmReleases',
	name: 'Helm Releases',
	action: 'Audit Helm releases',
	description: 'Each Helm release’s latest revision, chart, app version and status; says so when the server’s helm toolset is off (helm_list)',
	defaultTitle: HELM_DEFAULTS.title,
	inputs: [{ name: 'releases', label: 'Helm Releases', tool: 'helm_list (all_namespaces true)', node: 'List Helm releases', required: true }],
	settings: [{ name: 'staleDays', label: 'Stale After (Days)', default: HELM_DEFAULTS.staleDays, min: 1, description: 'Releases not deployed for this long are counted in a note' }],
	build: (inputs, options) => helmReport({ ...options, staleDays: numberOf(options, 'staleDays'), releases: inputs.releases }),
});

export const tlsExpiry = mcpReportOperation({
	value: 'tlsExpiry',
	name: 'TLS Expiry',
	action: 'Report TLS certificate expiry',
	description: 'Certificates of TLS Ingresses (from their Secrets) and Routes with their end dates; expired and soon-expiring ones flagged',
	defaultTitle: TLS_DEFAULTS.title,
	inputs: [
		{ name: 'ingresses', label: 'Ingresses', tool: 'resources_list (apiVersion networking.k8s.io/v1, kind Ingress)', node: 'List ingresses', required: true },
		{ name: 'routes', label: 'Routes', tool: 'resources_list (apiVersion route.openshift.io/v1, kind Route)', node: 'List routes', help: 'On a cluster without OpenShift the report notes that Routes are not served.' },
		{
			name: 'secrets',
			label: 'TLS Secrets',
			tool: 'resources_list (apiVersion v1, kind Secret, fieldSelector type=kubernetes.io/tls)',
			node: 'List TLS secrets',
			help: 'Only tls.crt is read; the keys never reach the report.',
		},
	],
	settings: [{ name: 'warnDays', label: 'Warn Days', default: TLS_DEFAULTS.warnDays, min: 0, description: 'Certificates that end within this many days are flagged' }],
	build: (inputs, options) => tlsReport({ ...options, warnDays: numberOf(options, 'warnDays'), ingresses: inputs.ingresses, routes: inputs.routes, secrets: inputs.secrets }),
});

export const eventAnomalies = mcpReportOperation({
	value: 'eventAnomalies',
	name: 'Event Anomalies',
	action: 'Detect Warning event spikes',
	description: 'Warning events of a window grouped by reason and object; a reason far above its earlier rate is flagged (events_list)',
	defaultTitle: EVENT_ANOMALY_DEFAULTS.title,
	inputs: [{ name: 'events', label: 'Warning Events', tool: 'events_list (fieldSelector type=Warning)', node: 'List warning events', required: true }],
	settings: [
		{ name: 'windowHours', label: 'Window (Hours)', default: EVENT_ANOMALY_DEFAULTS.windowHours, min: 0.05, description: 'The recent period that is examined' },
		{ name: 'baselineHours', label: 'Baseline (Hours)', default: EVENT_ANOMALY_DEFAULTS.baselineHours, min: 0.05, description: 'The period before the window that gives each reason’s usual rate' },
		{ name: 'minEvents', label: 'Minimum Events', default: EVENT_ANOMALY_DEFAULTS.minEvents, min: 1, description: 'A reason needs at least this many events in the window to spike' },
		{ name: 'spikeFactor', label: 'Spike Factor', default: EVENT_ANOMALY_DEFAULTS.spikeFactor, min: 1, description: 'How many times its baseline rate a reason must reach' },
	],
	build: (inputs, options) =>
		eventAnomaliesReport({
			...options,
			windowHours: numberOf(options, 'windowHours'),
			baselineHours: numberOf(options, 'baselineHours'),
			minEvents: numberOf(options, 'minEvents'),
			spikeFactor: numberOf(options, 'spikeFactor'),
			events: inputs.events,
		}),
});

export const nodeCapacity = mcpReportOperation({
	value: 'nodeCapacity',
	name: 'Node Capacity',
	action: 'Report node capacity',
	description: 'Node usage from nodes_top against allocatable capacity, with readiness and pressure conditions of the Node objects (either is enough)',
	defaultTitle: NODE_CAPACITY_DEFAULTS.title,
	inputs: [
		{ name: 'nodeUsage', label: 'Node Usage', tool: 'nodes_top', node: 'Node usage' },
		{ name: 'nodes', label: 'Nodes', tool: 'resources_list (apiVersion v1, kind Node)', node: 'List nodes', help: 'Without node usage the report rests on these.' },
	],
	needsOneOf: ['nodeUsage', 'nodes'],
	settings: [{ name: 'busyNodePercent', label: 'Busy Node Threshold (%)', default: NODE_CAPACITY_DEFAULTS.busyNodePercent, min: 1, max: 100, description: 'A node using this much of its allocatable CPU or memory counts as busy' }],
	build: (inputs, options) => nodeCapacityReport({ ...options, busyNodePercent: numberOf(options, 'busyNodePercent'), nodeUsage: inputs.nodeUsage, nodes: inputs.nodes }),
});

export const podUsage = mcpReportOperation({
	value: 'podUsage',
	name: 'Pod Usage Top N',
	action: 'Report the pods using the most resources',
	description: 'The pods using the most CPU and memory (pods_top), with requests, limits and containers near their memory limit when the pods are given',
	defaultTitle: POD_USAGE_DEFAULTS.title,
	limitsRows: false,
	inputs: [
		{ name: 'podUsage', label: 'Pod Usage', tool: 'pods_top', node: 'Pod usage', required: true },
		{ name: 'pods', label: 'Pods', tool: 'pods_list', node: 'List pods', help: 'Adds requests and limits.' },
	],
	settings: [
		{ name: 'topN', label: 'Top N', default: POD_USAGE_DEFAULTS.topN, min: 1, max: 1000, description: 'Pods per table' },
		{ name: 'memoryLimitPercent', label: 'Memory Limit Warning (%)', default: POD_USAGE_DEFAULTS.memoryLimitPercent, min: 1, description: 'A container using this share of its memory limit is flagged' },
	],
	build: (inputs, options) => podUsageReport({ ...options, topN: numberOf(options, 'topN'), memoryLimitPercent: numberOf(options, 'memoryLimitPercent'), podUsage: inputs.podUsage, pods: inputs.pods }),
});

export const namespaceInventory = mcpReportOperation({
	value: 'namespaceInventory',
	name: 'Namespace Inventory',
	action: 'Report the namespaces',
	description: 'Every namespace with its status, owner annotations and pods (namespaces_list, or projects_list on OpenShift)',
	defaultTitle: NAMESPACE_INVENTORY_DEFAULTS.title,
	inputs: [
		{ name: 'namespaces', label: 'Namespaces', tool: 'namespaces_list', node: 'List namespaces', required: true },
		{ name: 'projects', label: 'Projects', tool: 'projects_list', node: 'List projects', help: 'OpenShift: adds display names and requesters, and stands in when namespaces may not be listed.' },
		{ name: 'pods', label: 'Pods', tool: 'pods_list', node: 'List pods', help: 'Adds pod counts.' },
	],
	build: (inputs, options) => namespaceInventoryReport({ ...options, namespaces: inputs.namespaces, projects: inputs.projects, pods: inputs.pods }),
});

export const pvcStorage = mcpReportOperation({
	value: 'pvcStorage',
	name: 'PVC Storage',
	action: 'Report persistent volume claims',
	description: 'Every claim’s phase, size and storage class, unbound ones first, and totals per storage class (resources_list v1 PersistentVolumeClaim)',
	defaultTitle: PVC_DEFAULTS.title,
	inputs: [
		{ name: 'claims', label: 'Claims', tool: 'resources_list (apiVersion v1, kind PersistentVolumeClaim)', node: 'List persistent volume claims', required: true },
		{ name: 'events', label: 'Claim Events', tool: 'events_list (fieldSelector involvedObject.kind=PersistentVolumeClaim)', node: 'List claim events', help: 'Says why a claim is Pending.' },
	],
	settings: [{ name: 'pendingMinutes', label: 'Pending Grace (Minutes)', default: PVC_DEFAULTS.pendingMinutes, min: 0, description: 'A claim Pending longer than this is flagged' }],
	build: (inputs, options) => pvcReport({ ...options, pendingMinutes: numberOf(options, 'pendingMinutes'), claims: inputs.claims, events: inputs.events }),
});

export const operatorHealth = mcpReportOperation({
	value: 'operatorHealth',
	name: 'Operator Health',
	action: 'Report OLM operator health',
	description: 'Phases of ClusterServiceVersions and states of Subscriptions from OLM (resources_list operators.coreos.com/v1alpha1)',
	defaultTitle: OPERATORS_DEFAULTS.title,
	inputs: [
		{ name: 'csvs', label: 'ClusterServiceVersions', tool: 'resources_list (apiVersion operators.coreos.com/v1alpha1, kind ClusterServiceVersion)', node: 'List ClusterServiceVersions', required: true },
		{ name: 'subscriptions', label: 'Subscriptions', tool: 'resources_list (apiVersion operators.coreos.com/v1alpha1, kind Subscription)', node: 'List subscriptions' },
	],
	build: (inputs, options) => operatorsReport({ ...options, csvs: inputs.csvs, subscriptions: inputs.subscriptions }),
});

export const clusterTestSuite = mcpReportOperation({
	value: 'clusterTestSuite',
	name: 'Cluster Test Suite',
	action: 'Run read-only cluster checks',
	description: 'Several read-only checks (API, nodes, metrics, pods, deployments, claims) as one PASS/FAIL table; checks without input are skipped',
	defaultTitle: TEST_SUITE_DEFAULTS.title,
	limitsRows: false,
	inputs: [
		{ name: 'namespaces', label: 'Namespaces', tool: 'namespaces_list', node: 'List namespaces' },
		{ name: 'nodes', label: 'Nodes', tool: 'resources_list (apiVersion v1, kind Node)', node: 'List nodes' },
		{ name: 'nodeUsage', label: 'Node Usage', tool: 'nodes_top', node: 'Node usage' },
		{ name: 'pods', label: 'Pods', tool: 'pods_list', node: 'List pods' },
		{ name: 'deployments', label: 'Deployments', tool: 'resources_list (apiVersion apps/v1, kind Deployment)', node: 'List deployments' },
		{ name: 'claims', label: 'Claims', tool: 'resources_list (apiVersion v1, kind PersistentVolumeClaim)', node: 'List persistent volume claims' },
	],
	settings: [
		{ name: 'windowHours', label: 'Window (Hours)', default: TEST_SUITE_DEFAULTS.windowHours, min: 0.25, description: 'An OOM kill older than this does not fail the pod check' },
		{ name: 'pendingMinutes', label: 'Pending Grace (Minutes)', default: TEST_SUITE_DEFAULTS.pendingMinutes, min: 0, description: 'A claim Pending longer than this fails the claim check' },
	],
	build: (inputs, options) => testSuiteReport({ ...options, windowHours: numberOf(options, 'windowHours'), pendingMinutes: numberOf(options, 'pendingMinutes'), ...inputs }),
});
