// Rendering the kustomize folders under deploy/ and checking every object against published
// schemas: Kubernetes' own (kubernetes-models, generated from a current release's OpenAPI),
// Argo CD's Application CRD (@kubernetes-models/argo-cd), OpenShift's Route (the OpenShift OpenAPI
// spec that openshift-rest-client ships), and Tekton's objects through IBM's tekton-lint (Tekton's
// CRDs publish no structural schema for a Task's spec).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv, { type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

import type { Kustomize } from './tools';

export const repoRoot = join(__dirname, '..', '..', '..');
export const kustomizeRoot = join(repoRoot, 'deploy', 'kustomize');

export interface K8sObject {
	apiVersion: string;
	kind: string;
	metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
	[key: string]: unknown;
}

/** The folders Argo CD applies: the two overlays and the Tekton wiring. */
export const RENDERED = {
	kubernetes: join(kustomizeRoot, 'overlays', 'kubernetes'),
	openshift: join(kustomizeRoot, 'overlays', 'openshift'),
	tekton: join(kustomizeRoot, 'tekton'),
} as const;
export type Target = keyof typeof RENDERED;

export function parseObjects(text: string, source: string): K8sObject[] {
	return parseAllDocuments(text)
		.map((doc) => {
			if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0].message}`);
			return doc.toJSON() as K8sObject | null;
		})
		.filter((object): object is K8sObject => object !== null);
}

export async function render(kustomize: Kustomize, target: Target): Promise<K8sObject[]> {
	return parseObjects(await kustomize.build(RENDERED[target]), RENDERED[target]);
}

export async function readObjects(path: string): Promise<K8sObject[]> {
	return parseObjects(await readFile(path, 'utf8'), path);
}

export const describe = (object: K8sObject) => `${object.kind}/${object.metadata?.name}`;

type ModelClass = new (data: unknown) => { validate(): void };

/** The kubernetes-models module of an apiVersion and kind: core `v1/Service`, `apps/v1/Deployment`… */
async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
	const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
	const specifier =
		group === 'argoproj.io'
			? `@kubernetes-models/argo-cd/argoproj.io/${version}/${kind}`
			: `kubernetes-models/${group ? `${group}/` : ''}${version}/${kind}`;
	try {
		const module = (await import(specifier)) as Record<string, ModelClass>;
		return module[kind];
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module/.test(String(error))) return undefined;
		throw error;
	}
}

let routeValidator: ValidateFunction | undefined;

/**
 * OpenShift's Route schema from the OpenShift OpenAPI spec, with unknown fields refused inside the
 * Route's own types (the spec leaves additionalProperties open, so a typo would pass) and `status`
 * optional (the spec marks it required, but the router writes it; manifests never carry it).
 */
async function validateRoute(object: K8sObject): Promise<string[]> {
	if (!routeValidator) {
		const specPath = require.resolve('openshift-rest-client/lib/specs/openshift-openapi-spec.json.gz');
		const spec = JSON.parse(gunzipSync(await readFile(specPath)).toString('utf8')) as { definitions: Record<string, Record<string, unknown>> };
		const routeType = 'com.github.openshift.api.route.v1.Route';
		const definitions = Object.fromEntries(
			Object.entries(spec.definitions).map(([name, schema]) => {
				if (!name.startsWith('com.github.openshift.api.route.v1.') || !schema.properties) return [name, schema];
				const strict = 'additionalProperties' in schema ? schema : { ...schema, additionalProperties: false };
				if (name !== routeType) return [name, strict];
				return [name, { ...strict, required: ((schema.required as string[]) ?? []).filter((field) => field !== 'status') }];
			}),
		);
		const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
		routeValidator = ajv.compile({ definitions, $ref: `#/definitions/${routeType}` });
	}
	if (routeValidator(object)) return [];
	return (routeValidator.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}

/** tekton-lint's errors (warnings are advice, not validity) for Tekton objects. */
async function lintTekton(objects: K8sObject[]): Promise<string[]> {
	const dir = await mkdtemp(join(tmpdir(), 'tekton-lint-'));
	try {
		const file = join(dir, 'tekton.yaml');
		await writeFile(file, objects.map((object) => JSON.stringify(object)).join('\n---\n'));
		process.env.TL_CACHE_DIR ??= join(dir, 'cache');
		const { Linter, Config } = (await import('@ibm/tekton-lint')) as typeof import('@ibm/tekton-lint', { with: { 'resolution-mode': 'import' } });
		const problems = await Linter.run(new Config({ _: [file], config: dir, format: 'json', quiet: true, 'max-warnings': -1 }));
		return problems.filter((problem) => problem.level === 'error').map((problem) => `${problem.rule}: ${problem.message}`);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

/** Problems of each object against its schema, as `Kind/name: problem`; an object without a schema is a problem too. */
export async function schemaProblems(objects: K8sObject[]): Promise<string[]> {
	const problems: string[] = [];
	const tekton = objects.filter((object) => object.apiVersion?.startsWith('tekton.dev/'));
	for (const problem of tekton.length > 0 ? await lintTekton(tekton) : []) problems.push(`Tekton: ${problem}`);
	for (const object of objects) {
		if (object.apiVersion?.startsWith('tekton.dev/')) continue;
		if (object.apiVersion === 'route.openshift.io/v1' && object.kind === 'Route') {
			problems.push(...(await validateRoute(object)).map((problem) => `${describe(object)}: ${problem}`));
			continue;
		}
		const Model = await modelClass(object.apiVersion, object.kind);
		if (!Model) {
			problems.push(`${describe(object)}: no schema for ${object.apiVersion} ${object.kind}`);
			continue;
		}
		try {
			new Model(object).validate();
		} catch (error) {
			problems.push(`${describe(object)}: ${(error as Error).message}`);
		}
	}
	return problems;
}
