/** The report operations' own parameters in n8n's engine: what they refuse and how, without a cluster. */
import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';
import { McpServerApi } from '../../../credentials/McpServerApi.credentials';
import { ClusterReport } from '../../../nodes/ClusterReport/ClusterReport.node';
import { objectsOf, resourcesListOutput } from '../../unit/reports/mcp-outputs';
import { unusedPort } from '../../support/mcp-test-server';
import { runWorkflow, type WorkflowJson } from '../../support/n8n-engine';

const nodeTypes = { 'n8n-nodes-mcp-devops.clusterReport': new ClusterReport() };

function workflow(parameters: INodeParameters, settings: Partial<INode> = {}): WorkflowJson {
	return {
		nodes: [
			{ id: 'start', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'report', name: 'Report', type: 'n8n-nodes-mcp-devops.clusterReport', typeVersion: 1, position: [220, 0], parameters, ...settings },
		],
		connections: { Start: { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
	};
}

const run = (parameters: INodeParameters, inputItems: IDataObject[] = [{}], settings: Partial<INode> = {}, url = 'http://127.0.0.1:9/mcp') =>
	runWorkflow({ workflow: workflow(parameters, settings), nodeTypes, inputItems, credentials: { mcpServerApi: { url, transport: 'auto', authentication: 'none', timeout: 5000 } }, credentialTypes: [new McpServerApi()] });

describe('Cluster Report: the operations library’s operations in n8n’s engine', () => {
	it('reads the list itself through an expression, and the settings from Options', async () => {
		const result = await run({ operation: 'quotaUsage', quotas: '={{ $json.quotas }}', options: { thresholdPercent: 50, title: 'Quotas <prod>', now: '2025-06-03T09:30:00Z' } }, [{ quotas: resourcesListOutput(objectsOf('ResourceQuota')) }] as unknown as IDataObject[]);
		const [report] = result.outputOf('Report').map((item) => item.json);
		expect(report).toMatchObject({ kind: 'quotas', title: 'Quotas <prod>', generatedAt: '2025-06-03T09:30:00.000Z', counts: { full: 1, high: 5 } });
		expect(report.digest).toContain('Quota usage (9)');
	});

	it.each([
		['an empty required input', { operation: 'deploymentRollout', deployments: '' }, "Deployments: is empty: set it to the output of the MCP Client node that calls resources_list (apiVersion apps/v1, kind Deployment), e.g. {{ $('List deployments').item.json }}"],
		['neither of two inputs', { operation: 'nodeCapacity', nodeUsage: '', nodes: '' }, 'Node Usage: is empty, and so is Nodes: give at least one of them'],
		['a setting out of range', { operation: 'quotaUsage', quotas: '={{ [] }}', options: { thresholdPercent: 120 } }, 'Flag From (%): must be a number from 1 to 100, got 120'],
		['objects of another kind', { operation: 'pvcStorage', claims: '={{ $json.pods }}' }, 'Claims: expected PersistentVolumeClaim objects from resources_list, but item 1 is a Pod'],
		['namespaces that are not names', { operation: 'podStatus', pods: '={{ [] }}', namespaceNames: '={{ 42 }}' }, 'Namespaces: expected namespace names, comma-separated, got a number'],
	])('stops with an error naming the parameter: %s', async (_case, parameters, message) => {
		const result = await run(parameters as INodeParameters, [{ pods: [{ kind: 'Pod', metadata: { name: 'x' } }] }]);
		expect(result.status).toBe('error');
		expect(result.errorOf('Report')).toMatchObject({ message });
	});

	it('emits { error, details } under Continue On Fail', async () => {
		const result = await run({ operation: 'tlsExpiry', ingresses: '={{ $json.ingresses }}' }, [{ ingresses: 7 }, { ingresses: [] }], { onError: 'continueErrorOutput' });
		expect(result.outputOf('Report', 1).map((item) => item.json)).toEqual([
			{
				ingresses: 7,
				error: 'Ingresses: expected the output of resources_list from an MCP Client node (its item, or the list itself), got a number',
				details: { description: 'Check the "Ingresses" parameter; no report was built from this item.', code: 'invalid_parameter', parameter: 'Ingresses' },
			},
		]);
		expect(result.outputOf('Report', 0).map((item) => item.json.verdict)).toEqual(['healthy']);
	});

	it('MCP Server Status reports the credential’s server as down instead of failing', async () => {
		const url = `http://127.0.0.1:${await unusedPort()}/mcp`;
		const result = await run({ operation: 'mcpServerStatus', extraServers: '', probeTool: '', options: { requestTimeout: 2000 } }, [{}], { credentials: { mcpServerApi: { id: '1', name: 'cluster' } } }, url);
		expect(result.executionError).toBeUndefined();
		const [report] = result.outputOf('Report').map((item) => item.json);
		expect(report).toMatchObject({ kind: 'mcp-status', verdict: 'critical', counts: { servers: 1, down: 1 } });
		expect((report.probes as IDataObject[])[0]).toMatchObject({ server: url, primary: true, up: false, error: expect.stringMatching(/connection refused/i) });
	});
});
