/**
 * An in-process stand-in for kubernetes-mcp-server 0.0.67 (`--read-only --list-output yaml`) over
 * the fixture cluster's data, built with the MCP SDK and served over Streamable HTTP with stateful
 * sessions on 127.0.0.1. It lists the real server's read-only tools with the same schemas and
 * annotations and answers with the same texts: YAML as go-yaml prints it, the events header, the
 * `failed to … : <API message>` errors, the 100-line default tail, the empty-log sentence, the
 * kubectl top tables. Unlike the real server it has no client-side rate limit (the real one allows
 * 5 API requests/s after a burst of 10); `latencyMs` adds a fixed delay per call instead, to model
 * a real API. test/interop/fixture-mcp-server.test.ts compares its answers with the real binary's.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
	CallToolRequestSchema,
	ErrorCode,
	ListPromptsRequestSchema,
	ListResourcesRequestSchema,
	ListResourceTemplatesRequestSchema,
	ListToolsRequestSchema,
	type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';

import { type ApiResourceType, kubernetesApiResources, openShiftApiResources } from '../fixtures/cluster/api-resources';
import { uidFor } from '../fixtures/cluster/builders';
import { clusterDomain, defaultCluster } from '../fixtures/cluster';
import type { ContainerLogs, ContainerStatus, KubeEvent, KubeObject, Pod } from '../fixtures/cluster/types';
import type { FixtureClusterOptions } from './fixture-cluster';
import { fieldValue, parseFieldSelector, parseLabelSelector, SelectorError } from './fixture-cluster-selectors';
import { goTimeString, marshalYaml, milliValue, scaledValue, tabwriterFormat, wholeValue } from './fixture-mcp-format';
import { kubernetesMcpServerTools } from './fixture-mcp-tools';

export interface FixtureMcpServerOptions {
	/** Fixed delay before each tool call is answered, to model a real cluster's API round trips. */
	latencyMs?: number;
}

export interface FixtureMcpServer {
	/** `http://127.0.0.1:<port>/mcp` */
	url: string;
	transport: 'streamable-http';
	/** Tool calls answered so far, by tool name (every offered tool starts at 0). */
	calls: Record<string, number>;
	stop(): Promise<void>;
}

const defaultTailLines = 100;
const defaultContainerAnnotation = 'kubectl.kubernetes.io/default-container';

/** An API failure; `message` is what the API's Status says and the real server passes on. */
class ApiError extends Error {}

function groupVersionOf(type: ApiResourceType): string {
	return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

function qualifiedResource(type: ApiResourceType): string {
	return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

const noSuchResource = () => new ApiError('the server could not find the requested resource');

interface ListOptions {
	labelSelector?: string;
	fieldSelector?: string;
}

interface Collection {
	/** By `namespace/name`, in etcd's order (namespace, then name). */
	objects: Map<string, KubeObject>;
	sorted: KubeObject[];
	byNamespace: Map<string, KubeObject[]>;
	/** Objects by the value of one field, per namespace, built on first use (`involvedObject.name=…` on thousands of events). */
	fieldIndexes: Map<string, Map<string, KubeObject[]>>;
}

/**
 * The fixture cluster's objects, read the way the fixture Kubernetes API reads them: same
 * resourceVersions (assigned in the same order), same list order, same selector rules and
 * messages, same kubelet log rules.
 */
class FixtureStore {
	private readonly collections = new Map<ApiResourceType, Collection>();
	private readonly logs = new Map<string, Record<string, ContainerLogs>>();
	private resourceVersion = 200_000;

	constructor(
		readonly types: ApiResourceType[],
		data: Required<Pick<FixtureClusterOptions, 'pods' | 'events' | 'objects'>>,
	) {
		for (const object of data.objects) this.put(object);
		for (const event of data.events) this.put(event);
		for (const { pod, logs } of data.pods) {
			this.put(pod);
			this.logs.set(`${pod.metadata.namespace}/${pod.metadata.name}`, logs ?? {});
		}
		for (const collection of this.collections.values()) {
			collection.sorted = [...collection.objects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, object]) => object);
			for (const object of collection.sorted) {
				const namespace = object.metadata.namespace ?? '';
				const inNamespace = collection.byNamespace.get(namespace) ?? [];
				inNamespace.push(object);
				collection.byNamespace.set(namespace, inNamespace);
			}
		}
	}

	/** The API resource that serves `kind` in `apiVersion`, as the server's REST mapper finds it. */
	typeForKind(apiVersion: string, kind: string): ApiResourceType {
		const type = this.types.find((candidate) => !candidate.resource.includes('/') && candidate.kind === kind && groupVersionOf(candidate) === apiVersion);
		if (!type) throw new ApiError(`no matches for kind "${kind}" in version "${apiVersion}"`);
		return type;
	}

	typeOf(group: string, resource: string): ApiResourceType {
		const type = this.types.find((candidate) => candidate.group === group && candidate.resource === resource);
		if (!type) throw noSuchResource();
		return type;
	}

	get(type: ApiResourceType, namespace: string, name: string): KubeObject {
		if (name === '') throw new ApiError('name is required');
		if (type.namespaced === (namespace === '')) throw noSuchResource();
		const object = type.viewOf ? this.list(type, namespace, {}).find((candidate) => candidate.metadata.name === name) : this.collection(type).objects.get(`${namespace}/${name}`);
		if (!object) throw new ApiError(`${qualifiedResource(type)} "${name}" not found`);
		return object;
	}

	/** Namespace '' lists every namespace of a namespaced kind. */
	list(type: ApiResourceType, namespace: string, options: ListOptions): KubeObject[] {
		if (!type.namespaced && namespace !== '') throw noSuchResource();
		if (!type.verbs.includes('list')) throw new ApiError('the server does not allow this method on the requested resource');
		let objects: KubeObject[];
		if (type.viewOf) {
			objects = this.list(this.typeOf('', type.viewOf), namespace, {}).map((object) => ({ ...object, apiVersion: groupVersionOf(type), kind: type.kind }));
		} else {
			const collection = this.collection(type);
			objects = namespace === '' ? collection.sorted : (collection.byNamespace.get(namespace) ?? []);
			objects = this.narrowByFieldIndex(type, collection, namespace, objects, options.fieldSelector) ?? objects;
		}
		try {
			return this.select(type, objects, options);
		} catch (error) {
			if (error instanceof SelectorError) throw new ApiError(error.message);
			throw error;
		}
	}

	/** What the kubelet streams for `…/log?container=&previous=&tailLines=`. */
	podLog(namespace: string, name: string, container: string, previous: boolean, tail: number): string {
		const pod = this.get(this.typeOf('', 'pods'), namespace, name) as Pod;
		const containers = pod.spec.containers.map((c) => c.name);
		const initContainers = (pod.spec.initContainers ?? []).map((c) => c.name);
		if (!containers.includes(container) && !initContainers.includes(container)) throw new ApiError(`container ${container} is not valid for pod ${name}`);
		if (!pod.spec.nodeName) return '';
		const logs = this.logs.get(`${namespace}/${name}`)?.[container];
		return lastLines(selectContainerLog(pod, logs, container, previous), tail);
	}

	/** The objects one `field=value` requirement of the selector can match; `select` still applies the whole selector. */
	private narrowByFieldIndex(type: ApiResourceType, collection: Collection, namespace: string, objects: KubeObject[], fieldSelector: string | undefined): KubeObject[] | undefined {
		if (!fieldSelector) return undefined;
		let requirement;
		try {
			requirement = parseFieldSelector(fieldSelector).find((candidate) => !candidate.negate);
		} catch {
			return undefined;
		}
		if (!requirement) return undefined;
		const path = fieldPath(type, requirement.field);
		const key = `${namespace}\u0000${path}`;
		let index = collection.fieldIndexes.get(key);
		if (!index) {
			index = new Map();
			for (const object of objects) {
				const value = fieldValue(object, path);
				const bucket = index.get(value);
				if (bucket) bucket.push(object);
				else index.set(value, [object]);
			}
			collection.fieldIndexes.set(key, index);
		}
		return index.get(requirement.value) ?? [];
	}

	private select(type: ApiResourceType, objects: KubeObject[], options: ListOptions): KubeObject[] {
		let result = objects;
		if (options.labelSelector) {
			const matches = parseLabelSelector(options.labelSelector);
			result = result.filter((object) => matches(object.metadata.labels ?? {}));
		}
		if (options.fieldSelector) {
			const supported = new Set(['metadata.name', 'metadata.namespace', ...(type.selectableFields ?? [])]);
			for (const requirement of parseFieldSelector(options.fieldSelector)) {
				if (!supported.has(requirement.field)) throw new ApiError(`field label not supported: ${requirement.field}`);
				const path = fieldPath(type, requirement.field);
				result = result.filter((object) => (fieldValue(object, path) === requirement.value) !== requirement.negate);
			}
		}
		return result;
	}

	private put(object: KubeObject): void {
		const type = this.types.find((candidate) => !candidate.resource.includes('/') && candidate.kind === object.kind && groupVersionOf(candidate) === object.apiVersion);
		if (!type) throw new Error(`the fixture MCP server serves no ${object.apiVersion} ${object.kind}; add it to api-resources.ts`);
		const namespace = type.namespaced ? (object.metadata.namespace ?? '') : '';
		const key = `${namespace}/${object.metadata.name}`;
		const collection = this.collection(type);
		if (collection.objects.has(key)) throw new Error(`fixture data has two ${object.kind} objects named ${key}`);
		const metadata = {
			...object.metadata,
			uid: object.metadata.uid ?? uidFor(`${object.kind}:${key}`),
			creationTimestamp: object.metadata.creationTimestamp ?? '2025-06-03T09:20:52Z',
			resourceVersion: String(++this.resourceVersion),
		};
		collection.objects.set(key, { ...object, metadata });
	}

	private collection(type: ApiResourceType): Collection {
		let collection = this.collections.get(type);
		if (!collection) {
			collection = { objects: new Map(), sorted: [], byNamespace: new Map(), fieldIndexes: new Map() };
			this.collections.set(type, collection);
		}
		return collection;
	}
}

/** Where a field selector's field lives in the object; events select on `source` by the reporting component's name. */
function fieldPath(type: ApiResourceType, field: string): string {
	return type.kind === 'Event' && field === 'source' ? 'source.component' : field;
}

function lastLines(text: string, count: number): string {
	const endsWithNewline = text.endsWith('\n');
	const lines = text.split('\n');
	if (endsWithNewline) lines.pop();
	const kept = lines.slice(Math.max(0, lines.length - count));
	return kept.length === 0 ? '' : kept.join('\n') + (endsWithNewline ? '\n' : '');
}

/** The kubelet's validateContainerLogStatus, as test/support/fixture-cluster.ts follows it. */
function selectContainerLog(pod: Pod, logs: ContainerLogs | undefined, container: string, previous: boolean): string {
	const statuses: ContainerStatus[] = [...(pod.status.containerStatuses ?? []), ...(pod.status.initContainerStatuses ?? [])];
	const status = statuses.find((candidate) => candidate.name === container);
	const podName = pod.metadata.name;
	if (!status) throw new ApiError(`container "${container}" in pod "${podName}" is not available`);
	const { running, terminated, waiting } = status.state;
	const lastTerminated = status.lastState.terminated;
	if (previous) {
		if (!lastTerminated?.containerID) throw new ApiError(`previous terminated container "${container}" in pod "${podName}" not found`);
		return logs?.previous ?? '';
	}
	if (running) return logs?.current ?? '';
	if (terminated) {
		if (terminated.containerID) return logs?.current ?? '';
		if (lastTerminated?.containerID) return logs?.previous ?? '';
		throw new ApiError(`container "${container}" in pod "${podName}" is terminated`);
	}
	if (lastTerminated) {
		if (!lastTerminated.containerID) throw new ApiError(`container "${container}" in pod "${podName}" is terminated`);
		return logs?.previous ?? '';
	}
	if (waiting) {
		const why = waiting.reason === 'ErrImagePull' ? "image can't be pulled" : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting.reason;
		throw new ApiError(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
	}
	throw new ApiError(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

/** Go's `%T` of a decoded JSON argument. */
function goTypeName(value: unknown): string {
	if (typeof value === 'string') return 'string';
	if (typeof value === 'boolean') return 'bool';
	if (typeof value === 'number') return 'float64';
	if (Array.isArray(value)) return '[]interface {}';
	return value === null ? '<nil>' : 'map[string]interface {}';
}

/** The server's api.Params: typed reads of the arguments; the first wrong one is the error. */
class Params {
	error?: string;

	constructor(private readonly args: Record<string, unknown>) {}

	requiredString(key: string): string {
		if (this.error) return '';
		if (!(key in this.args)) this.error = `${key} parameter required`;
		else if (typeof this.args[key] !== 'string') this.error = `${key} parameter must be a string`;
		return this.error ? '' : (this.args[key] as string);
	}

	optionalString(key: string, fallback: string): string {
		if (this.error || !(key in this.args)) return fallback;
		if (typeof this.args[key] !== 'string') {
			this.error = `${key} parameter must be a string`;
			return fallback;
		}
		return this.args[key] as string;
	}

	optionalBool(key: string, fallback: boolean): boolean {
		if (this.error || !(key in this.args)) return fallback;
		if (typeof this.args[key] !== 'boolean') {
			this.error = `${key} parameter must be a boolean`;
			return fallback;
		}
		return this.args[key] as boolean;
	}

	optionalInteger(key: string, fallback: number): number {
		const value = this.args[key];
		if (this.error || value === undefined || value === null) return fallback;
		if (typeof value !== 'number') {
			this.error = `${key} parameter must be an integer: expected integer, got ${goTypeName(value)}`;
			return fallback;
		}
		return Math.trunc(value);
	}
}

const text = (body: string): CallToolResult => ({ content: [{ type: 'text', text: body }] });
const failure = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });
const messageOf = (error: unknown): string => {
	if (error instanceof ApiError) return error.message;
	throw error;
};

type ToolHandler = (args: Record<string, unknown>) => CallToolResult;

/** `schema.ParseGroupVersionKind` of the resources_* tools' arguments; returns an error text or the pair. */
function groupVersionKind(args: Record<string, unknown>): { apiVersion: string; kind: string } | string {
	if (args.apiVersion === undefined || args.apiVersion === null) return 'missing argument apiVersion';
	if (args.kind === undefined || args.kind === null) return 'missing argument kind';
	if (typeof args.apiVersion !== 'string') return 'apiVersion is not a string';
	if ((args.apiVersion.match(/\//g) ?? []).length > 1) return 'invalid argument apiVersion';
	if (typeof args.kind !== 'string') return 'kind is not a string';
	return { apiVersion: args.apiVersion, kind: args.kind };
}

/** kubectl's `top` tables; `cells` rows become tab-terminated cells. */
function table(rows: string[][]): string {
	return tabwriterFormat(rows.map((row) => `${row.map((cell) => `${cell}\t`).join('')}\n`).join(''));
}

const cpu = (quantity: unknown) => `${milliValue(quantity)}m`;
const mebibytes = (quantity: unknown) => `${wholeValue(quantity) / 1048576n}Mi`;
const percent = (usage: unknown, available: unknown) => {
	const total = milliValue(available);
	return `${total === 0n ? 0 : Math.trunc((Number(milliValue(usage)) / Number(total)) * 100)}%`;
};

function createToolHandlers(store: FixtureStore, kubeconfigNamespace: string): Record<string, ToolHandler> {
	const pods = store.typeOf('', 'pods');
	const namespaceOrDefault = (namespace: string) => namespace || kubeconfigNamespace;
	/** The server reads the Node, then asks the kubelet proxy, which neither fixture serves. */
	const nodeProxyError = (name: string, what: string): string => {
		try {
			store.get(store.typeOf('', 'nodes'), '', name);
		} catch (error) {
			return `failed to get node ${name}: ${messageOf(error)}`;
		}
		return `${what}: ${noSuchResource().message}`;
	};

	const podsList = (args: Record<string, unknown>, namespaced: boolean): CallToolResult => {
		const params = new Params(args);
		const namespace = namespaced ? params.requiredString('namespace') : '';
		const options = { labelSelector: params.optionalString('labelSelector', ''), fieldSelector: params.optionalString('fieldSelector', '') };
		const where = namespaced ? 'in namespace' : 'in all namespaces';
		if (params.error) return failure(`failed to list pods ${where}: ${params.error}`);
		try {
			return text(marshalYaml(store.list(pods, namespace, options)));
		} catch (error) {
			return failure(`failed to list pods ${namespaced ? `in namespace ${namespace}` : where}: ${messageOf(error)}`);
		}
	};

	const kubeconfig = {
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [{ name: 'fixture', cluster: { server: `https://api.${clusterDomain}:6443` } }],
		contexts: [{ name: 'fixture', context: { cluster: 'fixture', namespace: kubeconfigNamespace, user: 'mcp-readonly' } }],
		'current-context': 'fixture',
		// No token: unlike a real kubeconfig there is no secret here to leak.
		users: [{ name: 'mcp-readonly', user: {} }],
	};

	return {
		configuration_view: (args) => {
			const params = new Params(args);
			params.optionalBool('minified', true);
			if (params.error) return failure(`failed to get configuration: ${params.error}`);
			return text(marshalYaml(kubeconfig));
		},

		events_list: (args) => {
			const params = new Params(args);
			const namespace = params.optionalString('namespace', '');
			const fieldSelector = params.optionalString('fieldSelector', '');
			if (params.error) return failure(`failed to list events in all namespaces: ${params.error}`);
			let events: KubeEvent[];
			try {
				events = store.list(store.typeOf('', 'events'), namespace, { fieldSelector }) as KubeEvent[];
			} catch (error) {
				return failure(`failed to list events in all namespaces: ${messageOf(error)}`);
			}
			if (events.length === 0) return text('# No events found');
			const rows = events.map((event) => ({
				Namespace: event.metadata.namespace ?? '',
				Timestamp: goTimeString(event.eventTime ?? ((event.count ?? 0) > 1 ? event.lastTimestamp : event.firstTimestamp)),
				Type: event.type,
				Reason: event.reason,
				InvolvedObject: { apiVersion: event.involvedObject.apiVersion, Kind: event.involvedObject.kind, Name: event.involvedObject.name },
				Message: event.message.trim(),
			}));
			return text(`# The following events (YAML format) were found:\n${marshalYaml(rows)}`);
		},

		namespaces_list: (args) => {
			const params = new Params(args);
			const fieldSelector = params.optionalString('fieldSelector', '');
			if (params.error) return failure(`failed to list namespaces: ${params.error}`);
			try {
				return text(marshalYaml(store.list(store.typeOf('', 'namespaces'), '', { fieldSelector })));
			} catch (error) {
				return failure(`failed to list namespaces: ${messageOf(error)}`);
			}
		},

		nodes_log: (args) => {
			const { name, query, tailLines } = args;
			if (typeof name !== 'string' || name === '') return failure('failed to get node log, missing argument name');
			if (typeof query !== 'string' || query === '') return failure('failed to get node log, missing argument query');
			if (tailLines !== undefined && tailLines !== null && typeof tailLines !== 'number') {
				return failure(`failed to parse tailLines parameter: expected integer, got ${goTypeName(tailLines)}`);
			}
			// Node logs come through the kubelet proxy, which the fixture cluster does not serve either.
			return failure(`failed to get node log for ${name}: ${nodeProxyError(name, 'failed to get node logs')}`);
		},

		nodes_stats_summary: (args) => {
			const { name } = args;
			if (typeof name !== 'string' || name === '') return failure('failed to get node stats summary, missing argument name');
			return failure(`failed to get node stats summary for ${name}: ${nodeProxyError(name, 'failed to get node stats summary')}`);
		},

		nodes_top: (args) => {
			const name = typeof args.name === 'string' ? args.name : '';
			const labelSelector = typeof args.label_selector === 'string' ? args.label_selector : '';
			const nodeMetricsType = store.typeOf('metrics.k8s.io', 'nodes');
			let metrics: KubeObject[];
			try {
				metrics = name ? [store.get(nodeMetricsType, '', name)] : store.list(nodeMetricsType, '', { labelSelector });
			} catch (error) {
				return failure(`failed to get nodes top: ${name ? `failed to get metrics for node ${name}` : 'failed to list node metrics'}: ${messageOf(error)}`);
			}
			let nodes: KubeObject[];
			try {
				nodes = store.list(store.typeOf('', 'nodes'), '', { labelSelector });
			} catch (error) {
				return failure(`failed to list nodes: ${messageOf(error)}`);
			}
			if (metrics.length === 0) return text('');
			const allocatable = new Map(nodes.map((node) => [node.metadata.name, ((node.status as { allocatable?: Record<string, string> })?.allocatable ?? {})]));
			const rows = [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)', 'SWAP(bytes)', 'SWAP(%)']];
			for (const metric of [...metrics].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
				const usage = (metric.usage ?? {}) as Record<string, string>;
				const available = allocatable.get(metric.metadata.name);
				const row = [metric.metadata.name, cpu(usage.cpu)];
				if (available?.cpu !== undefined) row.push(percent(usage.cpu, available.cpu));
				row.push(mebibytes(usage.memory));
				if (available?.memory !== undefined) row.push(percent(usage.memory, available.memory));
				row.push(mebibytes(usage.swap));
				rows.push(row);
				allocatable.delete(metric.metadata.name);
			}
			// Nodes without metrics; the real server prints them in Go's random map order, this one by name.
			for (const nodeName of [...allocatable.keys()].sort()) rows.push([nodeName, ...Array<string>(6).fill('<unknown>')]);
			return text(table(rows));
		},

		pods_get: (args) => {
			const params = new Params(args);
			const namespace = params.optionalString('namespace', '');
			const name = params.requiredString('name');
			if (params.error) return failure(`failed to get pod: ${params.error}`);
			try {
				return text(marshalYaml(store.get(pods, namespaceOrDefault(namespace), name)));
			} catch (error) {
				return failure(`failed to get pod ${name} in namespace ${namespace}: ${messageOf(error)}`);
			}
		},

		pods_list: (args) => podsList(args, false),

		pods_list_in_namespace: (args) => podsList(args, true),

		pods_log: (args) => {
			const params = new Params(args);
			const namespace = params.optionalString('namespace', '');
			const name = params.requiredString('name');
			let container = params.optionalString('container', '');
			const previous = params.optionalBool('previous', false);
			const tail = params.optionalInteger('tail', 0);
			if (params.error) return failure(`failed to get pod log: ${params.error}`);
			let log: string;
			try {
				if (!container) container = defaultContainerOf(store.get(pods, namespaceOrDefault(namespace), name) as Pod);
				log = store.podLog(namespaceOrDefault(namespace), name, container, previous, tail > 0 ? tail : defaultTailLines);
			} catch (error) {
				return failure(`failed to get pod ${name} log in namespace ${namespace}: ${messageOf(error)}`);
			}
			return text(log === '' ? `The pod ${name} in namespace ${namespace} has not logged any message yet` : log);
		},

		pods_top: (args) => {
			const params = new Params(args);
			const allNamespaces = params.optionalBool('all_namespaces', true);
			let namespace = params.optionalString('namespace', '');
			const name = params.optionalString('name', '');
			const labelSelector = params.optionalString('label_selector', '');
			if (params.error) return failure(`failed to get pods top: ${params.error}`);
			if (!(allNamespaces && namespace === '')) namespace = namespaceOrDefault(namespace);
			const podMetricsType = store.typeOf('metrics.k8s.io', 'pods');
			let metrics: KubeObject[];
			try {
				metrics = name ? [store.get(podMetricsType, namespace, name)] : store.list(podMetricsType, namespace, { labelSelector });
			} catch (error) {
				const what = name ? `failed to get metrics for pod ${namespace}/${name}` : `failed to list pod metrics in namespace ${namespace}`;
				return failure(`failed to get pods top: ${what}: ${messageOf(error)}`);
			}
			if (metrics.length === 0) return text('');
			const rows = [['NAMESPACE', 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)', 'SWAP(bytes)']];
			// Summed exactly (in nano units) and rounded once, as kubectl adds Quantities.
			const totals = { cpu: 0n, memory: 0n, swap: 0n };
			const byNamespaceAndName = (a: KubeObject, b: KubeObject) => {
				const [x, y] = [a.metadata.namespace ?? '', b.metadata.namespace ?? ''];
				if (x !== y) return x < y ? -1 : 1;
				return a.metadata.name < b.metadata.name ? -1 : 1;
			};
			const sorted = [...metrics].sort(byNamespaceAndName);
			for (const metric of sorted) {
				const containers = [...((metric.containers ?? []) as Array<{ name: string; usage?: Record<string, string> }>)].sort((a, b) => (a.name < b.name ? -1 : 1));
				for (const container of containers) {
					const usage = container.usage ?? {};
					rows.push([metric.metadata.namespace ?? '', metric.metadata.name, container.name, cpu(usage.cpu), mebibytes(usage.memory), mebibytes(usage.swap)]);
					totals.cpu += scaledValue(usage.cpu, 9);
					totals.memory += scaledValue(usage.memory, 9);
					totals.swap += scaledValue(usage.swap, 9);
				}
			}
			// kubectl's sum rows: the totals land one column to the right of their headers.
			rows.push(['', '', '', '', '________', '________']);
			const fromNanos = (nanos: bigint, scale: bigint) => (nanos + scale - 1n) / scale;
			rows.push(['', '', '', '', `${fromNanos(totals.cpu, 1_000_000n)}m`, `${fromNanos(totals.memory, 1_000_000_000n) / 1048576n}Mi`, `${fromNanos(totals.swap, 1_000_000_000n) / 1048576n}Mi`]);
			return text(table(rows));
		},

		projects_list: () => {
			try {
				return text(marshalYaml(store.list(store.typeForKind('project.openshift.io/v1', 'Project'), '', {})));
			} catch (error) {
				return failure(`failed to list projects: ${messageOf(error)}`);
			}
		},

		resources_get: (args) => {
			const namespace = args.namespace ?? '';
			const gvk = groupVersionKind(args);
			if (typeof gvk === 'string') return failure(`failed to get resource, ${gvk}`);
			if (args.name === undefined || args.name === null) return failure('failed to get resource, missing argument name');
			if (typeof namespace !== 'string') return failure('namespace is not a string');
			if (typeof args.name !== 'string') return failure('name is not a string');
			try {
				const type = store.typeForKind(gvk.apiVersion, gvk.kind);
				const object = store.get(type, type.namespaced ? namespaceOrDefault(namespace) : namespace, args.name);
				return { ...text(marshalYaml(object)), structuredContent: withSortedKeys(object) };
			} catch (error) {
				return failure(`failed to get resource: ${messageOf(error)}`);
			}
		},

		resources_list: (args) => {
			const namespace = args.namespace ?? '';
			const options: ListOptions = {};
			if (args.labelSelector !== undefined && args.labelSelector !== null) {
				if (typeof args.labelSelector !== 'string') return failure('labelSelector is not a string');
				options.labelSelector = args.labelSelector;
			}
			if (args.fieldSelector !== undefined && args.fieldSelector !== null) {
				if (typeof args.fieldSelector !== 'string') return failure('fieldSelector is not a string');
				options.fieldSelector = args.fieldSelector;
			}
			const gvk = groupVersionKind(args);
			if (typeof gvk === 'string') return failure(`failed to list resources, ${gvk}`);
			if (typeof namespace !== 'string') return failure('namespace is not a string');
			try {
				const items = store.list(store.typeForKind(gvk.apiVersion, gvk.kind), namespace, options);
				return { ...text(marshalYaml(items)), structuredContent: { items: items.map(withSortedKeys) } };
			} catch (error) {
				return failure(`failed to list resources: ${messageOf(error)}`);
			}
		},
	};
}

/** A copy with every object's keys in the order Go's encoding/json writes a map: sorted. */
function withSortedKeys<T>(value: T): T {
	if (Array.isArray(value)) return value.map(withSortedKeys) as T;
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(Object.keys(value).sort().map((key) => [key, withSortedKeys((value as Record<string, unknown>)[key])])) as T;
}

/** The container `pods_log` reads when none is named: the only one, the annotated default, or the first. */
function defaultContainerOf(pod: Pod): string {
	const containers = pod.spec.containers;
	if (containers.length === 1) return containers[0].name;
	return pod.metadata.annotations?.[defaultContainerAnnotation] || (containers[0]?.name ?? '');
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		signal.addEventListener('abort', () => {
			clearTimeout(timer);
			resolve();
		}, { once: true });
	});
}

function buildMcpServer(handlers: Record<string, ToolHandler>, calls: Record<string, number>, latencyMs: number): Server {
	const server = new Server(
		{ name: 'kubernetes-mcp-server', title: 'kubernetes-mcp-server (fixture)', version: 'v0.0.67-fixture' },
		{ capabilities: { logging: {}, prompts: { listChanged: true }, resources: { listChanged: true }, tools: { listChanged: true } } },
	);
	server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: kubernetesMcpServerTools }));
	server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [] }));
	server.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: [] }));
	server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: [] }));
	server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
		const { name } = request.params;
		// A JSON-RPC error, not a tool result, as the real server answers; the SDK sends `message` as is.
		if (!Object.hasOwn(handlers, name)) throw Object.assign(new Error(`unknown tool "${name}"`), { code: ErrorCode.InvalidParams });
		const handler = handlers[name];
		calls[name]++;
		if (latencyMs > 0) await delay(latencyMs, extra.signal);
		return handler(request.params.arguments ?? {});
	});
	return server;
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	const body = Buffer.concat(chunks).toString('utf8');
	return body ? JSON.parse(body) : undefined;
}

function sendJsonRpcError(response: ServerResponse, status: number, message: string): void {
	response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/**
 * Starts the fixture MCP server over `cluster` (the same data `startFixtureCluster` takes; by default
 * the whole default fixture cluster). Stop it with `stop()`.
 */
export async function startFixtureMcpServer(cluster: FixtureClusterOptions = {}, options: FixtureMcpServerOptions = {}): Promise<FixtureMcpServer> {
	const types = cluster.openshift ? [...kubernetesApiResources, ...openShiftApiResources] : kubernetesApiResources;
	const store = new FixtureStore(types, {
		pods: cluster.pods ?? defaultCluster.pods,
		events: cluster.events ?? defaultCluster.events,
		objects: cluster.objects ?? defaultCluster.objects,
	});
	const handlers = createToolHandlers(store, cluster.namespace ?? 'default');
	const calls: Record<string, number> = Object.fromEntries(kubernetesMcpServerTools.map((tool) => [tool.name, 0]));
	const sessions = new Map<string, StreamableHTTPServerTransport>();

	const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
		const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
		if (path === '/healthz') {
			response.writeHead(200).end();
			return;
		}
		if (path !== '/mcp') {
			response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
			return;
		}
		const body = request.method === 'POST' ? await readJsonBody(request) : undefined;
		const sessionId = request.headers['mcp-session-id'];
		if (typeof sessionId === 'string') {
			const transport = sessions.get(sessionId);
			if (!transport) return sendJsonRpcError(response, 404, 'Session not found');
			return transport.handleRequest(request, response, body);
		}
		if ((body as { method?: string } | undefined)?.method !== 'initialize') return sendJsonRpcError(response, 400, 'Bad Request: no session');
		const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
			sessionIdGenerator: () => randomUUID(),
			onsessioninitialized: (id) => void sessions.set(id, transport),
		});
		transport.onclose = () => {
			if (transport.sessionId) sessions.delete(transport.sessionId);
		};
		await buildMcpServer(handlers, calls, options.latencyMs ?? 0).connect(transport);
		await transport.handleRequest(request, response, body);
	};

	const httpServer = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(error));
		});
	});
	await new Promise<void>((resolve, reject) => {
		httpServer.once('error', reject);
		httpServer.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = httpServer.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}/mcp`,
		transport: 'streamable-http',
		calls,
		stop: async () => {
			for (const transport of [...sessions.values()]) await transport.close().catch(() => undefined);
			httpServer.closeAllConnections();
			await new Promise<void>((resolve) => httpServer.close(() => resolve()));
		},
	};
}
