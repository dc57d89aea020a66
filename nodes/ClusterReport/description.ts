/** The node's parameters: the Operation choice, then each operation's own parameters shown only for it. */
import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';
import type { ReportOperation } from './operations/common';
import { healthReport } from './operations/healthReport';
import { mcpServerStatus } from './operations/mcpServerStatus';
import {
	clusterTestSuite,
	deploymentRollout,
	eventAnomalies,
	helmReleases,
	namespaceInventory,
	nodeCapacity,
	operatorHealth,
	podStatus,
	podUsage,
	pvcStorage,
	quotaUsage,
	tlsExpiry,
} from './operations/monitoring';
import { renderEmail } from './operations/renderEmail';
import { tableReport } from './operations/tableReport';

/** Every operation, in the order the Operation list shows them (n8n's linter wants them alphabetical). */
export const REPORT_OPERATIONS: ReportOperation[] = [
	clusterTestSuite,
	deploymentRollout,
	eventAnomalies,
	healthReport,
	helmReleases,
	mcpServerStatus,
	namespaceInventory,
	nodeCapacity,
	operatorHealth,
	podStatus,
	podUsage,
	pvcStorage,
	quotaUsage,
	renderEmail,
	tableReport,
	tlsExpiry,
];

/** Only MCP Server Status connects to a server itself; the other operations read what MCP Client nodes returned. */
export const clusterReportCredentials: INodeCredentialDescription[] = [
	{ name: 'mcpServerApi', required: true, testedBy: 'mcpServerApiTest', displayOptions: { show: { operation: [mcpServerStatus.value] } } },
];

export const operationsByValue = new Map(REPORT_OPERATIONS.map((operation) => [operation.value, operation]));

function shownFor(operation: ReportOperation, property: INodeProperties): INodeProperties {
	const show = { ...property.displayOptions?.show, operation: [operation.value] };
	return { ...property, displayOptions: { ...property.displayOptions, show } };
}

export const clusterReportProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: REPORT_OPERATIONS.map(({ name, value, action, description }) => ({ name, value, action, description })),
		default: healthReport.value,
	},
	...REPORT_OPERATIONS.flatMap((operation) => operation.properties.map((property) => shownFor(operation, property))),
];

/** `{ healthReport: "Health Report", … }` as the expression n8n shows under the node's name. */
export const operationSubtitle = `={{ ${JSON.stringify(Object.fromEntries(REPORT_OPERATIONS.map((operation) => [operation.value, operation.name])))}[$parameter["operation"]] }}`;
