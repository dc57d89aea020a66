// The manifests under deploy/ as Argo CD would apply them: each kustomize folder rendered by a real
// kustomize, every object checked against published schemas, the configuration and versions held
// to the README and package.json, and the security rules of support/policies.ts, each shown to
// fail on a counter-example.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import {
	RENDERED,
	describe as describeObject,
	kustomizeRoot,
	readObjects,
	render,
	repoRoot,
	schemaProblems,
	type K8sObject,
	type Target,
} from './support/manifests';
import { containerHardening, inlineSecretValues, mcpServerIngress, mcpServerWriteAccess, webhookToken, workloads } from './support/policies';
import { ensureKustomize } from './support/tools';

const SETUP_MS = 10 * 60_000;
const TARGETS = Object.keys(RENDERED) as Target[];
const OVERLAYS: Target[] = ['kubernetes', 'openshift'];
const argocdDir = join(repoRoot, 'deploy', 'argocd');

interface Manifest {
	version: string;
	repository: { url: string };
	devDependencies: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;

const rendered = {} as Record<Target, K8sObject[]>;
beforeAll(async () => {
	const kustomize = await ensureKustomize();
	process.stdout.write(`[deploy] rendering with ${kustomize.description}\n`);
	for (const target of TARGETS) rendered[target] = await render(kustomize, target);
}, SETUP_MS);

const find = (objects: K8sObject[], kind: string, name: string) => {
	const object = objects.find((o) => o.kind === kind && o.metadata.name === name);
	if (!object) throw new Error(`no ${kind}/${name} among ${objects.map(describeObject).join(', ')}`);
	return object;
};
type Pod = { initContainers?: Container[]; containers: Container[]; securityContext?: Record<string, unknown> };
type Container = {
	name: string;
	image?: string;
	args?: string[];
	env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; optional?: boolean } } }[];
	envFrom?: { configMapRef?: { name: string } }[];
	securityContext?: Record<string, unknown>;
};
const podOf = (object: K8sObject) => (object.spec as { template: { spec: Pod } }).template.spec;
const clone = (objects: K8sObject[]) => structuredClone(objects);

describe('rendered manifests', () => {
	test.each(TARGETS)('%s renders to objects', (target) => {
		expect(rendered[target].length).toBeGreaterThan(0);
	});

	test.each(TARGETS)('every object of %s validates against its published schema', async (target) => {
		expect(await schemaProblems(rendered[target])).toEqual([]);
	});

	test('the schema checks refuse broken objects of every kind they cover', async () => {
		const deployment = clone(rendered.kubernetes).find((o) => o.kind === 'Deployment')!;
		(deployment.spec as Record<string, unknown>).replicas = 'two';
		const route = clone(rendered.openshift).find((o) => o.kind === 'Route')!;
		(route.spec as Record<string, unknown>).tos = { kind: 'Service', name: 'n8n-main' };
		const [application] = await readObjects(join(argocdDir, 'n8n-kubernetes.yaml'));
		(application.spec as { syncPolicy: { automated: Record<string, unknown> } }).syncPolicy.automated.prune = 'yes';
		const task = clone(rendered.tekton).find((o) => o.kind === 'Task')!;
		(task.spec as { steps: { script: string }[] }).steps[0].script += '\necho $(params.undeclared)\n';
		const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };

		const problems = (await schemaProblems([deployment, route, application, task, unknown])).join('\n');
		expect(problems).toMatch(/Deployment\/[\w-]+: .*replicas must be integer/);
		expect(problems).toMatch(/Route\/n8n: .*additional properties.*tos/);
		expect(problems).toMatch(/Application\/n8n-mcp-devops: .*prune must be boolean/);
		expect(problems).toMatch(/Tekton: no-undefined-param: .*undeclared/);
		expect(problems).toMatch(/Widget\/w: no schema for example.com\/v1 Widget/);
	});

	test('Argo CD Applications validate, render from their path, and follow this release', async () => {
		const files = readdirSync(argocdDir).filter((file) => file.endsWith('.yaml'));
		const applications = (await Promise.all(files.map((file) => readObjects(join(argocdDir, file))))).flat();
		expect(await schemaProblems(applications)).toEqual([]);
		const paths = applications.map((app) => (app.spec as { source: { path: string } }).source.path).sort();
		expect(paths).toEqual(Object.values(RENDERED).map((dir) => dir.slice(repoRoot.length + 1)).sort());
		for (const app of applications) {
			const source = (app.spec as { source: { repoURL: string; targetRevision: string } }).source;
			expect(source.repoURL).toBe(manifest.repository.url.replace(/^git\+/, ''));
			expect(source.targetRevision).toBe(`v${manifest.version}`);
		}
	});

	test('Kubernetes gets an Ingress and no Route, OpenShift Routes and no Ingress', () => {
		const kinds = (target: Target) => new Set(rendered[target].map((object) => object.kind));
		expect(kinds('kubernetes').has('Ingress')).toBe(true);
		expect(kinds('kubernetes').has('Route')).toBe(false);
		expect(kinds('openshift').has('Route')).toBe(true);
		expect(kinds('openshift').has('Ingress')).toBe(false);
	});

	test('main, workers and the webhook processor all run the image with the package, in queue mode', () => {
		for (const target of OVERLAYS) {
			const settings = rendered[target].find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('n8n-settings'))!;
			expect((settings.data as Record<string, string>).EXECUTIONS_MODE).toBe('queue');
			for (const [name, args] of [['n8n-main', undefined], ['n8n-worker', 'worker'], ['n8n-webhook', 'webhook']] as const) {
				const [container] = podOf(find(rendered[target], 'Deployment', name)).containers;
				expect(container.image).toMatch(/\/n8n-mcp-devops:/);
				expect(container.args?.[0]).toBe(args);
				expect(container.envFrom?.map((from) => from.configMapRef?.name)).toContain(settings.metadata.name);
			}
		}
	});
});

describe('configuration and versions', () => {
	/** The variables of README.md's "Configuration" table, as its first column names them. */
	function readmeVariables(): string[] {
		const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
		const section = readme.split(/^## /m).find((part) => part.startsWith('Configuration\n'));
		if (!section) throw new Error('README.md has no "## Configuration" section');
		const rows = section.split('\n').filter((line) => line.startsWith('| `'));
		return rows.flatMap((row) => [...row.split(/(?<!\\)\|/)[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1])).sort();
	}
	/** n8n's own settings and Secrets (database, queue, encryption key): not part of the contract. */
	const N8N_OWN_SECRETS = new Set(['n8n-core', 'n8n-postgres', 'n8n-redis']);

	test.each(OVERLAYS)('the configuration variables of %s are exactly the README configuration table', (target) => {
		const init = podOf(find(rendered[target], 'Deployment', 'n8n-main')).initContainers!.find((c) => c.name === 'n8n-init')!;
		const configMapNames = init.envFrom!.map((from) => from.configMapRef!.name).filter((name) => name.startsWith('mcp-devops-config'));
		expect(configMapNames).toHaveLength(1);
		const configMap = find(rendered[target], 'ConfigMap', configMapNames[0]);
		const fromSecrets = (init.env ?? [])
			.filter((variable) => variable.valueFrom?.secretKeyRef && !N8N_OWN_SECRETS.has(variable.valueFrom.secretKeyRef.name))
			.map((variable) => variable.name);
		const inManifests = [...Object.keys(configMap.data as object), ...fromSecrets].sort();
		expect(inManifests).toEqual(readmeVariables());
	});

	test('the image tag is the package version and the n8n version the package pins', () => {
		const n8nVersion = manifest.devDependencies['n8n-core'];
		for (const target of OVERLAYS) {
			const images = workloads(rendered[target]).flatMap((w) => [...(w.pod.initContainers ?? []), ...(w.pod.containers ?? [])].map((c) => (c as Container).image!));
			const ours = images.filter((image) => image.includes('/n8n-mcp-devops:'));
			expect(ours.length).toBe(4);
			for (const image of ours) expect(image.split(':').pop()).toBe(`${manifest.version}-n8n${n8nVersion}`);
			const mcpServer = images.find((image) => image.includes('kubernetes-mcp-server'));
			expect(mcpServer?.split(':').pop()).toBe(`v${manifest.devDependencies['kubernetes-mcp-server']}`);
		}
		const containerfile = readFileSync(join(repoRoot, 'deploy', 'image', 'Containerfile'), 'utf8');
		expect(/^ARG N8N_VERSION=(.+)$/m.exec(containerfile)?.[1]).toBe(n8nVersion);
		expect(/^ARG PACKAGE_VERSION=(.+)$/m.exec(containerfile)?.[1]).toBe(manifest.version);
		expect(containerfile).toMatch(/^FROM docker\.io\/n8nio\/n8n:\$\{N8N_VERSION\}$/m);
	});

	test.each(OVERLAYS)('the URLs n8n announces on %s are the host its Ingress or Route serves', (target) => {
		const settings = rendered[target].find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('n8n-settings'))!.data as Record<string, string>;
		const hosts = rendered[target].flatMap((object) => {
			if (object.kind === 'Route') return [(object.spec as { host: string }).host];
			if (object.kind === 'Ingress') return (object.spec as { rules: { host: string }[] }).rules.map((rule) => rule.host);
			return [];
		});
		expect(hosts.length).toBeGreaterThan(0);
		for (const host of hosts) {
			expect(new URL(settings.WEBHOOK_URL).host).toBe(host);
			expect(new URL(settings.N8N_EDITOR_BASE_URL).host).toBe(host);
		}
	});

	test("the Tekton task's default URL is the webhook processor's Service and the failure workflow's path", () => {
		const task = find(rendered.tekton, 'Task', 'report-failure');
		const url = new URL((task.spec as { params: { name: string; default?: string }[] }).params.find((p) => p.name === 'webhookUrl')!.default!);
		const [service, namespace] = url.hostname.split('.');
		for (const target of OVERLAYS) {
			const webhookService = find(rendered[target], 'Service', service);
			expect(webhookService.metadata.namespace).toBe(namespace);
			expect((webhookService.spec as { ports: { port: number }[] }).ports.map((p) => p.port)).toContain(Number(url.port));
			const selector = (webhookService.spec as { selector: Record<string, string> }).selector;
			expect(selector['app.kubernetes.io/component']).toBe('webhook');
		}
		const workflow = JSON.parse(readFileSync(join(repoRoot, 'workflows', 'pipeline-failure-report.json'), 'utf8')) as {
			nodes: { type: string; parameters: { path?: string } }[];
		};
		const webhook = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.webhook')!;
		expect(url.pathname).toBe(`/webhook/${webhook.parameters.path}`);
	});

	test("the Tekton task and RBAC under deploy/ are workflows/tekton's", async () => {
		for (const file of ['report-failure-task.yaml', 'report-failure-rbac.yaml']) {
			const copy = await readObjects(join(kustomizeRoot, 'tekton', file));
			const original = await readObjects(join(repoRoot, 'workflows', 'tekton', file));
			if (!isDeepStrictEqual(copy, original)) {
				throw new Error(`deploy/kustomize/tekton/${file} differs from workflows/tekton/${file}: copy it over (kustomize reads no file outside its folder)`);
			}
		}
	});
});

describe('security rules', () => {
	const everything = () => TARGETS.map((target) => [target] as const);

	test.each(everything())('%s: no Secret value is inline', (target) => {
		expect(inlineSecretValues(rendered[target])).toEqual([]);
	});

	test('an inline Secret, a token in a ConfigMap or a token set as a plain env value is a violation', () => {
		const objects = clone(rendered.kubernetes);
		objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'gitea' }, stringData: { token: 'abc' } });
		(objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('mcp-devops-config'))!.data as Record<string, string>).GITEA_TOKEN = 'abc';
		const init = podOf(find(objects, 'Deployment', 'n8n-main')).initContainers![0];
		init.env = init.env!.map((variable) => (variable.name === 'WEBHOOK_TOKEN' ? { name: 'WEBHOOK_TOKEN', value: 'hunter2' } : variable));
		const violations = inlineSecretValues(objects).join('\n');
		expect(violations).toMatch(/Secret\/gitea carries token inline/);
		expect(violations).toMatch(/ConfigMap\/mcp-devops-config-\w+ holds GITEA_TOKEN/);
		expect(violations).toMatch(/Deployment\/n8n-main container n8n-init sets WEBHOOK_TOKEN inline/);
	});

	test.each(everything())('%s: every container has requests, limits, runAsNonRoot, no privilege escalation and no capabilities', (target) => {
		expect(containerHardening(rendered[target])).toEqual([]);
	});

	test('a container without limits, one that may escalate, keeps capabilities or runs as root is a violation', () => {
		const objects = clone(rendered.openshift);
		const redis = podOf(find(objects, 'StatefulSet', 'redis'));
		delete (redis.containers[0] as { resources?: unknown }).resources;
		const worker = podOf(find(objects, 'Deployment', 'n8n-worker'));
		worker.containers[0].securityContext = { allowPrivilegeEscalation: true };
		delete worker.securityContext;
		const task = find(objects.concat(clone(rendered.tekton)), 'Task', 'report-failure');
		delete (task.spec as { stepTemplate?: unknown }).stepTemplate;
		const violations = containerHardening([...objects, task]).join('\n');
		expect(violations).toMatch(/StatefulSet\/redis container redis has no cpu requests/);
		expect(violations).toMatch(/StatefulSet\/redis container redis has no memory limits/);
		expect(violations).toMatch(/Deployment\/n8n-worker container n8n may run as root/);
		expect(violations).toMatch(/Deployment\/n8n-worker container n8n allows privilege escalation/);
		expect(violations).toMatch(/Deployment\/n8n-worker container n8n does not drop ALL capabilities/);
		expect(violations).toMatch(/Task\/report-failure container post-failed-pod has no cpu limits/);
	});

	test.each(OVERLAYS)('%s: the MCP server is read-only and its bindings grant no write verb', (target) => {
		expect(mcpServerWriteAccess(rendered[target])).toEqual([]);
	});

	test('binding the MCP server to a writing role, to an unknown role, or dropping --read-only is a violation', () => {
		const objects = clone(rendered.kubernetes);
		const tektonRead = find(objects, 'ClusterRole', 'n8n-mcp-devops-tekton-read');
		(tektonRead.rules as { verbs: string[] }[])[0].verbs.push('patch');
		const subjects = [{ kind: 'ServiceAccount', name: 'kubernetes-mcp-server', namespace: 'n8n' }];
		objects.push({
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'RoleBinding',
			metadata: { name: 'mcp-edit', namespace: 'ci' },
			roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
			subjects,
		});
		const server = podOf(find(objects, 'Deployment', 'kubernetes-mcp-server')).containers[0];
		server.args = server.args!.filter((arg) => arg !== '--read-only');
		const violations = mcpServerWriteAccess(objects).join('\n');
		expect(violations).toMatch(/grants patch on .*tekton-read/);
		expect(violations).toMatch(/RoleBinding\/mcp-edit binds ClusterRole\/edit, which is neither in the manifests nor a known read-only role/);
		expect(violations).toMatch(/runs without --read-only/);
	});

	test.each(OVERLAYS)('%s: only n8n pods reach the MCP server', (target) => {
		expect(mcpServerIngress(rendered[target])).toEqual([]);
	});

	test('a policy that opens the MCP server to other pods, namespaces or everyone is a violation', () => {
		const base = clone(rendered.kubernetes);
		const opened = (peer: unknown) => {
			const objects = clone(base);
			objects.push({
				apiVersion: 'networking.k8s.io/v1',
				kind: 'NetworkPolicy',
				metadata: { name: 'extra' },
				spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: peer === undefined ? [{}] : [{ from: [peer] }] },
			});
			return mcpServerIngress(objects).join('\n');
		};
		expect(opened(undefined)).toMatch(/NetworkPolicy\/extra has an ingress rule without "from"/);
		expect(opened({ namespaceSelector: {} })).toMatch(/NetworkPolicy\/extra admits .*namespaceSelector/);
		expect(opened({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'postgres' } } })).toMatch(/admits pods other than n8n's: StatefulSet\/postgres/);
		expect(opened({ podSelector: {} })).toMatch(/admits pods other than n8n's/);
		const withoutPolicies = base.filter((o) => o.kind !== 'NetworkPolicy');
		expect(mcpServerIngress(withoutPolicies).join('\n')).toMatch(/no NetworkPolicy isolates the kubernetes-mcp-server pods/);
	});

	test.each(OVERLAYS)('%s: the webhook token comes from a Secret the init step cannot do without', (target) => {
		expect(webhookToken(rendered[target])).toEqual([]);
	});

	test('a missing, optional or absent webhook token Secret is a violation', () => {
		const optional = clone(rendered.kubernetes);
		const init = podOf(find(optional, 'Deployment', 'n8n-main')).initContainers![0];
		init.env!.find((variable) => variable.name === 'WEBHOOK_TOKEN')!.valueFrom!.secretKeyRef!.optional = true;
		expect(webhookToken(optional).join('\n')).toMatch(/may start without WEBHOOK_TOKEN/);
		init.env = init.env!.filter((variable) => variable.name !== 'WEBHOOK_TOKEN');
		expect(webhookToken(optional).join('\n')).toMatch(/does not take WEBHOOK_TOKEN from a Secret/);
		delete podOf(find(optional, 'Deployment', 'n8n-main')).initContainers;
		expect(webhookToken(optional).join('\n')).toMatch(/no n8n-init container/);
	});

	test('every shipped webhook asks for the bearer token credential the init step creates from WEBHOOK_TOKEN', async () => {
		const { CREDENTIAL_IDS } = (await import(join(repoRoot, 'scripts', 'lib', 'contract.mjs'))) as { CREDENTIAL_IDS: Record<string, string> };
		const files = ['workflows', join('workflows', 'ops')].flatMap((dir) =>
			readdirSync(join(repoRoot, dir))
				.filter((file) => file.endsWith('.json'))
				.map((file) => join(repoRoot, dir, file)),
		);
		const webhooks = files.flatMap((file) =>
			(JSON.parse(readFileSync(file, 'utf8')) as { nodes: { type: string; parameters: { authentication?: string }; credentials?: Record<string, { id: string }> }[] }).nodes.filter(
				(node) => node.type === 'n8n-nodes-base.webhook',
			),
		);
		expect(webhooks.length).toBeGreaterThan(0);
		for (const webhook of webhooks) {
			expect(webhook.parameters.authentication).toBe('headerAuth');
			expect(webhook.credentials?.httpHeaderAuth?.id).toBe(CREDENTIAL_IDS.webhookAuth);
		}
	});
});
