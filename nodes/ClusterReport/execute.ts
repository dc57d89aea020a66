import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { errorItemJson } from '../adapters/errorItems';
import { healthReportFromMcpOutputs, renderReportEmail, reportDigest, ReportInputError } from '../shared/reports';
import { CLUSTER_REPORT_OPERATIONS, PARAMETER_LABELS, type ClusterReportOperation } from './description';

interface HealthOptions {
	busyNodePercent?: number;
	maxRows?: number;
	now?: string;
	title?: string;
}

const labelOf = (field: string) => PARAMETER_LABELS[field] ?? field;

function inputError(context: IExecuteFunctions, error: ReportInputError, itemIndex: number): NodeOperationError {
	const label = labelOf(error.field);
	return new NodeOperationError(context.getNode(), `${label}: ${error.message}`, {
		itemIndex,
		description: `Check the "${label}" parameter; no report was built from this item.`,
	});
}

const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && !value.trim());

/** A required MCP input; an empty one is a wiring mistake, not an empty cluster. */
function mcpInput(context: IExecuteFunctions, name: string, itemIndex: number, tool: string): unknown {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (isEmpty(value)) {
		throw new ReportInputError(name, `is empty: set it to the output of the MCP Client node that calls ${tool}, e.g. {{ $('<that node>').item.json }}`);
	}
	return value;
}

function reportTime(value: string | undefined): Date {
	if (!value?.trim()) return new Date();
	const time = new Date(value.trim());
	if (Number.isNaN(time.getTime())) throw new ReportInputError('now', `"${value}" is not a time: use ISO 8601, e.g. 2025-06-03T07:00:00Z`);
	return time;
}

async function healthReport(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = context.getNodeParameter('options', itemIndex, {}) as HealthOptions;
	const nodeUsage = context.getNodeParameter('nodeUsage', itemIndex, '') as unknown;
	const report = await healthReportFromMcpOutputs({
		pods: mcpInput(context, 'pods', itemIndex, 'pods_list'),
		events: mcpInput(context, 'events', itemIndex, 'events_list'),
		nodeUsage: isEmpty(nodeUsage) ? undefined : nodeUsage,
		namespaces: mcpInput(context, 'namespaces', itemIndex, 'namespaces_list'),
		windowHours: context.getNodeParameter('windowHours', itemIndex, 24) as number,
		now: reportTime(options.now),
		title: options.title,
		maxRows: options.maxRows,
		busyNodePercent: options.busyNodePercent,
	});
	// `digest`: the report as short plain text, what the workflow hands a model for a summary.
	return { ...report, digest: reportDigest(report) } as unknown as IDataObject;
}

async function renderEmail(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const report = context.getNodeParameter('report', itemIndex) as unknown;
	const summary = context.getNodeParameter('summary', itemIndex, '') as unknown;
	return (await renderReportEmail({
		report,
		summary,
		model: context.getNodeParameter('model', itemIndex, '') as string,
		title: context.getNodeParameter('title', itemIndex, '') as string,
	})) as unknown as IDataObject;
}

const operations: Record<ClusterReportOperation, (context: IExecuteFunctions, itemIndex: number) => Promise<IDataObject>> = {
	healthReport,
	renderEmail,
};

export async function executeClusterReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!(CLUSTER_REPORT_OPERATIONS as readonly string[]).includes(operation)) {
		throw new NodeOperationError(this.getNode(), `operation "${operation}" is not supported: expected one of ${CLUSTER_REPORT_OPERATIONS.join(', ')}`);
	}
	const run = operations[operation as ClusterReportOperation];
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			returnData.push({ json: await run(this, itemIndex), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError =
				error instanceof ReportInputError
					? inputError(this, error, itemIndex)
					: error instanceof NodeOperationError
						? error
						: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!this.continueOnFail()) throw nodeError;
			const details = error instanceof ReportInputError ? { code: 'invalid_parameter', parameter: labelOf(error.field) } : {};
			returnData.push({ json: errorItemJson(nodeError, details), pairedItem: { item: itemIndex } });
		}
	}
	return [returnData];
}
