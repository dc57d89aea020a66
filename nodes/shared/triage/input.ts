/**
 * The three ways a failure reaches us (the webhook contract): `{namespace, pod_name,
 * container_name?}`, `{namespace, pipeline_run}`, or a Tekton CloudEvent. Everything is checked
 * before any cluster call: names must be valid Kubernetes names, so nothing odd reaches a tool.
 */

/** A failure report is a few names, or a TaskRun's status; anything bigger is not one. */
export const MAX_REQUEST_BYTES = 256 * 1024;

export const TEKTON_FAILURE_EVENTS = ['dev.tekton.event.taskrun.failed.v1', 'dev.tekton.event.pipelinerun.failed.v1'] as const;

export class TriageInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
		/** The HTTP status a webhook answers it with: 400 for a bad request, 403 for a namespace it may not read. */
		readonly status: 400 | 403 = 400,
	) {
		super(message);
		this.name = 'TriageInputError';
	}
}

/** A failed TaskRun's step as a CloudEvent reports it. */
export interface EventStep {
	name?: string;
	container?: string;
	terminated?: { exitCode?: number; reason?: string; message?: string };
}

export type FailureTarget =
	| {
			kind: 'pod';
			namespace: string;
			podName: string;
			containerName?: string;
			/** What the event already told us; the pod is still read for the truth. */
			taskRun?: string;
			pipelineRun?: string;
			eventSteps?: EventStep[];
	  }
	| { kind: 'pipelineRun'; namespace: string; pipelineRun: string };

const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

function requireName(value: unknown, field: string, what: string, kind: 'label' | 'subdomain'): string {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
		throw new TriageInputError(field, `${field} is missing: expected ${what}`);
	}
	if (typeof value !== 'string') throw new TriageInputError(field, `${field} must be a string: expected ${what}, got ${typeof value}`);
	const name = value.trim();
	const max = kind === 'label' ? 63 : 253;
	const pattern = kind === 'label' ? DNS_LABEL : DNS_SUBDOMAIN;
	if (name.length > max || !pattern.test(name)) {
		const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
		throw new TriageInputError(
			field,
			`${field} ${shown} is not a valid Kubernetes name: expected at most ${max} lower-case letters, digits, '-'${kind === 'subdomain' ? " or '.'" : ''}, starting and ending with a letter or digit`,
		);
	}
	return name;
}

function optionalName(value: unknown, field: string, what: string, kind: 'label' | 'subdomain' = 'label'): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return requireName(value, field, what, kind);
}

function asObject(value: unknown, field: string): Record<string, unknown> {
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			throw new TriageInputError(field, `${field} is not JSON: expected a JSON object such as {"namespace": "ci", "pod_name": "build-pod"}`);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) {
		throw new TriageInputError(field, `${field} must be a JSON object, got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
	}
	return value as Record<string, unknown>;
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key ? headers[key] : undefined;
	return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/** The steps of a TaskRun event, with the names checked: they can be shown when the pod cannot be read. */
function eventSteps(value: unknown): EventStep[] | undefined {
	if (!Array.isArray(value)) return undefined;
	return value.map((raw: unknown, index) => {
		const step = asObject(raw ?? {}, `taskRun.status.steps[${index}]`);
		const terminated = step.terminated && typeof step.terminated === 'object' ? (step.terminated as Record<string, unknown>) : undefined;
		return {
			name: optionalName(step.name, `taskRun.status.steps[${index}].name`, 'the name of a step'),
			container: optionalName(step.container, `taskRun.status.steps[${index}].container`, 'the container of a step'),
			terminated: terminated && { exitCode: typeof terminated.exitCode === 'number' ? terminated.exitCode : undefined },
		};
	});
}

function fromCloudEvent(type: string, body: Record<string, unknown>): FailureTarget {
	if (!(TEKTON_FAILURE_EVENTS as readonly string[]).includes(type)) {
		throw new TriageInputError('ce-type', `CloudEvent type "${type}" is not a Tekton failure event: expected ${TEKTON_FAILURE_EVENTS.join(' or ')}`);
	}
	if (type.includes('.taskrun.')) {
		const taskRun = asObject(body.taskRun, 'taskRun');
		const metadata = asObject(taskRun.metadata ?? {}, 'taskRun.metadata');
		const status = asObject(taskRun.status ?? {}, 'taskRun.status');
		const labels = asObject(metadata.labels ?? {}, 'taskRun.metadata.labels');
		return {
			kind: 'pod',
			namespace: requireName(metadata.namespace, 'taskRun.metadata.namespace', 'the namespace of the TaskRun', 'label'),
			podName: requireName(status.podName, 'taskRun.status.podName', 'the name of the TaskRun’s pod', 'subdomain'),
			// Shown in the report when the cluster cannot be read: checked like every other name.
			taskRun: optionalName(metadata.name, 'taskRun.metadata.name', 'the name of the TaskRun', 'subdomain'),
			pipelineRun: optionalName(labels['tekton.dev/pipelineRun'], 'taskRun.metadata.labels.tekton.dev/pipelineRun', 'the name of the PipelineRun', 'subdomain'),
			eventSteps: eventSteps(status.steps),
		};
	}
	const pipelineRun = asObject(body.pipelineRun, 'pipelineRun');
	const metadata = asObject(pipelineRun.metadata ?? {}, 'pipelineRun.metadata');
	return {
		kind: 'pipelineRun',
		namespace: requireName(metadata.namespace, 'pipelineRun.metadata.namespace', 'the namespace of the PipelineRun', 'label'),
		pipelineRun: requireName(metadata.name, 'pipelineRun.metadata.name', 'the name of the PipelineRun', 'subdomain'),
	};
}

/**
 * Reads the failure from a request. Accepts the payload itself, or n8n's Webhook node item
 * (`{headers, body, …}`), whose `ce-type` header marks a CloudEvent.
 */
export function parseFailureRequest(input: unknown): FailureTarget {
	let body: unknown = input;
	let headers: Record<string, unknown> | undefined;
	const item = input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
	if (item && 'body' in item && ('headers' in item || 'query' in item || 'params' in item)) {
		body = item.body;
		headers = item.headers as Record<string, unknown> | undefined;
	}
	const size = Buffer.byteLength(typeof body === 'string' ? body : (JSON.stringify(body) ?? ''), 'utf8');
	if (size > MAX_REQUEST_BYTES) {
		throw new TriageInputError('body', `body is ${(size / 1024 / 1024).toFixed(1)} MB: expected at most ${MAX_REQUEST_BYTES / 1024} KB (a failure report names a pod or carries a TaskRun)`);
	}
	const payload = asObject(body, 'body');
	const headerType = headerValue(headers, 'ce-type');
	// Structured-mode CloudEvents carry the type and the event (`data`) in the body; binary mode puts
	// the type in the ce-type header and the event in the body itself.
	const structured = typeof payload.type === 'string' && payload.specversion !== undefined;
	const ceType = headerType ?? (structured ? (payload.type as string) : undefined);
	if (ceType) {
		if (structured && payload.data === undefined) {
			throw new TriageInputError('data', 'data is missing: a structured CloudEvent carries the TaskRun or PipelineRun in "data"');
		}
		return fromCloudEvent(ceType, structured ? asObject(payload.data, 'data') : payload);
	}
	const namespace = requireName(payload.namespace, 'namespace', 'the namespace of the failed pod', 'label');
	if (payload.pod_name !== undefined && payload.pipeline_run !== undefined) {
		// Which pod of the run the caller meant cannot be told from the two; guessing could file the wrong one.
		throw new TriageInputError(
			'pod_name, pipeline_run',
			'pod_name and pipeline_run were both given: expected one of them, pod_name for one failed pod or pipeline_run to find the failed pod of a PipelineRun',
		);
	}
	if (payload.pod_name === undefined && payload.pipeline_run !== undefined) {
		return { kind: 'pipelineRun', namespace, pipelineRun: requireName(payload.pipeline_run, 'pipeline_run', 'the name of the failed PipelineRun', 'subdomain') };
	}
	if (payload.pod_name === undefined) {
		throw new TriageInputError('pod_name', 'pod_name is missing: expected the name of the failed pod (or pipeline_run, the name of the failed PipelineRun)');
	}
	return {
		kind: 'pod',
		namespace,
		podName: requireName(payload.pod_name, 'pod_name', 'the name of the failed pod', 'subdomain'),
		containerName: optionalName(payload.container_name, 'container_name', 'the name of the failed container'),
	};
}

/** An allowed-namespaces setting ("ci, build" or one per line) as a list; empty means no list. */
export function parseNamespaceList(text: string | undefined): string[] {
	return (text ?? '')
		.split(/[\s,]+/)
		.map((name) => name.trim())
		.filter(Boolean);
}

/**
 * A failure in a namespace outside the allowed list is refused before anything is read (403, naming
 * the namespace). An empty list allows whatever the MCP server's credentials can read.
 */
export function assertNamespaceAllowed(target: FailureTarget, allowed: string[]): void {
	if (!allowed.length || allowed.includes(target.namespace)) return;
	throw new TriageInputError('namespace', `namespace "${target.namespace}" is not in the allowed namespaces: expected one of ${allowed.join(', ')}`, 403);
}
