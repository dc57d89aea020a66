/**
 * kubectl-style tables, as kubernetes-mcp-server prints `nodes_top` and `pods_top`:
 *
 *   NAME                            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   SWAP(bytes)   SWAP(%)
 *   worker-0.ocp.example.internal   2204m        29%      14277Mi         46%         0Mi
 *
 * Go's tabwriter pads every column to its widest cell, so each cell starts where its header does;
 * reading by those offsets keeps empty cells (the missing SWAP(%) above) in their columns.
 */
import { parseCpuQuantity, parseMemoryQuantity } from './format';
import type { Reading } from './kubernetes';
import { readToolOutput, ReportInputError } from './mcp-output';

export type TableRow = Record<string, string>;

/** Rows keyed by header; the totals block `pods_top` appends (a line of underscores, then sums) is left out. */
export function parseKubectlTable(text: string): { columns: string[]; rows: TableRow[] } {
	const lines = text.replace(/\r/g, '').split('\n').filter((line) => line.trim());
	if (lines.length === 0) return { columns: [], rows: [] };
	const header = lines[0];
	const starts = [...header.matchAll(/\S+/g)].map((match) => ({ name: match[0], at: match.index }));
	const rows: TableRow[] = [];
	for (const line of lines.slice(1)) {
		// Totals lines leave the first column empty.
		if (/^_+$/.test(line.trim().split(/\s+/)[0]) || !line.slice(0, starts[1]?.at ?? line.length).trim()) continue;
		const row: TableRow = {};
		starts.forEach((column, index) => {
			const end = index + 1 < starts.length ? starts[index + 1].at : undefined;
			row[column.name] = line.slice(column.at, end).trim();
		});
		rows.push(row);
	}
	return { columns: starts.map((column) => column.name), rows };
}

export interface NodeUsage {
	name: string;
	cpuMillicores?: number;
	/** Of the node's allocatable CPU, as metrics-server and kubectl compute it. */
	cpuPercent?: number;
	memoryBytes?: number;
	memoryPercent?: number;
}

export interface PodUsage {
	namespace?: string;
	pod: string;
	/** Set when the table has a row per container (kubernetes-mcp-server's `pods_top`). */
	container?: string;
	cpuMillicores?: number;
	memoryBytes?: number;
}

const percent = (cell: string | undefined): number | undefined => {
	const match = /^(\d+(?:\.\d+)?)%$/.exec(cell ?? '');
	return match ? Number(match[1]) : undefined;
};
// kubectl prints <unknown> for a node without metrics yet.
const cpu = (cell: string | undefined) => (cell ? parseCpuQuantity(cell) : undefined);
const memory = (cell: string | undefined) => (cell ? parseMemoryQuantity(cell) : undefined);

function requireColumns(columns: string[], needed: string[], tool: string): void {
	const missing = needed.filter((name) => !columns.includes(name));
	if (missing.length) throw new Error(`${tool} printed a table without the column(s) ${missing.join(', ')}`);
}

/** `nodes_top` text → one entry per node. Throws when the text is not such a table. */
export function parseNodesTop(text: string): NodeUsage[] {
	const { columns, rows } = parseKubectlTable(text);
	requireColumns(columns, ['NAME', 'CPU(cores)', 'MEMORY(bytes)'], 'nodes_top');
	return rows.map((row) => ({
		name: row.NAME,
		cpuMillicores: cpu(row['CPU(cores)']),
		cpuPercent: percent(row['CPU(%)'] ?? row['CPU%']),
		memoryBytes: memory(row['MEMORY(bytes)']),
		memoryPercent: percent(row['MEMORY(%)'] ?? row['MEMORY%']),
	}));
}

/** `pods_top` text → one entry per row (per container when the table has a NAME column beside POD). */
export function parsePodsTop(text: string): PodUsage[] {
	const { columns, rows } = parseKubectlTable(text);
	const podColumn = columns.includes('POD') ? 'POD' : 'NAME';
	requireColumns(columns, [podColumn, 'CPU(cores)', 'MEMORY(bytes)'], 'pods_top');
	return rows.map((row) => ({
		...(row.NAMESPACE ? { namespace: row.NAMESPACE } : {}),
		pod: row[podColumn],
		...(podColumn === 'POD' && row.NAME ? { container: row.NAME } : {}),
		cpuMillicores: cpu(row['CPU(cores)']),
		memoryBytes: memory(row['MEMORY(bytes)']),
	}));
}

/** Rows of a `*_top` tool's text table; a missing tool or an unreadable table is a reason, not an error. */
export function readTopTable<T>(raw: unknown, field: string, tool: string, parse: (text: string) => T[]): Reading<T[]> {
	const output = readToolOutput(raw, field, tool);
	if (!output.available) return output;
	if (output.data !== undefined) throw new ReportInputError(field, `expected the text table ${tool} prints, got parsed ${Array.isArray(output.data) ? 'list' : 'data'}`);
	if (!output.text.trim()) return { available: true, value: [] };
	try {
		return { available: true, value: parse(output.text) };
	} catch (error) {
		return { available: false, why: (error as Error).message };
	}
}

/** Node usage from the `nodes_top` tool's output. */
export function readNodeUsage(raw: unknown, field = 'nodeUsage', tool = 'nodes_top'): Reading<NodeUsage[]> {
	return readTopTable(raw, field, tool, parseNodesTop);
}
