import type { INodeProperties } from 'n8n-workflow';
import { HEALTH_DEFAULTS } from '../shared/reports';

export const CLUSTER_REPORT_OPERATIONS = ['healthReport', 'renderEmail'] as const;
export type ClusterReportOperation = (typeof CLUSTER_REPORT_OPERATIONS)[number];

/** Parameter labels by the core's input names, so an input error names what the user sees. */
export const PARAMETER_LABELS: Record<string, string> = {
	pods: 'Pods',
	events: 'Warning Events',
	nodeUsage: 'Node Usage',
	namespaces: 'Namespaces',
	windowHours: 'Window (Hours)',
	maxRows: 'Max Rows per Table',
	busyNodePercent: 'Busy Node Threshold (%)',
	now: 'Report Time',
	report: 'Report',
	summary: 'Model Summary',
};

const healthOnly = { show: { operation: ['healthReport'] } };
const renderOnly = { show: { operation: ['renderEmail'] } };

const mcpInput = (name: string, tool: string, defaultNode: string, extra: string): INodeProperties => ({
	displayName: PARAMETER_LABELS[name],
	name,
	type: 'json',
	default: `={{ $('${defaultNode}').item.json }}`,
	description: `The output of an MCP Client node calling ${tool}: its item, or the list itself. ${extra}`,
	displayOptions: healthOnly,
});

export const clusterReportProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Health Report',
				value: 'healthReport',
				action: 'Build a cluster health report',
				description: 'Turn MCP output (pods, Warning events, node usage, namespaces) into a verdict, a headline and tables, worst first',
			},
			{
				name: 'Render Email',
				value: 'renderEmail',
				action: 'Render a report as an email',
				description: 'A subject, an HTML body with inline styles and a plain-text body; an optional model summary is shown as untrusted text',
			},
		],
		default: 'healthReport',
	},

	// Health Report
	{
		...mcpInput('pods', 'pods_list', 'List pods', 'An error item (the tool failed or is not offered) becomes a note in the report.'),
		required: true,
	},
	{
		...mcpInput('events', 'events_list (fieldSelector type=Warning)', 'List warning events', 'An error item becomes a note.'),
		required: true,
	},
	mcpInput('nodeUsage', 'nodes_top', 'Node usage', 'Optional: leave empty for a report without node usage. When the server does not offer nodes_top, the report says so.'),
	{
		...mcpInput('namespaces', 'namespaces_list (or projects_list)', 'List namespaces', 'An error item becomes a note.'),
		required: true,
	},
	{
		displayName: PARAMETER_LABELS.windowHours,
		name: 'windowHours',
		type: 'number',
		typeOptions: { minValue: 0.25, numberPrecision: 2 },
		default: HEALTH_DEFAULTS.windowHours,
		description: 'Warning events and container restarts older than this are not reported',
		displayOptions: healthOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: healthOnly,
		options: [
			{
				displayName: PARAMETER_LABELS.busyNodePercent,
				name: 'busyNodePercent',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: HEALTH_DEFAULTS.busyNodePercent,
				description: 'A node using this much of its allocatable CPU or memory counts as busy',
			},
			{
				displayName: PARAMETER_LABELS.maxRows,
				name: 'maxRows',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: HEALTH_DEFAULTS.maxRows,
				description: 'Rows beyond this (the least bad ones) are counted, not shown',
			},
			{
				displayName: PARAMETER_LABELS.now,
				name: 'now',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2025-06-03T07:00:00Z',
				description: 'The time the report describes (ISO 8601); empty means now',
			},
			{
				displayName: 'Title',
				name: 'title',
				type: 'string',
				default: HEALTH_DEFAULTS.title,
			},
		],
	},

	// Render Email
	{
		displayName: PARAMETER_LABELS.report,
		name: 'report',
		type: 'json',
		default: '={{ $json }}',
		required: true,
		description: 'The output of the Health Report operation',
		displayOptions: renderOnly,
	},
	{
		displayName: PARAMETER_LABELS.summary,
		name: 'summary',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Optional text from a model, e.g. the LiteLLM Agent’s answer. Shown apart from the facts, escaped; it never changes the verdict or the tables.',
		displayOptions: renderOnly,
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'string',
		default: '',
		description: 'Which model wrote the summary, shown beside it',
		displayOptions: renderOnly,
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
		description: 'The email’s title; empty means the report’s own title',
		displayOptions: renderOnly,
	},
];
