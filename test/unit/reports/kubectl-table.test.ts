import { parseKubectlTable, parseNodesTop, parsePodsTop, readNodeUsage } from '../../../nodes/shared/reports';
import { FIXTURE_NODES_TOP, FIXTURE_PODS_TOP, mcpClientErrorItem, mcpClientItem } from './mcp-outputs';

describe('kubectl-style tables from nodes_top and pods_top', () => {
	it('reads nodes_top, keeping the empty SWAP(%) cells empty instead of shifting columns', () => {
		const { rows } = parseKubectlTable(FIXTURE_NODES_TOP);
		expect(rows[2]).toEqual({
			NAME: 'worker-1.ocp.example.internal',
			'CPU(cores)': '3519m',
			'CPU(%)': '46%',
			'MEMORY(bytes)': '18559Mi',
			'MEMORY(%)': '59%',
			'SWAP(bytes)': '0Mi',
			'SWAP(%)': '',
		});
		expect(parseNodesTop(FIXTURE_NODES_TOP)).toContainEqual({
			name: 'worker-1.ocp.example.internal',
			cpuMillicores: 3519,
			cpuPercent: 46,
			memoryBytes: 18559 * 1024 ** 2,
			memoryPercent: 59,
		});
		expect(parseNodesTop(FIXTURE_NODES_TOP).map((node) => node.name)).toHaveLength(4);
	});

	it('leaves a node without metrics (<unknown>) without numbers', () => {
		const text = ['NAME     CPU(cores)   CPU(%)      MEMORY(bytes)   MEMORY(%)', 'node-a   <unknown>    <unknown>   <unknown>       <unknown>', ''].join('\n');
		expect(parseNodesTop(text)).toEqual([{ name: 'node-a', cpuMillicores: undefined, cpuPercent: undefined, memoryBytes: undefined, memoryPercent: undefined }]);
	});

	it('reads pods_top per container and leaves out its totals block', () => {
		expect(parsePodsTop(FIXTURE_PODS_TOP)).toEqual([
			{ namespace: 'data', pod: 'report-worker-6b8f9c7d5-n7w2r', container: 'worker', cpuMillicores: 3, memoryBytes: 96 * 1024 ** 2 },
			{ namespace: 'shop', pod: 'checkout-api-6d8f7c9b5d-2xk4m', container: 'api', cpuMillicores: 212, memoryBytes: 301 * 1024 ** 2 },
			{ namespace: 'shop', pod: 'checkout-api-6d8f7c9b5d-9vbqt', container: 'api', cpuMillicores: 187, memoryBytes: 487 * 1024 ** 2 },
			{ namespace: 'shop', pod: 'checkout-api-7b9c6d5f4e-lr5zp', container: 'api', cpuMillicores: 96, memoryBytes: 265 * 1024 ** 2 },
			{ namespace: 'shop', pod: 'payments-db-0', container: 'postgresql', cpuMillicores: 12, memoryBytes: 178 * 1024 ** 2 },
		]);
	});

	it('refuses text that is not such a table', () => {
		expect(() => parseNodesTop('failed to get nodes top: metrics API not available')).toThrow(/without the column\(s\) NAME, CPU\(cores\), MEMORY\(bytes\)/);
	});

	it('turns a nodes_top the server does not offer, or a failed call, into a reason, not an error', () => {
		expect(readNodeUsage(mcpClientErrorItem('The server has no tool named "nodes_top"', 'Available tools: pods_list, events_list'))).toEqual({
			available: false,
			why: 'nodes_top is not offered by this MCP server',
		});
		expect(readNodeUsage(mcpClientErrorItem('Tool "nodes_top" failed: failed to get nodes top: metrics API not available'))).toEqual({
			available: false,
			why: 'Tool "nodes_top" failed: failed to get nodes top: metrics API not available',
		});
		expect(readNodeUsage(mcpClientItem('nodes_top', FIXTURE_NODES_TOP))).toMatchObject({ available: true, value: expect.arrayContaining([expect.objectContaining({ name: 'worker-2.ocp.example.internal', cpuPercent: 12 })]) });
		expect(readNodeUsage(FIXTURE_NODES_TOP)).toMatchObject({ available: true });
	});

	it('names the field when node usage is given parsed data instead of the table text', () => {
		expect(() => readNodeUsage([{ name: 'node-a' }])).toThrow(expect.objectContaining({ field: 'nodeUsage', message: expect.stringMatching(/expected the text table nodes_top prints/) }));
	});
});
