import { parseTextPayload } from '../mcp/result';
import { isSecretWord, secretSkeleton } from './tool-names';

/**
 * Keeping Kubernetes Secret values away from the model. Redaction alone cannot: a Secret carries
 * its values again in the `last-applied-configuration` annotation and in JSON of any key order,
 * and a model that repeats them puts them into the issue and the email.
 *
 * - `secretArgument`: a call whose arguments name Secrets (`kind: Secret` in any casing or
 *   look-alike letters, `resource: secrets`, `v1/secrets`, `secret/db`, an API path) is refused
 *   before it reaches the server. Refusing is simpler to trust than cleaning: nothing is read, and
 *   the model is told why.
 * - `screenSecretObjects`: what another read returns anyway (a generic list, a gateway's own
 *   tool) is reduced to each Secret's name, namespace, type and keys, never its values; a document
 *   that names Secrets but cannot be parsed is withheld whole.
 */

/** Arguments that name one object or carry free text: a pod called `secret` or a log query for "secret" is not a Secret read. */
const INSTANCE_OR_TEXT_KEYS = new Set(
	['name', 'namespace', 'container', 'pod', 'podname', 'pod_name', 'container_name', 'owner', 'repo', 'query', 'filter', 'search', 'grep', 'pattern',
		'message', 'text', 'body', 'title', 'comment', 'description', 'labelselector', 'label_selector', 'fieldselector', 'field_selector'],
);
const MAX_ARGUMENT_VALUES = 1_000;
/** Enough for any kind, resource or command; a longer string is a document, checked by its head. */
const MAX_ARGUMENT_CHARS = 20_000;

/** `secretArgument`: the path of the first argument that names Secrets (`kind`, `resource`, `args[2]`), or undefined. */
export function secretArgument(args: Record<string, unknown>): string | undefined {
	const stack: Array<{ path: string; value: unknown; key: string }> = Object.entries(args).map(([key, value]) => ({ path: key, value, key }));
	let visited = 0;
	while (stack.length > 0 && visited++ < MAX_ARGUMENT_VALUES) {
		const { path, value, key } = stack.pop() as (typeof stack)[number];
		if (INSTANCE_OR_TEXT_KEYS.has(key.toLowerCase())) continue;
		if (typeof value === 'string') {
			if (namesSecrets(value.slice(0, MAX_ARGUMENT_CHARS))) return path;
		} else if (Array.isArray(value)) {
			value.forEach((item, index) => stack.push({ path: `${path}[${index}]`, value: item, key }));
		} else if (typeof value === 'object' && value !== null) {
			for (const [child, item] of Object.entries(value)) stack.push({ path: `${path}.${child}`, value: item, key: child });
		}
	}
	return undefined;
}

/** `Secret`, `secrets`, `v1/secrets`, `secret/db`, `get secrets -n ci`, `/api/v1/namespaces/ci/secrets/db`: a word of the value is `secret(s)`. */
function namesSecrets(value: string): boolean {
	for (const item of value.split(/[\s,;]+/)) {
		if (!item) continue;
		for (const token of item.split(/[/.:=]+/)) {
			if (token && token.length <= 16 && isSecretWord(secretSkeleton(token))) return true;
		}
	}
	return false;
}

export interface ScreenedText {
	text: string;
	/** How many Secret objects were reduced (or 1 when the whole result was withheld). */
	withheld: number;
}

const WITHHELD = '[withheld]';
/** Cheap first look: text without the word cannot hold a Secret object. */
const MENTIONS_SECRET = /secret/i;
/** `kind: Secret`, `"kind": "Secret"` in text that could not be read as YAML or JSON. */
const SECRET_KIND_TEXT = /kind["']?[ \t]*[:=][ \t]*["']?secret/i;
/** How a YAML or JSON document starts, as opposed to a log or prose. */
const DOCUMENT_START = /^(?:[{[#]|---|(?:-[ \t]+)?(?:apiVersion|kind|metadata|items|data)[ \t]*:)/;

/** `secretObjects`: reduces every Secret in a tool result to names, keys and types. */
export function screenSecretObjects(text: string): ScreenedText {
	if (!MENTIONS_SECRET.test(text)) return { text, withheld: 0 };
	const parsed = parseTextPayload(text, 'auto');
	if (typeof parsed.data === 'object' && parsed.data !== null) {
		const counter = { count: 0 };
		const reduced = reduceSecrets(parsed.data, false, counter);
		if (counter.count === 0) return { text, withheld: 0 };
		const note = `[The agent's tool policy reduced ${counter.count} Kubernetes Secret${counter.count === 1 ? '' : 's'} to names, keys and types: Secret values are not read unless the user allows it.]`;
		return { text: `${note}\n${JSON.stringify(reduced, null, 1)}`, withheld: counter.count };
	}
	// A document that names Secrets but could not be read is withheld; a log or prose is left to redaction, which blanks Secret data in any text.
	if (DOCUMENT_START.test(text.trimStart()) && SECRET_KIND_TEXT.test(text)) {
		return {
			text: '[The agent\'s tool policy withheld this result: it holds Kubernetes Secret objects in a form the agent could not reduce to names and keys.]',
			withheld: 1,
		};
	}
	return { text, withheld: 0 };
}

function reduceSecrets(value: unknown, inSecretList: boolean, counter: { count: number }): unknown {
	if (Array.isArray(value)) return value.map((item) => reduceSecrets(item, inSecretList, counter));
	if (typeof value !== 'object' || value === null) return value;
	const object = value as Record<string, unknown>;
	const kind = typeof object.kind === 'string' ? secretSkeleton(object.kind) : undefined;
	if (kind === 'secret' || (kind === undefined && (inSecretList || looksLikeSecret(object)))) {
		counter.count++;
		return secretSummary(object);
	}
	const listOfSecrets = kind === 'secretlist';
	const result: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(object)) result[key] = reduceSecrets(item, listOfSecrets && key === 'items', counter);
	return result;
}

/** A Secret without its `kind` (an item of a `SecretList`): metadata, a type and a data map. */
function looksLikeSecret(object: Record<string, unknown>): boolean {
	return isRecord(object.metadata) && typeof object.type === 'string' && (isRecord(object.data) || isRecord(object.stringData));
}

function secretSummary(secret: Record<string, unknown>): Record<string, unknown> {
	const metadata = isRecord(secret.metadata) ? secret.metadata : {};
	const keys = [...Object.keys(isRecord(secret.data) ? secret.data : {}), ...Object.keys(isRecord(secret.stringData) ? secret.stringData : {})];
	return {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: { name: metadata.name, namespace: metadata.namespace },
		type: secret.type,
		data: Object.fromEntries([...new Set(keys)].map((key) => [key, WITHHELD])),
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
