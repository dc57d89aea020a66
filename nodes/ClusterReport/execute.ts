import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { errorItemJson } from '../adapters/errorItems';
import { ReportInputError } from '../shared/reports';
import { operationsByValue, REPORT_OPERATIONS } from './description';
import type { ReportOperation } from './operations/common';

function inputError(context: IExecuteFunctions, operation: ReportOperation, error: ReportInputError, itemIndex: number): NodeOperationError {
	const label = operation.labels[error.field] ?? error.field;
	return new NodeOperationError(context.getNode(), `${label}: ${error.message}`, {
		itemIndex,
		description: `Check the "${label}" parameter; no report was built from this item.`,
	});
}

/** Runs the chosen operation once per item; under Continue On Fail a failed item becomes `{ error, details }`. */
export async function executeClusterReport(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const value = this.getNodeParameter('operation', 0) as string;
	const operation = operationsByValue.get(value);
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `operation "${value}" is not supported: expected one of ${REPORT_OPERATIONS.map((known) => known.value).join(', ')}`);
	}
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
		try {
			returnData.push({ json: await operation.run(this, itemIndex), pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError =
				error instanceof ReportInputError
					? inputError(this, operation, error, itemIndex)
					: error instanceof NodeOperationError
						? error
						: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!this.continueOnFail()) throw nodeError;
			const details = error instanceof ReportInputError ? { code: 'invalid_parameter', parameter: operation.labels[error.field] ?? error.field } : {};
			returnData.push({ json: errorItemJson(nodeError, details), pairedItem: { item: itemIndex } });
		}
	}
	return [returnData];
}
