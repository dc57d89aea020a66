/**
 * A small, read-only Kubernetes API server for tests: it answers discovery, get/list (with label and
 * field selectors), pod logs and metrics the way kube-apiserver and the kubelet do, refuses every write
 * with 403 and records each request, so a test can prove what a client (e.g. the real
 * kubernetes-mcp-server) read and that it changed nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

import { type ApiResourceType, kubernetesApiResources, openShiftApiResources } from '../fixtures/cluster/api-resources';
import { defaultCluster } from '../fixtures/cluster';
import type { ContainerLogs, ContainerStatus, FixturePod, KubeEvent, KubeObject, Pod } from '../fixtures/cluster/types';
import { accessReviewAttributesFromProtobuf, isKubernetesProtobuf, type ResourceAttributes } from './fixture-cluster-protobuf';
import { fieldValue, parseFieldSelector, parseLabelSelector, SelectorError } from './fixture-cluster-selectors';

export interface RecordedRequest {
	method: string;
	/** Path without the query string, e.g. `/api/v1/namespaces/ci/pods/x/log`. */
	path: string;
	query: Record<string, string>;
	/** Request body as UTF-8 (protobuf bodies from client-go's typed clients read as mojibake). */
	body: string;
	contentType?: string;
	/** Status code the fixture answered with. */
	status: number;
}

export interface FixtureClusterOptions {
	/** Pods with their logs; default: every failure scenario in test/fixtures/cluster. */
	pods?: FixturePod[];
	/** Default: the scenarios' events. */
	events?: KubeEvent[];
	/** Any other objects (Namespaces, Nodes, Deployments, metrics…); default: the fixture cluster's. */
	objects?: KubeObject[];
	/** Also serve route.openshift.io and project.openshift.io, so clients detect OpenShift. */
	openshift?: boolean;
	/** Namespace of the kubeconfig context; default `default`. */
	namespace?: string;
}

export interface FixtureCluster {
	url: string;
	/**
	 * Kubeconfig with a token user and the fixture's http URL. client-go only sends kubeconfig
	 * credentials over TLS, so the token never reaches this server and the fixture does not check it.
	 */
	kubeconfigPath: string;
	/** Every request, in arrival order. */
	requests: RecordedRequest[];
	/**
	 * Requests that would change the cluster: any method but GET/HEAD/OPTIONS, except access reviews
	 * (SelfSubjectAccessReview/RulesReview), which are POSTed questions that store nothing.
	 */
	writeRequests(): RecordedRequest[];
	addPod(pod: FixturePod): void;
	removePod(namespace: string, name: string): void;
	addObject(object: KubeObject): void;
	close(): Promise<void>;
}

const fixtureUser = 'system:serviceaccount:ci:mcp-readonly';
const readVerbs = new Set(['get', 'list', 'watch']);
const accessReviewResources = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews']);
const writeVerbs: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** What kube-apiserver 1.31 (OpenShift 4.18) reports at /version. */
const versionInfo = {
	major: '1',
	minor: '31',
	gitVersion: 'v1.31.6',
	gitCommit: 'e0ede9c6d4a2b8e1f7a0cbb4a1a8b4e3c8f1d2a7',
	gitTreeState: 'clean',
	buildDate: '2025-02-12T21:26:09Z',
	goVersion: 'go1.22.12',
	compiler: 'gc',
	platform: 'linux/amd64',
};

class ApiError extends Error {
	constructor(
		readonly code: number,
		readonly reason: string,
		message: string,
		readonly details?: Record<string, unknown>,
	) {
		super(message);
	}
}

function groupVersionOf(type: ApiResourceType): string {
	return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `pods` for the core group, `deployments.apps` otherwise, as API error messages name resources. */
function qualifiedResource(type: ApiResourceType): string {
	return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

function notFound(type: ApiResourceType, name: string): ApiError {
	return new ApiError(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, {
		name,
		...(type.group === '' ? {} : { group: type.group }),
		kind: type.resource,
	});
}

const noSuchResource = (): ApiError =>
	new ApiError(404, 'NotFound', 'the server could not find the requested resource', {
		causes: [{ reason: 'UnexpectedServerResponse', message: '404 page not found' }],
	});

const badRequest = (message: string): ApiError => new ApiError(400, 'BadRequest', message);

/** Objects keyed by group, resource, namespace and name; the resource table says where a kind lives. */
class ObjectStore {
	private readonly objects = new Map<string, KubeObject>();
	private resourceVersion = 200_000;

	constructor(readonly types: ApiResourceType[]) {}

	typeOfObject(object: KubeObject): ApiResourceType {
		const type = this.types.find(
			(candidate) =>
				!candidate.resource.includes('/') && candidate.kind === object.kind && groupVersionOf(candidate) === object.apiVersion,
		);
		if (!type) throw new Error(`fixture cluster serves no ${object.apiVersion} ${object.kind}; add it to api-resources.ts`);
		return type;
	}

	typeAt(group: string, version: string, resource: string): ApiResourceType | undefined {
		return this.types.find((type) => type.group === group && type.version === version && type.resource === resource);
	}

	/** Stores `object`, replacing one of the same name unless `unique` asks to refuse duplicates. */
	put(object: KubeObject, unique = false): void {
		const type = this.typeOfObject(object);
		const stored = structuredClone(object);
		stored.metadata.uid ??= randomUUID();
		stored.metadata.creationTimestamp ??= new Date().toISOString().replace(/\.\d+Z$/, 'Z');
		stored.metadata.resourceVersion = String(++this.resourceVersion);
		if (type.namespaced && !stored.metadata.namespace) {
			throw new Error(`${object.kind} ${object.metadata.name} needs metadata.namespace`);
		}
		const key = this.key(type, stored.metadata.namespace, stored.metadata.name);
		if (unique && this.objects.has(key)) throw new Error(`fixture data has two ${object.kind} objects named ${key}`);
		this.objects.set(key, stored);
	}

	remove(type: ApiResourceType, namespace: string | undefined, name: string): void {
		this.objects.delete(this.key(type, namespace, name));
	}

	get(type: ApiResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
		return this.list(type, namespace).find((object) => object.metadata.name === name);
	}

	/** Namespace undefined lists across all namespaces; order is etcd's (namespace, then name). */
	list(type: ApiResourceType, namespace: string | undefined): KubeObject[] {
		if (type.viewOf) return this.listView(type, namespace);
		const prefix = this.key(type, namespace, '');
		const allNamespaces = type.namespaced && namespace === undefined;
		return [...this.objects.entries()]
			.filter(([key]) => (allNamespaces ? key.startsWith(`${type.group}/${type.resource}/`) : key.startsWith(prefix)))
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([, object]) => object);
	}

	currentResourceVersion(): string {
		return String(this.resourceVersion);
	}

	private listView(type: ApiResourceType, namespace: string | undefined): KubeObject[] {
		const source = this.types.find((candidate) => candidate.group === '' && candidate.resource === type.viewOf);
		if (!source) return [];
		return this.list(source, namespace).map((object) => ({
			...object,
			apiVersion: groupVersionOf(type),
			kind: type.kind,
		}));
	}

	private key(type: ApiResourceType, namespace: string | undefined, name: string): string {
		return `${type.group}/${type.resource}/${type.namespaced ? (namespace ?? '') : ''}/${name}`;
	}
}

function tailLines(text: string, count: number): string {
	const endsWithNewline = text.endsWith('\n');
	const lines = text.split('\n');
	if (endsWithNewline) lines.pop();
	const kept = lines.slice(Math.max(0, lines.length - count));
	return kept.length === 0 ? '' : kept.join('\n') + (endsWithNewline ? '\n' : '');
}

/**
 * Which log the kubelet streams for a container, following its validateContainerLogStatus: the
 * `previous` instance is the one in lastState; a waiting container that ran before streams its last
 * run; one that never ran has no log and the kubelet says why.
 */
function selectContainerLog(pod: Pod, logs: ContainerLogs | undefined, container: string, previous: boolean): string {
	const statuses: ContainerStatus[] = [...(pod.status.containerStatuses ?? []), ...(pod.status.initContainerStatuses ?? [])];
	const status = statuses.find((candidate) => candidate.name === container);
	const podName = pod.metadata.name;
	if (!status) throw badRequest(`container "${container}" in pod "${podName}" is not available`);
	const { running, terminated, waiting } = status.state;
	const lastTerminated = status.lastState.terminated;
	if (previous) {
		if (!lastTerminated?.containerID) {
			throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
		}
		return logs?.previous ?? '';
	}
	if (running) return logs?.current ?? '';
	if (terminated) {
		if (terminated.containerID) return logs?.current ?? '';
		if (lastTerminated?.containerID) return logs?.previous ?? '';
		throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
	}
	if (lastTerminated) {
		if (!lastTerminated.containerID) throw badRequest(`container "${container}" in pod "${podName}" is terminated`);
		return logs?.previous ?? '';
	}
	if (waiting) {
		const why =
			waiting.reason === 'ErrImagePull'
				? "image can't be pulled"
				: waiting.reason === 'ImagePullBackOff'
					? 'trying and failing to pull image'
					: waiting.reason;
		throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${why}`);
	}
	throw badRequest(`container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

function containerNames(pod: Pod, kind: 'containers' | 'initContainers'): string[] {
	return (pod.spec[kind] ?? []).map((container) => container.name);
}

/** The apiserver's own checks (LogLocation) before it asks the kubelet. */
function resolveLogContainer(pod: Pod, requested: string | null): string {
	const containers = containerNames(pod, 'containers');
	const initContainers = containerNames(pod, 'initContainers');
	const name = pod.metadata.name;
	if (!requested) {
		if (containers.length === 1) return containers[0];
		let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
		if (initContainers.length > 0) message += ` or one of the init containers: [${initContainers.join(' ')}]`;
		throw badRequest(message);
	}
	if (!containers.includes(requested) && !initContainers.includes(requested)) {
		throw badRequest(`container ${requested} is not valid for pod ${name}`);
	}
	return requested;
}

function filterBySelectors(type: ApiResourceType, objects: KubeObject[], query: URLSearchParams): KubeObject[] {
	let result = objects;
	const labelSelector = query.get('labelSelector');
	if (labelSelector) {
		const matches = parseLabelSelector(labelSelector);
		result = result.filter((object) => matches(object.metadata.labels ?? {}));
	}
	const fieldSelector = query.get('fieldSelector');
	if (fieldSelector) {
		const supported = new Set(['metadata.name', 'metadata.namespace', ...(type.selectableFields ?? [])]);
		for (const requirement of parseFieldSelector(fieldSelector)) {
			if (!supported.has(requirement.field)) throw badRequest(`field label not supported: ${requirement.field}`);
			// Events select on `source` by the reporting component's name.
			const path = type.kind === 'Event' && requirement.field === 'source' ? 'source.component' : requirement.field;
			result = result.filter((object) => (fieldValue(object, path) === requirement.value) !== requirement.negate);
		}
	}
	return result;
}

/** List items carry no apiVersion/kind of their own: the list's kind says what they are. */
function withoutTypeMeta(object: KubeObject): Partial<KubeObject> {
	const item: Partial<KubeObject> = { ...object };
	delete item.apiVersion;
	delete item.kind;
	return item;
}

function discoveryResource(type: ApiResourceType): Record<string, unknown> {
	return {
		name: type.resource,
		singularName: type.singularName,
		namespaced: type.namespaced,
		kind: type.kind,
		verbs: type.verbs,
		...(type.shortNames ? { shortNames: type.shortNames } : {}),
		...(type.categories ? { categories: type.categories } : {}),
	};
}

function groupDocument(group: string, versions: string[]): Record<string, unknown> {
	const groupVersions = versions.map((version) => ({ groupVersion: `${group}/${version}`, version }));
	return { name: group, versions: groupVersions, preferredVersion: groupVersions[0] };
}

interface ParsedRequest {
	method: string;
	segments: string[];
	query: URLSearchParams;
	body: Buffer;
	host: string;
}

class FixtureApi {
	constructor(
		private readonly store: ObjectStore,
		private readonly logs: Map<string, Record<string, ContainerLogs>>,
	) {}

	/** Returns [status, body, contentType]. */
	handle(request: ParsedRequest): [number, unknown, string] {
		const { segments } = request;
		if (segments.length === 1 && segments[0] === 'version') return [200, versionInfo, 'application/json'];
		if (segments[0] === 'api') return this.handleGroupVersion(request, '', segments.slice(1), true);
		if (segments[0] === 'apis') {
			if (segments.length === 1) return [200, this.groupList(), 'application/json'];
			const group = segments[1];
			const versions = this.versionsOf(group);
			if (versions.length === 0) throw noSuchResource();
			if (segments.length === 2) return [200, { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(group, versions) }, 'application/json'];
			return this.handleGroupVersion(request, group, segments.slice(2), false);
		}
		throw noSuchResource();
	}

	private versionsOf(group: string): string[] {
		return [...new Set(this.store.types.filter((type) => type.group === group).map((type) => type.version))];
	}

	private groupList(): Record<string, unknown> {
		const groups = [...new Set(this.store.types.map((type) => type.group).filter((group) => group !== ''))];
		return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map((group) => groupDocument(group, this.versionsOf(group))) };
	}

	private handleGroupVersion(request: ParsedRequest, group: string, rest: string[], core: boolean): [number, unknown, string] {
		if (core && rest.length === 0) {
			return [200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: request.host }] }, 'application/json'];
		}
		const [version, ...path] = rest;
		const typesHere = this.store.types.filter((type) => type.group === group && type.version === version);
		if (typesHere.length === 0) throw noSuchResource();
		if (path.length === 0) {
			return [200, { kind: 'APIResourceList', ...(core ? {} : { apiVersion: 'v1' }), groupVersion: core ? version : `${group}/${version}`, resources: typesHere.map(discoveryResource) }, 'application/json'];
		}
		let namespace: string | undefined;
		let resourcePath = path;
		if (path[0] === 'namespaces' && path.length >= 3 && this.store.typeAt(group, version, path[2])?.namespaced) {
			namespace = path[1];
			resourcePath = path.slice(2);
		}
		const [resource, name, subresource, ...extra] = resourcePath;
		const type = this.store.typeAt(group, version, resource);
		if (!type || extra.length > 0 || (namespace !== undefined && !type.namespaced) || (type.namespaced && name !== undefined && namespace === undefined)) {
			throw noSuchResource();
		}
		if (request.method !== 'GET' && request.method !== 'HEAD') return this.handleWrite(request, type, namespace, name, subresource);
		if (name === undefined) return this.listResponse(type, namespace, request.query);
		const object = this.store.get(type, namespace, name);
		if (!object) throw notFound(type, name);
		if (subresource === undefined) return [200, object, 'application/json'];
		if (type.resource === 'pods' && subresource === 'log') return this.podLog(object as Pod, request.query);
		const sub = this.store.typeAt(group, version, `${resource}/${subresource}`);
		if (!sub || !sub.verbs.includes('get')) throw noSuchResource();
		return [200, object, 'application/json'];
	}

	private listResponse(type: ApiResourceType, namespace: string | undefined, query: URLSearchParams): [number, unknown, string] {
		if (!type.verbs.includes('list')) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
		if (query.get('watch') === 'true' || query.get('watch') === '1') {
			throw new ApiError(405, 'MethodNotAllowed', 'the fixture cluster does not serve watches');
		}
		let items: KubeObject[];
		try {
			items = filterBySelectors(type, this.store.list(type, namespace), query);
		} catch (error) {
			if (error instanceof SelectorError) throw badRequest(error.message);
			throw error;
		}
		return [
			200,
			{
				kind: `${type.kind}List`,
				apiVersion: groupVersionOf(type),
				metadata: { resourceVersion: this.store.currentResourceVersion() },
				items: items.map(withoutTypeMeta),
			},
			'application/json',
		];
	}

	private podLog(pod: Pod, query: URLSearchParams): [number, unknown, string] {
		const container = resolveLogContainer(pod, query.get('container'));
		if (!pod.spec.nodeName) return [200, '', 'text/plain'];
		const previous = query.get('previous') === 'true' || query.get('previous') === '1';
		const logs = this.logs.get(`${pod.metadata.namespace}/${pod.metadata.name}`)?.[container];
		let text = selectContainerLog(pod, logs, container, previous);
		const tail = query.get('tailLines');
		if (tail !== null) {
			const count = Number(tail);
			if (!Number.isInteger(count) || count < 0) throw badRequest(`tailLines: Invalid value: ${tail}: must be greater than or equal to 0`);
			text = tailLines(text, count);
		}
		const limitBytes = query.get('limitBytes');
		if (limitBytes !== null) text = Buffer.from(text).subarray(0, Number(limitBytes)).toString();
		return [200, text, 'text/plain'];
	}

	private handleWrite(
		request: ParsedRequest,
		type: ApiResourceType,
		namespace: string | undefined,
		name: string | undefined,
		subresource: string | undefined,
	): [number, unknown, string] {
		if (request.method === 'POST' && accessReviewResources.has(type.resource)) return this.accessReview(type, request.body);
		const verb = request.method === 'DELETE' && name === undefined ? 'deletecollection' : (writeVerbs[request.method] ?? request.method.toLowerCase());
		const resource = subresource ? `${type.resource}/${subresource}` : type.resource;
		const subject = name === undefined ? qualifiedResource(type) : `${qualifiedResource(type)} "${name}"`;
		const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
		throw new ApiError(
			403,
			'Forbidden',
			`${subject} is forbidden: User "${fixtureUser}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${scope}`,
			{ ...(name ? { name } : {}), ...(type.group ? { group: type.group } : {}), kind: type.resource },
		);
	}

	/** A read-only user: may get, list and watch anything, nothing else. */
	private accessReview(type: ApiResourceType, body: Buffer): [number, unknown, string] {
		let spec: { resourceAttributes?: ResourceAttributes; namespace?: string };
		try {
			spec = isKubernetesProtobuf(body)
				? { resourceAttributes: accessReviewAttributesFromProtobuf(body) }
				: ((JSON.parse(body.toString('utf8')) as { spec?: typeof spec }).spec ?? {});
		} catch {
			throw badRequest('the body of the request was in an unknown format');
		}
		const status =
			type.resource === 'selfsubjectaccessreviews'
				? readVerbs.has(spec.resourceAttributes?.verb ?? '')
					? { allowed: true, reason: 'RBAC: allowed by ClusterRoleBinding "mcp-readonly" of ClusterRole "view"' }
					: { allowed: false }
				: {
						resourceRules: [{ verbs: [...readVerbs], apiGroups: ['*'], resources: ['*'] }],
						nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version'] }],
						incomplete: false,
					};
		return [201, { kind: type.kind, apiVersion: groupVersionOf(type), metadata: { creationTimestamp: null }, spec, status }, 'application/json'];
	}
}

function statusBody(error: ApiError): Record<string, unknown> {
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: {},
		status: 'Failure',
		message: error.message,
		reason: error.reason,
		...(error.details ? { details: error.details } : {}),
		code: error.code,
	};
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown, contentType: string): void {
	const payload = typeof body === 'string' ? body : JSON.stringify(body);
	response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) });
	response.end(payload);
}

function writeKubeconfig(url: string, token: string, namespace: string): string {
	return stringify({
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [{ name: 'fixture', cluster: { server: url } }],
		users: [{ name: 'mcp-readonly', user: { token } }],
		contexts: [{ name: 'fixture', context: { cluster: 'fixture', user: 'mcp-readonly', namespace } }],
		'current-context': 'fixture',
		preferences: {},
	});
}

export async function startFixtureCluster(options: FixtureClusterOptions = {}): Promise<FixtureCluster> {
	const types = options.openshift ? [...kubernetesApiResources, ...openShiftApiResources] : kubernetesApiResources;
	const store = new ObjectStore(types);
	const logs = new Map<string, Record<string, ContainerLogs>>();
	const podType = store.types.find((type) => type.group === '' && type.resource === 'pods') as ApiResourceType;
	const addPod = (fixturePod: FixturePod, unique = false): void => {
		store.put(fixturePod.pod, unique);
		logs.set(`${fixturePod.pod.metadata.namespace}/${fixturePod.pod.metadata.name}`, structuredClone(fixturePod.logs ?? {}));
	};
	for (const object of options.objects ?? defaultCluster.objects) store.put(object, true);
	for (const event of options.events ?? defaultCluster.events) store.put(event, true);
	for (const pod of options.pods ?? defaultCluster.pods) addPod(pod, true);

	const api = new FixtureApi(store, logs);
	const requests: RecordedRequest[] = [];

	const server = createServer((request, response) => {
		void (async () => {
			const url = new URL(request.url ?? '/', 'http://fixture.invalid');
			const method = request.method ?? 'GET';
			const body = await readBody(request);
			const record: RecordedRequest = {
				method,
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				body: body.toString('utf8'),
				...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
				status: 0,
			};
			requests.push(record);
			let [status, responseBody, contentType]: [number, unknown, string] = [500, '', 'text/plain'];
			try {
				[status, responseBody, contentType] = api.handle({
					method,
					segments: url.pathname.split('/').filter((segment) => segment !== ''),
					query: url.searchParams,
					body,
					host: request.headers.host ?? '',
				});
			} catch (error) {
				const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', String(error));
				[status, responseBody, contentType] = [apiError.code, statusBody(apiError), 'application/json'];
			}
			record.status = status;
			send(response, status, responseBody, contentType);
		})();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	const directory = await mkdtemp(join(tmpdir(), 'fixture-cluster-'));
	const kubeconfigPath = join(directory, 'kubeconfig.yaml');
	await writeFile(kubeconfigPath, writeKubeconfig(url, `sha256~${randomUUID().replace(/-/g, '')}`, options.namespace ?? 'default'), { mode: 0o600 });

	return {
		url,
		kubeconfigPath,
		requests,
		writeRequests: () =>
			requests.filter(
				(request) =>
					!['GET', 'HEAD', 'OPTIONS'].includes(request.method) &&
					!(request.method === 'POST' && accessReviewResources.has(request.path.split('/').pop() ?? '')),
			),
		addPod: (pod) => addPod(pod),
		removePod: (namespace, name) => {
			store.remove(podType, namespace, name);
			logs.delete(`${namespace}/${name}`);
		},
		addObject: (object) => store.put(object),
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await rm(directory, { recursive: true, force: true });
		},
	};
}
