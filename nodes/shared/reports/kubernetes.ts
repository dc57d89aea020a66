/**
 * The Kubernetes objects reports read, as kubernetes-mcp-server prints them (`--list-output yaml`):
 * pods and namespaces as whole objects, events in its own capitalised shape. Only the fields the
 * reports use are typed, all optional: the data is parsed YAML, not a checked API response.
 */
import { isRecord, isToolOutputItem, readToolOutput, ReportInputError } from './mcp-output';
import { parseClusterTime } from './format';

export interface ContainerStateLike {
	waiting?: { reason?: string; message?: string };
	running?: { startedAt?: string };
	terminated?: { exitCode?: number; reason?: string; finishedAt?: string; startedAt?: string };
}

export interface ContainerStatusLike {
	name?: string;
	ready?: boolean;
	restartCount?: number;
	state?: ContainerStateLike;
	lastState?: ContainerStateLike;
}

export interface ObjectMetaLike {
	name?: string;
	namespace?: string;
	creationTimestamp?: string;
	deletionTimestamp?: string;
}

export interface PodLike {
	kind?: string;
	metadata?: ObjectMetaLike;
	spec?: { containers?: Array<{ name?: string }>; initContainers?: Array<{ name?: string }>; nodeName?: string };
	status?: {
		phase?: string;
		reason?: string;
		conditions?: Array<{ type?: string; status?: string; reason?: string }>;
		containerStatuses?: ContainerStatusLike[];
		initContainerStatuses?: ContainerStatusLike[];
	};
}

export interface NamespaceLike {
	kind?: string;
	metadata?: ObjectMetaLike;
	status?: { phase?: string };
}

/** One event, whichever shape it came in. */
export interface ClusterEvent {
	namespace: string;
	/** The involved object. */
	kind: string;
	name: string;
	reason: string;
	message: string;
	type: string;
	/** Epoch ms; undefined when the event carries no readable time. */
	time?: number;
	/** How many times it happened: the API's `count`; kubernetes-mcp-server leaves it out, so 1. */
	count: number;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/** kubernetes-mcp-server's answer when there is nothing to list. */
const NO_EVENTS = /^#\s*No events found/i;

/** What a report could read from one tool: the value, or why it is missing. */
export type Reading<T> = { available: true; value: T } | { available: false; why: string };

// kubectl-style header line: upper-case column names, two or more spaces apart.
const TABLE_HEADER = /^[A-Z][A-Z()%-]*(?: {2,}[A-Z][A-Z()%-]*)+ *$/;

/** The list a tool returned: a YAML/JSON sequence, a `{ items }` List, or nothing for an empty answer (or one matching `emptyAnswer`). */
export function readList(raw: unknown, field: string, tool: string, emptyAnswer?: RegExp): Reading<unknown[]> {
	const output = readToolOutput(raw, field, tool);
	if (!output.available) return output;
	const { data } = output;
	if (Array.isArray(data)) return { available: true, value: data };
	if (isRecord(data) && Array.isArray(data.items)) return { available: true, value: data.items };
	const answer = output.text.trim();
	if (data === undefined && (!answer || answer === '[]' || emptyAnswer?.test(answer))) return { available: true, value: [] };
	// The server's default --list-output is a table; that is a server setting, not a wiring mistake.
	if (data === undefined && TABLE_HEADER.test(answer.split('\n', 1)[0])) {
		return { available: false, why: `${tool} answered with a table instead of YAML (start kubernetes-mcp-server with --list-output yaml)` };
	}
	throw new ReportInputError(field, `expected a list of objects from ${tool}, got ${data === undefined ? 'text that is not YAML or JSON' : `a ${typeof data}`}`);
}

function checkKinds(items: unknown[], field: string, tool: string, kinds: string[]): void {
	items.forEach((item, index) => {
		const kind = isRecord(item) ? item.kind : undefined;
		const name = isRecord(item) && isRecord(item.metadata) ? item.metadata.name : undefined;
		if (typeof name !== 'string' || (kind !== undefined && !kinds.includes(String(kind)))) {
			const found = kind !== undefined ? `a ${text(kind)}` : isRecord(item) ? 'an object without metadata.name' : `a ${typeof item}`;
			throw new ReportInputError(field, `expected ${kinds.join(' or ')} objects from ${tool}, but item ${index + 1} is ${found}`);
		}
	});
}

/** Any Kubernetes object as `resources_list` prints it; only what reports read is typed. */
export interface KubeObjectLike {
	apiVersion?: string;
	kind?: string;
	metadata?: ObjectMetaLike & { generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
	// Parsed YAML of many kinds: each report reads these through its own narrower type.
	spec?: unknown;
	status?: unknown;
	[field: string]: unknown;
}

/** Objects of the given kinds from `resources_list` (or any tool that prints whole objects). */
export function readObjects<T extends KubeObjectLike = KubeObjectLike>(raw: unknown, field: string, tool: string, kinds: string[]): Reading<T[]> {
	const list = readList(raw, field, tool);
	if (list.available) checkKinds(list.value, field, tool, kinds);
	return list as Reading<T[]>;
}

/**
 * One input that may be several MCP Client items (one per namespace, say): their lists joined, and
 * the reasons of those that failed. A single item, or the list itself, is read as it is.
 */
export function readEach<T>(raw: unknown, read: (one: unknown) => Reading<T[]>): { value: T[]; failures: string[]; read: number } {
	const outputs = Array.isArray(raw) && raw.length > 0 && raw.every(isToolOutputItem) ? raw : [raw];
	const value: T[] = [];
	const failures: string[] = [];
	for (const output of outputs) {
		const reading = read(output);
		if (reading.available) value.push(...reading.value);
		else failures.push(reading.why);
	}
	return { value, failures, read: outputs.length - failures.length };
}

/** Pods from `pods_list` / `pods_list_in_namespace`. */
export function readPods(raw: unknown, field = 'pods', tool = 'pods_list'): Reading<PodLike[]> {
	return readObjects(raw, field, tool, ['Pod']) as Reading<PodLike[]>;
}

/** Namespaces from `namespaces_list`, or OpenShift Projects from `projects_list`. */
export function readNamespaces(raw: unknown, field = 'namespaces', tool = 'namespaces_list'): Reading<NamespaceLike[]> {
	return readObjects(raw, field, tool, ['Namespace', 'Project']) as Reading<NamespaceLike[]>;
}

/** Events from `events_list` (or Event objects from `resources_list`), as they came; see normaliseEvent. */
export function readEvents(raw: unknown, field = 'events', tool = 'events_list'): Reading<unknown[]> {
	const list = readList(raw, field, tool, NO_EVENTS);
	if (list.available) {
		list.value.forEach((item, index) => {
			if (!normaliseEvent(item)) throw new ReportInputError(field, `expected events from ${tool}, but item ${index + 1} has no Reason and InvolvedObject`);
		});
	}
	return list;
}

/**
 * An event in kubernetes-mcp-server's shape (`InvolvedObject`, `Reason`, `Timestamp`, …) or the API's
 * (`involvedObject`, `reason`, `lastTimestamp`, `count`); undefined for anything else.
 */
export function normaliseEvent(value: unknown): ClusterEvent | undefined {
	if (!isRecord(value)) return undefined;
	const involved = isRecord(value.InvolvedObject) ? value.InvolvedObject : isRecord(value.involvedObject) ? value.involvedObject : undefined;
	const reason = value.Reason ?? value.reason;
	if (!involved || typeof reason !== 'string') return undefined;
	const metadata = isRecord(value.metadata) ? value.metadata : {};
	const time = parseClusterTime(value.Timestamp ?? value.eventTime ?? value.lastTimestamp ?? value.firstTimestamp ?? metadata.creationTimestamp);
	const count = typeof value.count === 'number' && value.count > 0 ? value.count : 1;
	return {
		namespace: text(value.Namespace ?? involved.Namespace ?? involved.namespace ?? metadata.namespace),
		kind: text(involved.Kind ?? involved.kind),
		name: text(involved.Name ?? involved.name),
		reason,
		message: text(value.Message ?? value.message ?? value.note),
		type: text(value.Type ?? value.type),
		time,
		count,
	};
}
