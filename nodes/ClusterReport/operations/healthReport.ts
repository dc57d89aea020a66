/** Health Report: pods, Warning events, node usage and namespaces from four MCP Client nodes. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { HEALTH_DEFAULTS, healthReportFromMcpOutputs, reportDigest, ReportInputError } from '../../shared/reports';
import { isEmpty, maxRowsOption, reportTime, reportTimeOption, titleOption, type ReportOperation } from './common';

const labels: Record<string, string> = {
	pods: 'Pods',
	events: 'Warning Events',
	nodeUsage: 'Node Usage',
	namespaces: 'Namespaces',
	windowHours: 'Window (Hours)',
	maxRows: 'Max Rows per Table',
	busyNodePercent: 'Busy Node Threshold (%)',
	now: 'Report Time',
};

const mcpInput = (name: string, tool: string, defaultNode: string, extra: string): INodeProperties => ({
	displayName: labels[name],
	name,
	type: 'json',
	default: `={{ $('${defaultNode}').item.json }}`,
	description: `The output of an MCP Client node calling ${tool}: its item, or the list itself. ${extra}`,
});

/** A required MCP input; an empty one is a wiring mistake, not an empty cluster. */
function requiredInput(context: IExecuteFunctions, name: string, itemIndex: number, tool: string): unknown {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (isEmpty(value)) {
		throw new ReportInputError(name, `is empty: set it to the output of the MCP Client node that calls ${tool}, e.g. {{ $('<that node>').item.json }}`);
	}
	return value;
}

interface HealthOptions {
	busyNodePercent?: number;
	maxRows?: number;
	now?: string;
	title?: string;
}

export const healthReport: ReportOperation = {
	value: 'healthReport',
	name: 'Health Report',
	action: 'Build a cluster health report',
	description: 'Turn MCP output (pods, Warning events, node usage, namespaces) into a verdict, a headline and tables, worst first',
	labels,
	properties: [
		{ ...mcpInput('pods', 'pods_list', 'List pods', 'An error item (the tool failed or is not offered) becomes a note in the report.'), required: true },
		{ ...mcpInput('events', 'events_list (fieldSelector type=Warning)', 'List warning events', 'An error item becomes a note.'), required: true },
		mcpInput('nodeUsage', 'nodes_top', 'Node usage', 'Optional: leave empty for a report without node usage. When the server does not offer nodes_top, the report says so.'),
		{ ...mcpInput('namespaces', 'namespaces_list (or projects_list)', 'List namespaces', 'An error item becomes a note.'), required: true },
		{
			displayName: labels.windowHours,
			name: 'windowHours',
			type: 'number',
			typeOptions: { minValue: 0.25, numberPrecision: 2 },
			default: HEALTH_DEFAULTS.windowHours,
			description: 'Warning events and container restarts older than this are not reported',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: labels.busyNodePercent,
					name: 'busyNodePercent',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 100 },
					default: HEALTH_DEFAULTS.busyNodePercent,
					description: 'A node using this much of its allocatable CPU or memory counts as busy',
				},
				maxRowsOption(HEALTH_DEFAULTS.maxRows),
				reportTimeOption,
				titleOption(HEALTH_DEFAULTS.title),
			],
		},
	],
	async run(context, itemIndex) {
		const options = context.getNodeParameter('options', itemIndex, {}) as HealthOptions;
		const nodeUsage = context.getNodeParameter('nodeUsage', itemIndex, '') as unknown;
		const report = await healthReportFromMcpOutputs({
			pods: requiredInput(context, 'pods', itemIndex, 'pods_list'),
			events: requiredInput(context, 'events', itemIndex, 'events_list'),
			nodeUsage: isEmpty(nodeUsage) ? undefined : nodeUsage,
			namespaces: requiredInput(context, 'namespaces', itemIndex, 'namespaces_list'),
			windowHours: context.getNodeParameter('windowHours', itemIndex, 24) as number,
			now: reportTime(options.now),
			title: options.title,
			maxRows: options.maxRows,
			busyNodePercent: options.busyNodePercent,
		});
		// `digest`: the report as short plain text, what the workflow hands a model for a summary.
		return { ...report, digest: reportDigest(report) } as unknown as IDataObject;
	},
};
