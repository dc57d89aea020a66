import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { mcpServerApiTest } from '../McpClient/methods';
import { clusterReportCredentials, clusterReportProperties, operationSubtitle } from './description';
import { executeClusterReport } from './execute';

export class ClusterReport implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Cluster Report',
		name: 'clusterReport',
		icon: { light: 'file:report.svg', dark: 'file:report.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle,
		description: 'Turn Kubernetes MCP server output (or tables of your own) into a report with a verdict, a headline and tables, and an email; check MCP servers',
		defaults: { name: 'Cluster Report' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: clusterReportCredentials,
		properties: clusterReportProperties,
	};

	methods = { credentialTest: { mcpServerApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeClusterReport.call(this);
	}
}
