/**
 * The report operations that read MCP Client output: each is a list of inputs (expressions that
 * default to the shipped workflow's node names), a few numeric settings, and one core builder.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_ROWS, reportDigest, ReportInputError, type Report, type ReportOptions } from '../../shared/reports';
import { isEmpty, maxRowsOption, reportTime, reportTimeOption, titleOption, type ReportOperation } from './common';

export interface McpInputSpec {
	/** The core's input name, also the parameter's. */
	name: string;
	label: string;
	/** What the MCP Client node calls, for the description and the empty-input error. */
	tool: string;
	/** The MCP Client node of the shipped workflow the default expression reads. */
	node: string;
	required?: boolean;
	/** Read every item of that node (one call per namespace, say), not just the paired one. */
	allItems?: boolean;
	help?: string;
}

export interface SettingSpec {
	name: string;
	label: string;
	default: number;
	min?: number;
	max?: number;
	description: string;
}

export interface McpReportSpec {
	value: string;
	name: string;
	action: string;
	description: string;
	defaultTitle: string;
	inputs: McpInputSpec[];
	settings?: SettingSpec[];
	/** Other parameters, read by `build` itself. */
	properties?: INodeProperties[];
	/** Whether Max Rows per Table applies (not where the report has its own top N). */
	limitsRows?: boolean;
	/** At least one of the inputs must be given when none is required on its own. */
	needsOneOf?: string[];
	build(inputs: Record<string, unknown>, options: ReportOptions & Record<string, unknown>, context: IExecuteFunctions, itemIndex: number): Report | Promise<Report>;
}

const defaultExpression = (input: McpInputSpec) =>
	input.allItems ? `={{ $('${input.node}').all().map(item => item.json) }}` : `={{ $('${input.node}').item.json }}`;

function inputProperty(input: McpInputSpec): INodeProperties {
	const shape = input.allItems ? 'its items (one per call), one item, or the list itself' : 'its item, or the list itself';
	const when = input.required
		? 'An error item (the tool failed or is not offered) becomes a note in the report.'
		: `Optional, e.g. ${defaultExpression(input).slice(1)}; empty leaves it out. An error item becomes a note.`;
	return {
		displayName: input.label,
		name: input.name,
		type: 'json',
		// Optional inputs start empty: an expression naming a node the workflow lacks would fail the run.
		default: input.required ? defaultExpression(input) : '',
		required: input.required ?? false,
		description: `The output of an MCP Client node calling ${input.tool}: ${shape}. ${when}${input.help ? ` ${input.help}` : ''}`,
	};
}

function settingProperty(setting: SettingSpec): INodeProperties {
	return {
		displayName: setting.label,
		name: setting.name,
		type: 'number',
		typeOptions: { ...(setting.min !== undefined ? { minValue: setting.min } : {}), ...(setting.max !== undefined ? { maxValue: setting.max } : {}), numberPrecision: 2 },
		default: setting.default,
		description: setting.description,
	};
}

export function mcpReportOperation(spec: McpReportSpec): ReportOperation {
	const labels: Record<string, string> = { now: 'Report Time', maxRows: 'Max Rows per Table', title: 'Title' };
	for (const input of spec.inputs) labels[input.name] = input.label;
	for (const setting of spec.settings ?? []) labels[setting.name] = setting.label;
	for (const property of spec.properties ?? []) labels[property.name] = property.displayName;

	const readInput = (context: IExecuteFunctions, input: McpInputSpec, itemIndex: number): unknown => {
		const value = context.getNodeParameter(input.name, itemIndex, '') as unknown;
		if (!isEmpty(value)) return value;
		if (input.required) {
			throw new ReportInputError(input.name, `is empty: set it to the output of the MCP Client node that calls ${input.tool}, e.g. ${defaultExpression(input).slice(1)}`);
		}
		return undefined;
	};

	return {
		value: spec.value,
		name: spec.name,
		action: spec.action,
		description: spec.description,
		labels,
		properties: [
			...spec.inputs.map(inputProperty),
			...(spec.properties ?? []),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [...(spec.settings ?? []).map(settingProperty), ...(spec.limitsRows === false ? [] : [maxRowsOption(DEFAULT_MAX_ROWS)]), reportTimeOption, titleOption(spec.defaultTitle)],
			},
		],
		async run(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			const { now, ...options } = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
			const inputs: Record<string, unknown> = {};
			for (const input of spec.inputs) inputs[input.name] = readInput(context, input, itemIndex);
			if (spec.needsOneOf && spec.needsOneOf.every((name) => inputs[name] === undefined)) {
				const others = spec.needsOneOf.slice(1).map((name) => labels[name]);
				throw new ReportInputError(spec.needsOneOf[0], `is empty, and so is ${others.join(' and ')}: give at least one of them`);
			}
			const report = await spec.build(inputs, { ...options, now: reportTime(now as string | undefined) }, context, itemIndex);
			// `digest`: the report as short plain text, what a workflow hands a model for a summary.
			return { ...report, digest: reportDigest(report) } as unknown as IDataObject;
		},
	};
}
