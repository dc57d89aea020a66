import { nodeCapacityReport, nodeCondition, reportProblem, type NodeLike } from '../../../nodes/shared/reports';
import { nodeNames } from '../../fixtures/cluster';
import { FIXTURE_NODES_TOP, mcpClientErrorItem, mcpClientItem, objectsOf, resourcesListOutput } from './mcp-outputs';

const now = new Date('2025-06-03T09:30:00Z');
const nodes = objectsOf('Node');
const usage = () => mcpClientItem('nodes_top', FIXTURE_NODES_TOP);

function withCondition(name: string, type: string, status: string): NodeLike {
	const node = structuredClone(nodes.find((candidate) => candidate.metadata.name === name)!) as NodeLike;
	const condition = node.status!.conditions!.find((candidate) => candidate.type === type)!;
	condition.status = status;
	return node;
}

describe('the node capacity report', () => {
	it('shows usage, conditions with allocatable capacity, and the cluster’s totals; healthy when all are Ready and none is busy', () => {
		const report = nodeCapacityReport({ now, nodeUsage: usage(), nodes: resourcesListOutput(nodes) });
		expect(reportProblem(report)).toBeUndefined();
		expect(report.verdict).toBe('healthy');
		expect(report.headline).toBe(`All 4 nodes are Ready with no pressure; the busiest, ${nodeNames.worker1}, is at 59% of CPU or memory.`);
		expect(report.tables.map((table) => table.id)).toEqual(['nodeUsage', 'nodeConditions', 'clusterCapacity']);
		expect(report.tables[1].rows[0]).toEqual([nodeNames.controlPlane, 'control-plane, master', 'Ready', '', '7.50 cores', '30.2 GiB', '250', 'v1.31.6', '78d']);
		expect(report.tables[2].rows).toEqual([
			['CPU', '7.87 cores', '30.00 cores', '26.2%'],
			['Memory', '51.9 GiB', '121.0 GiB', '42.9%'],
		]);
	});

	it('is critical for a node that is not Ready, and degraded for pressure or a cordon', () => {
		const notReady = nodeCapacityReport({ now, nodes: [withCondition(nodeNames.worker2, 'Ready', 'Unknown'), ...nodes.slice(0, 3)] });
		expect(notReady).toMatchObject({ verdict: 'critical', headline: `1 node is not Ready (${nodeNames.worker2}).` });
		expect(notReady.tables[0].rows[0].slice(0, 3)).toEqual([nodeNames.worker2, 'worker', 'Unknown']);
		const pressure = withCondition(nodeNames.worker0, 'MemoryPressure', 'True');
		pressure.spec = { unschedulable: true };
		expect(nodeCondition(pressure)).toMatchObject({ severity: 'warning', problems: ['MemoryPressure', 'Cordoned'] });
		expect(nodeCapacityReport({ now, nodes: [pressure] })).toMatchObject({ verdict: 'degraded', headline: '1 node has MemoryPressure, Cordoned.' });
	});

	it('flags busy nodes against the threshold', () => {
		expect(nodeCapacityReport({ now, nodeUsage: usage(), busyNodePercent: 50 })).toMatchObject({ verdict: 'degraded', headline: `1 node is at 50% or more of CPU or memory (${nodeNames.worker1}).`, counts: { busy: 1 } });
	});

	it('falls back to the conditions when the server does not offer nodes_top', () => {
		const report = nodeCapacityReport({ now, nodeUsage: mcpClientErrorItem('The server has no tool named "nodes_top"'), nodes: resourcesListOutput(nodes) });
		expect(report.verdict).toBe('degraded');
		expect(report.headline).toBe('All 4 nodes are Ready with no pressure.');
		expect(report.notes).toEqual(['Node usage could not be read: nodes_top is not offered by this MCP server.', 'Without node usage the report rests on the nodes’ conditions.']);
		expect(report.tables[0].emptyText).toBe('Node usage could not be read: nodes_top is not offered by this MCP server.');
	});

	it('says so when neither input could be read', () => {
		const failed = mcpClientErrorItem('connect ECONNREFUSED');
		expect(nodeCapacityReport({ now, nodeUsage: failed, nodes: failed })).toMatchObject({ verdict: 'degraded', headline: 'Neither node usage nor the Node objects could be read.' });
	});
});
