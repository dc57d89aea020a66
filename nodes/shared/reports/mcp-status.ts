/**
 * MCP server status: for each configured server, whether it initialises, what it says it is, how
 * many tools it lists (and how many are read-only), and how long a read-only call takes. The
 * probe call's result is timed and thrown away; it never reaches the report.
 */
import { buildServerConfig, McpSession, parseServerUrl, type McpServerConfig } from '../mcp';
import { checkNumber, checkOptions, plural, sentence, type ReportOptions } from './common';
import { oneLine } from './format';
import { ReportInputError } from './mcp-output';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const MCP_STATUS_DEFAULTS = { title: 'MCP server status', slowMs: 2000, probeTool: 'namespaces_list' };

export interface McpServerTarget {
	config: McpServerConfig;
	/** The server the workflow depends on (its credential); down means critical. */
	primary: boolean;
}

export interface McpServerProbe {
	/** The URL without credentials or query. */
	server: string;
	primary: boolean;
	up: boolean;
	name?: string;
	version?: string;
	transport?: string;
	tools?: number;
	readOnlyTools?: number;
	/** Connect and initialize. */
	connectMs?: number;
	listToolsMs?: number;
	probeTool?: string;
	probeMs?: number;
	probeOk?: boolean;
	/** Why the probe call could not run or failed. */
	probeProblem?: string;
	/** Why the server is down. */
	error?: string;
}

/** Shown in reports: scheme, host and path; a token in the user part or the query stays out. */
export function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return oneLine(url, 120);
	}
}

/** Extra servers written one per line (or comma-separated); each must be an http(s) URL. */
export function parseServerList(text: unknown, field = 'extraServers'): string[] {
	if (text === undefined || text === null || text === '') return [];
	const entries = Array.isArray(text) ? text.map(String) : typeof text === 'string' ? text.split(/[\n,]/) : undefined;
	if (!entries) throw new ReportInputError(field, `expected URLs, one per line, got a ${typeof text}`);
	const urls = entries.map((entry) => entry.trim()).filter((entry) => entry && !entry.startsWith('#'));
	return [...new Set(urls)].map((url) => {
		try {
			return parseServerUrl(url, 'URL').href;
		} catch (error) {
			throw new ReportInputError(field, (error as Error).message);
		}
	});
}

/** An extra server: no authentication, the transport found by trying. */
export function extraServerConfig(url: string, requestTimeoutMs: number): McpServerConfig {
	return buildServerConfig({ url, transport: 'auto', requestTimeoutMs, totalTimeoutMs: requestTimeoutMs * 4 });
}

const elapsed = (start: number) => Math.round(performance.now() - start);

interface ToolLike {
	name: string;
	annotations?: { readOnlyHint?: boolean };
	inputSchema?: { required?: string[] };
}

/** The named tool, or by default `namespaces_list` (under any gateway prefix), else the first read-only tool that needs no arguments. */
function chooseProbe(tools: ToolLike[], wanted: string | undefined): { tool?: ToolLike; problem?: string } {
	const needsNothing = (tool: ToolLike) => !tool.inputSchema?.required?.length;
	if (wanted) {
		const tool = tools.find((candidate) => candidate.name === wanted);
		if (!tool) return { problem: `${wanted} is not offered` };
		return needsNothing(tool) ? { tool } : { problem: `${wanted} needs arguments (${tool.inputSchema?.required?.join(', ')})` };
	}
	const tool =
		tools.find((candidate) => candidate.name.endsWith(MCP_STATUS_DEFAULTS.probeTool) && needsNothing(candidate)) ??
		tools.find((candidate) => candidate.annotations?.readOnlyHint === true && needsNothing(candidate));
	return tool ? { tool } : { problem: 'no read-only tool without arguments to call' };
}

/** Connects, lists the tools and times one read-only call; a server that fails is a probe with `up: false`, never a throw. */
export async function probeMcpServer(target: McpServerTarget, options: { probeTool?: string; signal?: AbortSignal } = {}): Promise<McpServerProbe> {
	const probe: McpServerProbe = { server: displayUrl(target.config.url), primary: target.primary, up: false };
	let session: McpSession | undefined;
	try {
		let start = performance.now();
		session = await McpSession.open(target.config, { signal: options.signal });
		probe.connectMs = elapsed(start);
		probe.up = true;
		probe.transport = session.transport;
		const info = session.serverInfo;
		if (info?.name) probe.name = info.name;
		if (info?.version) probe.version = info.version;
		start = performance.now();
		const tools = (await session.listTools()) as ToolLike[];
		probe.listToolsMs = elapsed(start);
		probe.tools = tools.length;
		probe.readOnlyTools = tools.filter((tool) => tool.annotations?.readOnlyHint === true).length;
		const chosen = chooseProbe(tools, options.probeTool?.trim() || undefined);
		if (!chosen.tool) {
			probe.probeProblem = chosen.problem;
			return probe;
		}
		probe.probeTool = chosen.tool.name;
		start = performance.now();
		try {
			const result = await session.callTool(chosen.tool.name, {}, { signal: options.signal });
			probe.probeMs = elapsed(start);
			probe.probeOk = result.isError !== true;
			if (result.isError) {
				const text = result.content.find((part) => part.type === 'text');
				probe.probeProblem = oneLine(text && 'text' in text ? String(text.text) : 'the tool reported an error', 200);
			}
		} catch (error) {
			probe.probeMs = elapsed(start);
			probe.probeOk = false;
			probe.probeProblem = oneLine((error as Error).message, 200);
		}
		return probe;
	} catch (error) {
		probe.error = oneLine((error as Error).message, 300);
		return probe;
	} finally {
		await session?.close();
	}
}

export interface McpStatusInput extends ReportOptions {
	probes: McpServerProbe[];
	/** A probe call slower than this is flagged (default 2000 ms). */
	slowMs?: number;
}

export interface McpStatusReport extends Report {
	kind: 'mcp-status';
	counts: { servers: number; up: number; down: number; probeFailed: number; slow: number; tools: number };
}

const ms = (value: number | undefined) => (value === undefined ? '—' : `${value} ms`);

export function mcpStatusReport(input: McpStatusInput): McpStatusReport {
	const { now, maxRows } = checkOptions(input);
	const slowMs = checkNumber('slowMs', input.slowMs ?? MCP_STATUS_DEFAULTS.slowMs, 1);
	const probes = [...input.probes].sort((a, b) => Number(a.up) - Number(b.up) || Number(b.primary) - Number(a.primary));
	const down = probes.filter((probe) => !probe.up);
	const failed = probes.filter((probe) => probe.up && probe.probeOk === false);
	const slow = probes.filter((probe) => probe.up && (probe.probeMs ?? probe.listToolsMs ?? 0) > slowMs);
	const unprobed = probes.filter((probe) => probe.up && probe.probeTool === undefined);
	const counts = { servers: probes.length, up: probes.length - down.length, down: down.length, probeFailed: failed.length, slow: slow.length, tools: probes.reduce((sum, probe) => sum + (probe.tools ?? 0), 0) };

	const clauses: string[] = [];
	if (down.length) clauses.push(`${down.length} of ${plural(probes.length, 'MCP server')} did not answer (${down.map((probe) => `${probe.server}: ${probe.error ?? 'no answer'}`).slice(0, 2).join('; ')})`);
	if (failed.length) clauses.push(`${plural(failed.length, 'read-only call', 'read-only calls')} failed (${failed.map((probe) => `${probe.probeTool} on ${probe.server}`).join(', ')})`);
	if (slow.length) clauses.push(`${plural(slow.length, 'server was', 'servers were')} slower than ${slowMs} ms`);
	let headline: string;
	if (!probes.length) headline = 'No MCP servers were configured.';
	else if (clauses.length) headline = sentence(clauses);
	else {
		const slowest = [...probes].filter((probe) => probe.probeMs !== undefined).sort((a, b) => (b.probeMs ?? 0) - (a.probeMs ?? 0))[0];
		const first = probes[0];
		const who = probes.length === 1 ? `${[first.name, first.version].filter(Boolean).join(' ') || 'The MCP server'} answered with ${plural(first.tools ?? 0, 'tool')}` : `All ${probes.length} MCP servers answered, with ${plural(counts.tools, 'tool')} in all`;
		headline = slowest ? `${who}; ${slowest.probeTool} took ${slowest.probeMs} ms${probes.length > 1 ? ` on ${slowest.server}` : ''}.` : `${who}.`;
	}
	const verdict: Verdict = down.some((probe) => probe.primary) ? 'critical' : down.length || failed.length || slow.length ? 'degraded' : 'healthy';
	const notes = unprobed.map((probe) => `No read-only call was timed on ${probe.server}: ${probe.probeProblem ?? 'no tool to call'}.`);

	return {
		kind: 'mcp-status',
		title: input.title?.trim() || MCP_STATUS_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'servers',
					title: 'MCP servers',
					columns: ['Server', 'Status', 'Name and version', 'Transport', 'Tools', 'Read-only', 'Initialize', 'tools/list', 'Read-only call', 'Call time', 'Problem'],
					rows: probes.map((probe) => [
						oneLine(`${probe.server}${probe.primary ? ' (credential)' : ''}`),
						!probe.up ? 'Down' : probe.probeOk === false ? 'Up, call failed' : slow.includes(probe) ? 'Up, slow' : 'Up',
						oneLine([probe.name, probe.version].filter(Boolean).join(' ')),
						probe.transport ?? '—',
						probe.tools === undefined ? '—' : String(probe.tools),
						probe.readOnlyTools === undefined ? '—' : String(probe.readOnlyTools),
						ms(probe.connectMs),
						ms(probe.listToolsMs),
						oneLine(probe.probeTool ?? ''),
						ms(probe.probeMs),
						oneLine(probe.error ?? probe.probeProblem ?? '', 300),
					]),
					emptyText: 'No MCP servers were configured.',
					note: 'Initialize includes connecting; the read-only call’s answer is timed and discarded.',
				},
				maxRows,
			),
		],
		notes,
		unavailable: down.map((probe) => ({ what: probe.server, why: probe.error ?? 'no answer' })),
	};
}
