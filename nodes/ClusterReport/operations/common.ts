/** What every Cluster Report operation is made of, and the parameter readers they share. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ReportInputError } from '../../shared/reports';

export interface ReportOperation {
	/** The `operation` parameter's value. */
	value: string;
	name: string;
	action: string;
	description: string;
	/** The operation's parameters; the node shows them only for this operation. */
	properties: INodeProperties[];
	/** Parameter labels by the core's input names, so that an input error names what the user sees. */
	labels: Record<string, string>;
	run(context: IExecuteFunctions, itemIndex: number): Promise<IDataObject>;
}

export const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && !value.trim());

/** The time a report describes: the Report Time option, or now. */
export function reportTime(value: string | undefined): Date {
	if (!value?.trim()) return new Date();
	const time = new Date(value.trim());
	if (Number.isNaN(time.getTime())) throw new ReportInputError('now', `"${value}" is not a time: use ISO 8601, e.g. 2025-06-03T07:00:00Z`);
	return time;
}

export const reportTimeOption: INodeProperties = {
	displayName: 'Report Time',
	name: 'now',
	type: 'string',
	default: '',
	placeholder: 'e.g. 2025-06-03T07:00:00Z',
	description: 'The time the report describes (ISO 8601); empty means now',
};

export const maxRowsOption = (defaultRows: number): INodeProperties => ({
	displayName: 'Max Rows per Table',
	name: 'maxRows',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: defaultRows,
	description: 'Rows beyond this (the least bad ones) are counted, not shown',
});

export const titleOption = (defaultTitle: string): INodeProperties => ({ displayName: 'Title', name: 'title', type: 'string', default: defaultTitle });
