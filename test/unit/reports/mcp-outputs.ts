/**
 * What the MCP Client node outputs when it calls kubernetes-mcp-server (`--list-output yaml`) on a
 * cluster made of fixture objects: the tool's text written the way the server writes it (see
 * test/fixtures/cluster/README.md), then parsed by the same code the MCP Client node uses.
 */
import { dump } from 'js-yaml';
import { parseToolResult } from '../../../nodes/shared/mcp';
import { defaultCluster, type helmReleases, type KubeEvent, type KubeObject } from '../../fixtures/cluster';

export interface McpClientItem {
	tool: string;
	isError: false;
	format: string;
	text: string;
	data?: unknown;
}

export function mcpClientItem(tool: string, text: string): McpClientItem {
	const parsed = parseToolResult({ content: [{ type: 'text', text }] });
	return { tool, isError: false, format: parsed.format, text, ...(parsed.data !== undefined ? { data: parsed.data } : {}) };
}

/** The error item the MCP Client node emits under Continue On Fail. */
export function mcpClientErrorItem(message: string, description?: string) {
	return description ? { error: message, details: { description } } : { error: message };
}

const yaml = (value: unknown) => dump(value, { sortKeys: true, lineWidth: 80, noRefs: true });

/** `pods_list`, `namespaces_list`: a YAML sequence of whole objects, `[]` when empty. */
export function listOutput(tool: string, objects: KubeObject[]): McpClientItem {
	return mcpClientItem(tool, objects.length ? yaml(objects) : '[]\n');
}

/** Go's time.Time.String() of an RFC 3339 UTC time. */
export function goTime(iso: string): string {
	return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

/** An event as `events_list` prints it: capitalised keys, Go timestamp, no count or source. */
export function serverEvent(event: KubeEvent): Record<string, unknown> {
	return {
		InvolvedObject: { Kind: event.involvedObject.kind, Name: event.involvedObject.name, apiVersion: event.involvedObject.apiVersion },
		Message: event.message,
		Namespace: event.metadata.namespace,
		Reason: event.reason,
		Timestamp: goTime(event.count > 1 ? event.lastTimestamp : event.firstTimestamp),
		Type: event.type,
	};
}

/** `events_list` with `fieldSelector: type=Warning`. */
export function warningEventsOutput(events: KubeEvent[]): McpClientItem {
	const warnings = events.filter((event) => event.type === 'Warning');
	if (warnings.length === 0) return mcpClientItem('events_list', '# No events found');
	return mcpClientItem('events_list', `# The following events (YAML format) were found:\n${yaml(warnings.map(serverEvent))}`);
}

/** `nodes_top` as kubernetes-mcp-server 0.0.67 printed it for the fixture cluster's NodeMetrics. */
export const FIXTURE_NODES_TOP = [
	'NAME                            CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   SWAP(bytes)   SWAP(%)   ',
	'master-0.ocp.example.internal   1187m        15%      11614Mi         37%         0Mi           ',
	'worker-0.ocp.example.internal   2204m        29%      14277Mi         46%         0Mi           ',
	'worker-1.ocp.example.internal   3519m        46%      18559Mi         59%         0Mi           ',
	'worker-2.ocp.example.internal   961m         12%      8665Mi          27%         0Mi           ',
	'',
].join('\n');

/** `pods_top` (all namespaces) as 0.0.67 printed it for the fixture cluster's PodMetrics, with its totals block. */
export const FIXTURE_PODS_TOP = [
	'NAMESPACE   POD                             NAME         CPU(cores)   MEMORY(bytes)   SWAP(bytes)   ',
	'data        report-worker-6b8f9c7d5-n7w2r   worker       3m           96Mi            0Mi           ',
	'shop        checkout-api-6d8f7c9b5d-2xk4m   api          212m         301Mi           0Mi           ',
	'shop        checkout-api-6d8f7c9b5d-9vbqt   api          187m         487Mi           0Mi           ',
	'shop        checkout-api-7b9c6d5f4e-lr5zp   api          96m          265Mi           0Mi           ',
	'shop        payments-db-0                   postgresql   12m          178Mi           0Mi           ',
	'                                                                      ________        ________      ',
	'                                                                      510m            1327Mi        0Mi   ',
	'',
].join('\n');

/** Objects of one kind from the default fixture cluster. */
export const objectsOf = (kind: string): KubeObject[] => defaultCluster.objects.filter((object) => object.kind === kind);

/** `resources_list` for these objects, as kubernetes-mcp-server prints it with `--list-output yaml`. */
export const resourcesListOutput = (objects: KubeObject[]) => listOutput('resources_list', objects);

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number) => String(value).padStart(2, '0');

/** Go's time.RFC1123Z of a UTC time: `Mon, 17 Mar 2025 08:05:12 +0000`. */
export function rfc1123z(iso: string): string {
	const t = new Date(iso);
	return `${WEEKDAYS[t.getUTCDay()]}, ${pad(t.getUTCDate())} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
}

/**
 * `helm_list` with all_namespaces, as kubernetes-mcp-server prints Helm's list: the latest revision
 * of each release that is deployed or failed, by name, keys sorted; `No Helm releases found` when empty.
 */
export function helmListOutput(releases: typeof helmReleases): McpClientItem {
	const latest = new Map<string, (typeof helmReleases)[number]>();
	for (const release of releases) {
		const key = `${release.namespace}/${release.name}`;
		if ((latest.get(key)?.revision ?? 0) < release.revision) latest.set(key, release);
	}
	const listed = [...latest.values()].filter((release) => release.status === 'deployed' || release.status === 'failed').sort((a, b) => a.name.localeCompare(b.name));
	if (!listed.length) return mcpClientItem('helm_list', 'No Helm releases found');
	return mcpClientItem(
		'helm_list',
		yaml(
			listed.map((release) => ({
				name: release.name,
				namespace: release.namespace,
				revision: release.revision,
				chart: release.chart,
				chartVersion: release.chartVersion,
				appVersion: release.appVersion,
				status: release.status,
				lastDeployed: rfc1123z(release.lastDeployed),
			})),
		),
	);
}
