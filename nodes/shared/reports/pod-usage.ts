/**
 * Pod resource usage, top N (`pods_top`, all namespaces): the pods using the most CPU and the most
 * memory. With the pods themselves (`pods_list`) it adds requests and limits, and flags containers
 * close to their memory limit, where the kernel's OOM killer ends them.
 */
import { checkNumber, checkOptions, Inputs, plural, sentence, type ReportOptions } from './common';
import { formatBytes, formatCpu, oneLine, parseCpuQuantity, parseMemoryQuantity } from './format';
import { parsePodsTop, readTopTable, type PodUsage } from './kubectl-table';
import { readPods, type PodLike, type Reading } from './kubernetes';
import type { Report, Verdict } from './report';
import type { Table } from './table';

export const POD_USAGE_DEFAULTS = { title: 'Pod resource usage', topN: 10, memoryLimitPercent: 90 };

/** Per-container rows of `pods_top`; a missing tool or metrics API is a reason, not an error. */
export function readPodUsage(raw: unknown, field = 'podUsage', tool = 'pods_top'): Reading<PodUsage[]> {
	return readTopTable(raw, field, tool, parsePodsTop);
}

export interface PodTotals {
	namespace: string;
	pod: string;
	containers: number;
	cpuMillicores: number;
	memoryBytes: number;
	cpuRequest?: number;
	/** Sum of the containers' limits, when every measured container has one. */
	memoryLimit?: number;
	/** The highest share of a container's own memory limit, in percent. */
	worstMemoryPercent?: number;
	worstContainer?: string;
}

type ContainerSpec = { name?: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

/** Containers summed per pod, with requests and limits from the pod specs where given. */
export function podTotals(usage: PodUsage[], pods: PodLike[]): PodTotals[] {
	const specs = new Map(pods.map((pod) => [`${pod.metadata?.namespace}/${pod.metadata?.name}`, (pod.spec?.containers ?? []) as ContainerSpec[]]));
	const totals = new Map<string, PodTotals>();
	const rowsByPod = new Map<string, PodUsage[]>();
	for (const row of usage) {
		const key = `${row.namespace ?? ''}/${row.pod}`;
		let total = totals.get(key);
		if (!total) totals.set(key, (total = { namespace: row.namespace ?? '', pod: row.pod, containers: 0, cpuMillicores: 0, memoryBytes: 0 }));
		const rows = rowsByPod.get(key);
		if (rows) rows.push(row);
		else rowsByPod.set(key, [row]);
		total.containers++;
		total.cpuMillicores += row.cpuMillicores ?? 0;
		total.memoryBytes += row.memoryBytes ?? 0;
	}
	for (const [key, total] of totals) {
		const containers = specs.get(key);
		if (!containers) continue;
		const cpuRequests = containers.map((container) => (container.resources?.requests?.cpu ? parseCpuQuantity(container.resources.requests.cpu) : undefined));
		if (cpuRequests.every((request) => request !== undefined)) total.cpuRequest = cpuRequests.reduce<number>((sum, request) => sum + (request ?? 0), 0);
		const limits = containers.map((container) => (container.resources?.limits?.memory ? parseMemoryQuantity(container.resources.limits.memory) : undefined));
		if (limits.every((limit) => limit !== undefined)) total.memoryLimit = limits.reduce<number>((sum, limit) => sum + (limit ?? 0), 0);
		for (const row of rowsByPod.get(key) ?? []) {
			const spec = containers.find((container) => container.name === row.container) ?? (containers.length === 1 ? containers[0] : undefined);
			const limit = spec?.resources?.limits?.memory ? parseMemoryQuantity(spec.resources.limits.memory) : undefined;
			if (!limit || row.memoryBytes === undefined) continue;
			const percent = Math.round((row.memoryBytes / limit) * 1000) / 10;
			if (total.worstMemoryPercent === undefined || percent > total.worstMemoryPercent) {
				total.worstMemoryPercent = percent;
				total.worstContainer = row.container ?? spec?.name;
			}
		}
	}
	return [...totals.values()];
}

export interface PodUsageInput extends ReportOptions {
	/** `pods_top` output (all namespaces). */
	podUsage: unknown;
	/** `pods_list` output; optional, adds requests and limits. */
	pods?: unknown;
	topN?: number;
	memoryLimitPercent?: number;
}

export interface PodUsageReport extends Report {
	kind: 'pod-usage';
	counts: { pods: number; containers: number; nearMemoryLimit: number; unreadable: number };
}

function usageTable(id: string, title: string, rows: PodTotals[], withSpecs: boolean): Table {
	const name = (total: PodTotals) => oneLine(total.pod);
	return {
		id,
		title,
		columns: ['Namespace', 'Pod', 'CPU', 'Memory', ...(withSpecs ? ['CPU request', 'Memory limit', 'Memory of limit'] : [])],
		rows: rows.map((total) => [
			oneLine(total.namespace),
			name(total),
			formatCpu(total.cpuMillicores),
			formatBytes(total.memoryBytes),
			...(withSpecs
				? [
						formatCpu(total.cpuRequest),
						formatBytes(total.memoryLimit),
						total.worstMemoryPercent === undefined ? '—' : `${total.worstMemoryPercent}%${total.containers > 1 && total.worstContainer ? ` (${oneLine(total.worstContainer)})` : ''}`,
					]
				: []),
		]),
		emptyText: 'pods_top listed no pods: the metrics API has no pod metrics yet.',
	};
}

export function podUsageReport(input: PodUsageInput): PodUsageReport {
	const { now } = checkOptions(input);
	const topN = checkNumber('topN', input.topN ?? POD_USAGE_DEFAULTS.topN, 1, 1000);
	const threshold = checkNumber('memoryLimitPercent', input.memoryLimitPercent ?? POD_USAGE_DEFAULTS.memoryLimitPercent, 1, 1000);
	const inputs = new Inputs();
	const usage = inputs.take('podUsage', readPodUsage(input.podUsage));
	const pods = input.pods === undefined ? [] : inputs.take('pods', readPods(input.pods));
	const withSpecs = input.pods !== undefined && !inputs.missing('pods');
	const totals = podTotals(usage, pods);
	const byCpu = [...totals].sort((a, b) => b.cpuMillicores - a.cpuMillicores || a.pod.localeCompare(b.pod)).slice(0, topN);
	const byMemory = [...totals].sort((a, b) => b.memoryBytes - a.memoryBytes || a.pod.localeCompare(b.pod)).slice(0, topN);
	const nearLimit = totals.filter((total) => (total.worstMemoryPercent ?? 0) >= threshold).sort((a, b) => (b.worstMemoryPercent ?? 0) - (a.worstMemoryPercent ?? 0));
	const counts = { pods: totals.length, containers: usage.length, nearMemoryLimit: nearLimit.length, unreadable: inputs.unavailable.length };

	const missing = inputs.missing('podUsage');
	const clauses: string[] = [];
	if (nearLimit.length) {
		const worst = nearLimit[0];
		clauses.push(`${plural(nearLimit.length, 'pod is', 'pods are')} at ${threshold}% or more of a memory limit (${worst.namespace}/${worst.pod} at ${worst.worstMemoryPercent}%${nearLimit.length > 1 ? ', …' : ''})`);
	}
	if (byCpu[0]) clauses.push(`the most CPU is ${formatCpu(byCpu[0].cpuMillicores)} (${byCpu[0].namespace}/${byCpu[0].pod}), the most memory ${formatBytes(byMemory[0].memoryBytes)} (${byMemory[0].namespace}/${byMemory[0].pod})`);
	const headline = missing ? `Pod usage could not be read: ${missing.why}.` : clauses.length ? sentence(clauses) : 'pods_top listed no pods.';
	const verdict: Verdict = nearLimit.length || missing ? 'degraded' : 'healthy';

	const tables = [usageTable('topCpu', `Top ${topN} pods by CPU`, byCpu, withSpecs), usageTable('topMemory', `Top ${topN} pods by memory`, byMemory, withSpecs)].map((table) =>
		missing ? { ...table, emptyText: `Pod usage could not be read: ${missing.why}.` } : table,
	);
	const notes = inputs.notes({ podUsage: 'Pod usage', pods: 'The pod specs' });
	if (withSpecs) notes.push(`Memory of limit is the highest share a container uses of its own limit; at ${threshold}% or more it is flagged.`);
	return {
		kind: 'pod-usage',
		title: input.title?.trim() || POD_USAGE_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables,
		notes,
		unavailable: inputs.unavailable,
	};
}
