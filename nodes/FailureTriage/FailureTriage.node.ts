import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { mcpServerApiTest } from '../McpClient/methods';
import { failureTriageProperties } from './description';
import { executeFailureTriage } from './execute';

export class FailureTriage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Failure Triage',
		name: 'failureTriage',
		icon: { light: 'file:triage.svg', dark: 'file:triage.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ { collect: "Collect and Analyse", analyse: "Analyse Log", render: "Render Report" }[$parameter["operation"]] }}',
		description: 'Turn a failed pod or Tekton run into evidence, a redacted digest, a fingerprint and a rendered issue and email',
		defaults: { name: 'Failure Triage' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mcpServerApi', required: true, testedBy: 'mcpServerApiTest', displayOptions: { show: { operation: ['collect'] } } }],
		properties: failureTriageProperties,
	};

	methods = { credentialTest: { mcpServerApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return executeFailureTriage.call(this);
	}
}
