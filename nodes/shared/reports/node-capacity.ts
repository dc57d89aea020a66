/**
 * Node capacity: current use from `nodes_top` (the metrics API) and, from the Node objects
 * (`resources_list` v1 Node), readiness, pressure conditions, cordons and allocatable capacity.
 * Either input alone is enough: without metrics the report falls back to the conditions.
 */
import { allAre, checkNumber, checkOptions, distinct, Inputs, plural, type ReportOptions, sentence } from './common';
import { formatAge, formatBytes, formatCpu, formatShare, oneLine, parseClusterTime, parseQuantity } from './format';
import { readNodeUsage, type NodeUsage } from './kubectl-table';
import { readObjects, type KubeObjectLike } from './kubernetes';
import { busiestResource, nodeUsageTable } from './nodes';
import type { Report, Verdict } from './report';
import { limitRows, type Table } from './table';

export const NODE_CAPACITY_DEFAULTS = { title: 'Node capacity', busyNodePercent: 85 };

export interface NodeLike extends KubeObjectLike {
	spec?: { unschedulable?: boolean; taints?: Array<{ key?: string; effect?: string }> };
	status?: {
		conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
		allocatable?: Record<string, unknown>;
		nodeInfo?: { kubeletVersion?: string };
	};
}

export type NodeSeverity = 'critical' | 'warning' | 'ok';

export interface NodeCondition {
	name: string;
	roles: string[];
	ready: 'Ready' | 'NotReady' | 'Unknown';
	/** Pressure and network conditions that are on, and a cordon. */
	problems: string[];
	severity: NodeSeverity;
	cpuMillicores?: number;
	memoryBytes?: number;
	pods?: number;
	kubelet?: string;
	createdAt?: number;
}

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

/** Readiness, problems and allocatable capacity of one Node object. */
export function nodeCondition(node: NodeLike): NodeCondition {
	const conditions = node.status?.conditions ?? [];
	const readyCondition = conditions.find((condition) => condition.type === 'Ready');
	const ready = readyCondition?.status === 'True' ? 'Ready' : readyCondition?.status === 'False' ? 'NotReady' : 'Unknown';
	const problems = conditions.filter((condition) => PRESSURE.includes(condition.type ?? '') && condition.status === 'True').map((condition) => condition.type ?? '');
	if (node.spec?.unschedulable) problems.push('Cordoned');
	const labels = node.metadata?.labels ?? {};
	const roles = Object.keys(labels)
		.filter((label) => label.startsWith('node-role.kubernetes.io/'))
		.map((label) => label.slice('node-role.kubernetes.io/'.length))
		.sort();
	const allocatable = node.status?.allocatable ?? {};
	const cores = parseQuantity(allocatable.cpu);
	return {
		name: node.metadata?.name ?? '',
		roles,
		ready,
		problems,
		severity: ready !== 'Ready' ? 'critical' : problems.length ? 'warning' : 'ok',
		...(cores !== undefined ? { cpuMillicores: cores * 1000 } : {}),
		...(parseQuantity(allocatable.memory) !== undefined ? { memoryBytes: parseQuantity(allocatable.memory) } : {}),
		...(parseQuantity(allocatable.pods) !== undefined ? { pods: parseQuantity(allocatable.pods) } : {}),
		...(node.status?.nodeInfo?.kubeletVersion ? { kubelet: node.status.nodeInfo.kubeletVersion } : {}),
		createdAt: parseClusterTime(node.metadata?.creationTimestamp),
	};
}

const SEVERITY_RANK: Record<NodeSeverity, number> = { critical: 0, warning: 1, ok: 2 };

function conditionsTable(conditions: NodeCondition[], now: number): Table {
	const sorted = [...conditions].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.name.localeCompare(b.name));
	return {
		id: 'nodeConditions',
		title: 'Node conditions and allocatable capacity',
		columns: ['Node', 'Roles', 'Status', 'Problems', 'CPU', 'Memory', 'Pods', 'Kubelet', 'Age'],
		rows: sorted.map((node) => [
			oneLine(node.name),
			oneLine(node.roles.join(', ')),
			node.ready,
			oneLine(node.problems.join(', ')),
			formatCpu(node.cpuMillicores),
			formatBytes(node.memoryBytes),
			node.pods === undefined ? '—' : String(node.pods),
			oneLine(node.kubelet ?? ''),
			formatAge(node.createdAt === undefined ? undefined : now - node.createdAt),
		]),
		emptyText: 'No nodes were listed.',
	};
}

/** Use against allocatable, summed over the nodes both inputs know. */
function clusterTable(conditions: NodeCondition[], usage: NodeUsage[]): Table {
	const byName = new Map(conditions.map((node) => [node.name, node]));
	const measured = usage.filter((node) => byName.has(node.name));
	const sum = (values: Array<number | undefined>) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
	const cpuAllocatable = sum(measured.map((node) => byName.get(node.name)?.cpuMillicores));
	const memoryAllocatable = sum(measured.map((node) => byName.get(node.name)?.memoryBytes));
	const cpuUsed = sum(measured.map((node) => node.cpuMillicores));
	const memoryUsed = sum(measured.map((node) => node.memoryBytes));
	return {
		id: 'clusterCapacity',
		title: 'Cluster capacity',
		columns: ['Resource', 'Used', 'Allocatable', 'Used %'],
		rows: measured.length
			? [
					['CPU', formatCpu(cpuUsed), formatCpu(cpuAllocatable), formatShare(cpuUsed, cpuAllocatable)],
					['Memory', formatBytes(memoryUsed), formatBytes(memoryAllocatable), formatShare(memoryUsed, memoryAllocatable)],
				]
			: [],
		emptyText: 'Needs both node usage and the Node objects.',
		note: `Over ${plural(measured.length, 'node')} with metrics.`,
	};
}

export interface NodeCapacityInput extends ReportOptions {
	/** `nodes_top` output; optional. */
	nodeUsage?: unknown;
	/** `resources_list` output for v1 Node; optional. */
	nodes?: unknown;
	busyNodePercent?: number;
}

export interface NodeCapacityReport extends Report {
	kind: 'node-capacity';
	counts: { nodes: number; notReady: number; withProblems: number; busy: number; measured: number; unreadable: number };
}

export function nodeCapacityReport(input: NodeCapacityInput): NodeCapacityReport {
	const { now, maxRows } = checkOptions(input);
	const busyPercent = checkNumber('busyNodePercent', input.busyNodePercent ?? NODE_CAPACITY_DEFAULTS.busyNodePercent, 1, 100);
	const inputs = new Inputs();
	const usage = input.nodeUsage === undefined ? [] : inputs.take('nodeUsage', readNodeUsage(input.nodeUsage));
	const conditions = input.nodes === undefined ? [] : inputs.take('nodes', readObjects<NodeLike>(input.nodes, 'nodes', 'resources_list', ['Node'])).map(nodeCondition);
	const busy = usage.filter((node) => (busiestResource(node) ?? 0) >= busyPercent);
	const notReady = conditions.filter((node) => node.severity === 'critical');
	const withProblems = conditions.filter((node) => node.severity === 'warning');
	const nodeCount = Math.max(conditions.length, usage.length);
	const counts = { nodes: nodeCount, notReady: notReady.length, withProblems: withProblems.length, busy: busy.length, measured: usage.length, unreadable: inputs.unavailable.length };

	const clauses: string[] = [];
	if (notReady.length) clauses.push(`${plural(notReady.length, 'node is', 'nodes are')} not Ready (${distinct(notReady.map((node) => node.name))})`);
	if (withProblems.length) clauses.push(`${plural(withProblems.length, 'node has', 'nodes have')} ${distinct(withProblems.flatMap((node) => node.problems))}`);
	if (busy.length) clauses.push(`${plural(busy.length, 'node is', 'nodes are')} at ${busyPercent}% or more of CPU or memory (${distinct(busy.map((node) => node.name))})`);
	const bothMissing = inputs.missing('nodeUsage') && inputs.missing('nodes');
	let headline: string;
	if (bothMissing || (!usage.length && !conditions.length && inputs.unavailable.length)) headline = 'Neither node usage nor the Node objects could be read.';
	else if (clauses.length) headline = sentence(clauses);
	else {
		const busiest = [...usage].sort((a, b) => (busiestResource(b) ?? -1) - (busiestResource(a) ?? -1))[0];
		const ready = conditions.length ? `${allAre(conditions.length, 'node')} Ready with no pressure` : `${plural(usage.length, 'node')} measured`;
		headline = busiest && busiestResource(busiest) !== undefined ? `${ready}; the busiest, ${busiest.name}, is at ${busiestResource(busiest)}% of CPU or memory.` : `${ready}.`;
	}
	const verdict: Verdict = notReady.length ? 'critical' : withProblems.length || busy.length || inputs.unavailable.length ? 'degraded' : 'healthy';

	const tables: Table[] = [];
	if (input.nodeUsage !== undefined) {
		const missing = inputs.missing('nodeUsage');
		const table = limitRows(nodeUsageTable(usage, busyPercent), maxRows);
		tables.push(missing ? { ...table, emptyText: `Node usage could not be read: ${missing.why}.` } : table);
	}
	if (input.nodes !== undefined) {
		const missing = inputs.missing('nodes');
		const table = limitRows(conditionsTable(conditions, now), maxRows);
		tables.push(missing ? { ...table, emptyText: `The Node objects could not be read: ${missing.why}.` } : table);
	}
	if (input.nodeUsage !== undefined && input.nodes !== undefined) tables.push(clusterTable(conditions, usage));
	const notes = inputs.notes({ nodeUsage: 'Node usage', nodes: 'The Node objects' });
	if (inputs.missing('nodeUsage') && conditions.length) notes.push('Without node usage the report rests on the nodes’ conditions.');

	return {
		kind: 'node-capacity',
		title: input.title?.trim() || NODE_CAPACITY_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables,
		notes,
		unavailable: inputs.unavailable,
	};
}
