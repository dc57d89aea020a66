// The security rules the rendered manifests must keep (test/deploy/README.md lists them). Each
// takes the rendered objects and returns its violations as readable lines; none means it holds.
import type { K8sObject } from './manifests';

interface Container {
	name: string;
	args?: string[];
	env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean } } }[];
	resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
	computeResources?: { requests?: Record<string, string>; limits?: Record<string, string> };
	securityContext?: { runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean; capabilities?: { drop?: string[] } };
}
interface PodSpec {
	containers?: Container[];
	initContainers?: Container[];
	serviceAccountName?: string;
	securityContext?: { runAsNonRoot?: boolean };
}
interface LabelSelector {
	matchLabels?: Record<string, string>;
	matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
export interface Workload {
	object: K8sObject;
	labels: Record<string, string>;
	pod: PodSpec;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);
/** Names that carry secrets: such an env variable or ConfigMap key must never hold a value inline. */
const SECRET_NAME = /(TOKEN|PASSWORD|SECRET|API_?KEY|ENCRYPTION_KEY|PRIVATE_KEY|CREDENTIAL)/i;
/** Verbs that read; anything else (create, update, patch, delete, deletecollection, escalate, bind, impersonate, *) writes. */
const READ_VERBS = new Set(['get', 'list', 'watch']);
/** Kubernetes' built-in aggregated role that reads most namespaced objects but no Secret and writes nothing. */
const BUILT_IN_READ_ONLY_ROLES = new Set(['ClusterRole/view']);

const spec = (object: K8sObject) => object.spec as Record<string, unknown> | undefined;

/** Every pod template: Deployments, StatefulSets, Jobs… and CronJobs' job templates. */
export function workloads(objects: K8sObject[]): Workload[] {
	const result: Workload[] = [];
	for (const object of objects) {
		let template: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec } | undefined;
		if (WORKLOAD_KINDS.has(object.kind)) template = spec(object)?.template as typeof template;
		if (object.kind === 'CronJob') {
			template = ((spec(object)?.jobTemplate as { spec?: { template?: typeof template } })?.spec?.template) as typeof template;
		}
		if (object.kind === 'Pod') template = { metadata: object.metadata, spec: object.spec as PodSpec };
		if (template?.spec) result.push({ object, labels: template.metadata?.labels ?? {}, pod: template.spec });
	}
	return result;
}

/** Tekton Task steps, each with the Task's stepTemplate applied as Tekton applies it. */
function tektonSteps(objects: K8sObject[]): { owner: string; container: Container }[] {
	return objects
		.filter((object) => object.apiVersion?.startsWith('tekton.dev/') && object.kind === 'Task')
		.flatMap((task) => {
			const taskSpec = spec(task) as { steps?: Container[]; stepTemplate?: Partial<Container> };
			const template = taskSpec.stepTemplate ?? {};
			return (taskSpec.steps ?? []).map((step) => ({
				owner: `Task/${task.metadata.name}`,
				container: {
					...template,
					...step,
					securityContext: { ...template.securityContext, ...step.securityContext },
					computeResources: step.computeResources ?? template.computeResources,
				} as Container,
			}));
		});
}

const allContainers = (workload: Workload) => [...(workload.pod.initContainers ?? []), ...(workload.pod.containers ?? [])];
const name = (object: K8sObject) => `${object.kind}/${object.metadata.name}`;

/** No secret value in the manifests: no Secret with data, no secret-looking env value or ConfigMap key with a value. */
export function inlineSecretValues(objects: K8sObject[]): string[] {
	const violations: string[] = [];
	for (const object of objects) {
		if (object.kind === 'Secret') {
			const data = { ...(object.data as object), ...(object.stringData as object) };
			if (Object.keys(data).length > 0) violations.push(`${name(object)} carries ${Object.keys(data).join(', ')} inline`);
		}
		if (object.kind === 'ConfigMap') {
			for (const [key, value] of Object.entries((object.data as Record<string, string>) ?? {})) {
				if (SECRET_NAME.test(key) && value !== '') violations.push(`${name(object)} holds ${key} in a ConfigMap`);
			}
		}
	}
	const containers = [
		...workloads(objects).flatMap((workload) => allContainers(workload).map((container) => ({ owner: name(workload.object), container }))),
		...tektonSteps(objects),
	];
	for (const { owner, container } of containers) {
		for (const variable of container.env ?? []) {
			if (SECRET_NAME.test(variable.name) && variable.value !== undefined && variable.value !== '') {
				violations.push(`${owner} container ${container.name} sets ${variable.name} inline instead of from a Secret`);
			}
		}
	}
	return violations;
}

/** Every container: requests and limits for cpu and memory, non-root, no privilege escalation, capabilities dropped. */
export function containerHardening(objects: K8sObject[]): string[] {
	const violations: string[] = [];
	const check = (owner: string, container: Container, podRunAsNonRoot: boolean | undefined) => {
		const where = `${owner} container ${container.name}`;
		const resources = container.resources ?? container.computeResources ?? {};
		for (const kind of ['requests', 'limits'] as const) {
			for (const resource of ['cpu', 'memory']) {
				if (!resources[kind]?.[resource]) violations.push(`${where} has no ${resource} ${kind}`);
			}
		}
		if ((container.securityContext?.runAsNonRoot ?? podRunAsNonRoot) !== true) violations.push(`${where} may run as root (runAsNonRoot is not true)`);
		if (container.securityContext?.allowPrivilegeEscalation !== false) violations.push(`${where} allows privilege escalation`);
		if (!container.securityContext?.capabilities?.drop?.includes('ALL')) violations.push(`${where} does not drop ALL capabilities`);
	};
	for (const workload of workloads(objects)) {
		for (const container of allContainers(workload)) check(name(workload.object), container, workload.pod.securityContext?.runAsNonRoot);
	}
	for (const { owner, container } of tektonSteps(objects)) check(owner, container, undefined);
	return violations;
}

const MCP_SERVER = 'kubernetes-mcp-server';

/** The MCP server exposes read-only tools only, and its ServiceAccount's bindings grant no write verb. */
export function mcpServerWriteAccess(objects: K8sObject[]): string[] {
	const violations: string[] = [];
	const servers = workloads(objects).filter((workload) => workload.labels['app.kubernetes.io/name'] === MCP_SERVER);
	if (servers.length === 0) return [`no ${MCP_SERVER} workload`];
	const accounts = new Set<string>();
	for (const server of servers) {
		accounts.add(server.pod.serviceAccountName ?? 'default');
		for (const container of server.pod.containers ?? []) {
			if (!container.args?.includes('--read-only')) violations.push(`${name(server.object)} container ${container.name} runs without --read-only`);
		}
	}
	const roles = new Map(objects.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole').map((role) => [name(role), role]));
	for (const binding of objects.filter((o) => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
		const subjects = (binding.subjects as { kind: string; name: string }[] | undefined) ?? [];
		if (!subjects.some((subject) => subject.kind === 'ServiceAccount' && accounts.has(subject.name))) continue;
		const roleRef = binding.roleRef as { kind: string; name: string };
		const role = `${roleRef.kind}/${roleRef.name}`;
		if (BUILT_IN_READ_ONLY_ROLES.has(role)) continue;
		const found = roles.get(role);
		if (!found) {
			violations.push(`${name(binding)} binds ${role}, which is neither in the manifests nor a known read-only role`);
			continue;
		}
		for (const rule of (found.rules as { verbs: string[]; resources?: string[] }[] | undefined) ?? []) {
			const writes = rule.verbs.filter((verb) => !READ_VERBS.has(verb));
			if (writes.length > 0) violations.push(`${name(binding)} grants ${writes.join(', ')} on ${(rule.resources ?? []).join(', ')} through ${role}`);
		}
	}
	return violations;
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
	const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
	const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
		if (operator === 'In') return key in labels && values.includes(labels[key]);
		if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]);
		if (operator === 'Exists') return key in labels;
		return !(key in labels);
	});
	return byLabels && byExpressions;
}

/**
 * Only n8n's pods reach the MCP server: some policy isolates its pods for ingress, and every rule
 * of every policy that selects them admits only pods of this namespace that are all n8n's.
 */
export function mcpServerIngress(objects: K8sObject[]): string[] {
	const pods = workloads(objects);
	const serverLabels = pods.find((workload) => workload.labels['app.kubernetes.io/name'] === MCP_SERVER)?.labels;
	if (!serverLabels) return [`no ${MCP_SERVER} workload`];
	const policies = objects.filter(
		(object) => object.kind === 'NetworkPolicy' && selects((spec(object)?.podSelector as LabelSelector) ?? {}, serverLabels),
	);
	const violations: string[] = [];
	const isolating = policies.filter((policy) => ((spec(policy)?.policyTypes as string[] | undefined) ?? ['Ingress']).includes('Ingress'));
	if (isolating.length === 0) violations.push(`no NetworkPolicy isolates the ${MCP_SERVER} pods for ingress: anything may reach them`);
	for (const policy of isolating) {
		for (const rule of (spec(policy)?.ingress as { from?: { podSelector?: LabelSelector; namespaceSelector?: unknown; ipBlock?: unknown }[] }[] | undefined) ?? []) {
			if (!rule.from || rule.from.length === 0) {
				violations.push(`${name(policy)} has an ingress rule without "from": every source may reach the MCP server`);
				continue;
			}
			for (const peer of rule.from) {
				if (peer.namespaceSelector !== undefined || peer.ipBlock !== undefined || !peer.podSelector) {
					violations.push(`${name(policy)} admits ${JSON.stringify(peer)}: sources outside this namespace's n8n pods`);
					continue;
				}
				const admitted = pods.filter((workload) => selects(peer.podSelector ?? {}, workload.labels));
				const others = admitted.filter((workload) => workload.labels['app.kubernetes.io/name'] !== 'n8n');
				if (admitted.length === 0 || others.length > 0 || Object.keys(peer.podSelector).length === 0) {
					violations.push(`${name(policy)} admits pods other than n8n's: ${others.map((w) => name(w.object)).join(', ') || 'any pod'}`);
				}
			}
		}
	}
	return violations;
}

/** The init step cannot run without the webhook token, and takes it from a Secret. */
export function webhookToken(objects: K8sObject[]): string[] {
	const init = workloads(objects)
		.flatMap((workload) => (workload.pod.initContainers ?? []).map((container) => ({ workload, container })))
		.find(({ container }) => container.name === 'n8n-init');
	if (!init) return ['no n8n-init container: nothing creates the webhook credential'];
	const token = init.container.env?.find((variable) => variable.name === 'WEBHOOK_TOKEN');
	const secret = token?.valueFrom?.secretKeyRef;
	if (!secret) return [`${name(init.workload.object)} n8n-init does not take WEBHOOK_TOKEN from a Secret`];
	if (secret.optional) return [`${name(init.workload.object)} n8n-init may start without WEBHOOK_TOKEN (secretKeyRef ${secret.name} is optional)`];
	return [];
}
