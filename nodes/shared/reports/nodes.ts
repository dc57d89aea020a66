/** Node usage from `nodes_top`, busiest first. */
import { formatBytes, formatCpu, formatPercent, oneLine } from './format';
import type { NodeUsage } from './kubectl-table';
import type { Table } from './table';

/** The higher of CPU and memory use, in percent of allocatable; undefined when neither is known. */
export function busiestResource(node: NodeUsage): number | undefined {
	const known = [node.cpuPercent, node.memoryPercent].filter((value): value is number => value !== undefined);
	return known.length ? Math.max(...known) : undefined;
}

export function nodeUsageTable(nodes: NodeUsage[], busyPercent: number): Table {
	const sorted = [...nodes].sort((a, b) => (busiestResource(b) ?? -1) - (busiestResource(a) ?? -1) || a.name.localeCompare(b.name));
	return {
		id: 'nodeUsage',
		title: 'Node usage',
		columns: ['Node', 'CPU', 'CPU %', 'Memory', 'Memory %'],
		rows: sorted.map((node) => [
			oneLine(node.name),
			formatCpu(node.cpuMillicores),
			formatPercent(node.cpuPercent),
			formatBytes(node.memoryBytes),
			formatPercent(node.memoryPercent),
		]),
		emptyText: 'nodes_top listed no nodes.',
		note: `Current use from the metrics API, in percent of each node's allocatable capacity; ${busyPercent}% or more counts as busy.`,
	};
}
