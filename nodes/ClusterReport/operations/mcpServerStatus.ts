/** MCP Server Status: connects to the credential's server and any extra ones, and reports each. */
import type { IDataObject } from 'n8n-workflow';
import {
	extraServerConfig,
	MCP_STATUS_DEFAULTS,
	mcpStatusReport,
	parseServerList,
	probeMcpServer,
	reportDigest,
	type McpServerTarget,
} from '../../shared/reports';
import { serverConfigFromCredential, type McpServerCredentialFields } from '../../shared/mcp';
import { toNodeError } from '../../adapters/mcpErrors';
import { reportTime, reportTimeOption, titleOption, type ReportOperation } from './common';

interface StatusOptions {
	requestTimeout?: number;
	slowMs?: number;
	now?: string;
	title?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export const mcpServerStatus: ReportOperation = {
	value: 'mcpServerStatus',
	name: 'MCP Server Status',
	action: 'Check MCP servers',
	description: 'For the credential’s server and any extra URLs: initialize, the tool count, and the time of one read-only call',
	labels: { extraServers: 'Extra MCP Servers', probeTool: 'Read-Only Tool', slowMs: 'Slow Call (Ms)', requestTimeout: 'Request Timeout (Ms)', now: 'Report Time', title: 'Title' },
	properties: [
		{
			displayName: 'Extra MCP Servers',
			name: 'extraServers',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: 'e.g. http://gitea-mcp.tools.svc:8080/mcp',
			description: 'More servers to check, one URL per line (or comma-separated), without authentication. The credential’s server is always checked.',
		},
		{
			displayName: 'Read-Only Tool',
			name: 'probeTool',
			type: 'string',
			default: '',
			placeholder: 'e.g. namespaces_list',
			description: 'The tool to time on each server, called without arguments. Empty: namespaces_list (also under a gateway prefix), else the first read-only tool that needs no arguments.',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{ displayName: 'Request Timeout (Ms)', name: 'requestTimeout', type: 'number', typeOptions: { minValue: 100 }, default: DEFAULT_TIMEOUT_MS, description: 'Per MCP request; a server that does not answer in time is down' },
				{ displayName: 'Slow Call (Ms)', name: 'slowMs', type: 'number', typeOptions: { minValue: 1 }, default: MCP_STATUS_DEFAULTS.slowMs, description: 'A read-only call slower than this is flagged' },
				reportTimeOption,
				titleOption(MCP_STATUS_DEFAULTS.title),
			],
		},
	],
	async run(context, itemIndex) {
		const options = context.getNodeParameter('options', itemIndex, {}) as StatusOptions;
		const requestTimeoutMs = options.requestTimeout ?? DEFAULT_TIMEOUT_MS;
		const extras = parseServerList(context.getNodeParameter('extraServers', itemIndex, ''));
		let primary: McpServerTarget;
		try {
			const credentials = (await context.getCredentials('mcpServerApi', itemIndex)) as McpServerCredentialFields;
			primary = { config: serverConfigFromCredential(credentials, { requestTimeoutMs, totalTimeoutMs: requestTimeoutMs * 4 }), primary: true };
		} catch (error) {
			throw toNodeError(context.getNode(), error, itemIndex);
		}
		const targets = [primary, ...extras.map((url) => ({ config: extraServerConfig(url, requestTimeoutMs), primary: false }))];
		const probeTool = String(context.getNodeParameter('probeTool', itemIndex, '') ?? '');
		const signal = context.getExecutionCancelSignal();
		// One after another, so that one server's work does not slow another's timings.
		const probes = [];
		for (const target of targets) probes.push(await probeMcpServer(target, { probeTool, signal }));
		const report = mcpStatusReport({ probes, slowMs: options.slowMs, title: options.title, now: reportTime(options.now) });
		return { ...report, probes, digest: reportDigest(report) } as unknown as IDataObject;
	},
};
