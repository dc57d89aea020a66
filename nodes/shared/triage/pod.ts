import { z } from 'zod';

import type { FailureClass } from './classes';

/** The parts of a Kubernetes Pod this module reads (as the API or kubernetes-mcp-server returns it). */
export interface PodLike {
	metadata?: { name?: string; generateName?: string; namespace?: string; labels?: Record<string, string>; ownerReferences?: Array<{ kind?: string; name?: string }> };
	spec?: { containers?: Array<{ name: string; image?: string }>; initContainers?: Array<{ name: string; image?: string }>; nodeName?: string };
	status?: {
		phase?: string;
		reason?: string;
		message?: string;
		conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
		containerStatuses?: ContainerStatusLike[];
		initContainerStatuses?: ContainerStatusLike[];
	};
}

interface TerminatedState {
	exitCode?: number;
	reason?: string;
	message?: string;
	startedAt?: string;
	finishedAt?: string;
}

export interface ContainerStatusLike {
	name: string;
	image?: string;
	restartCount?: number;
	state?: { terminated?: TerminatedState; waiting?: { reason?: string; message?: string }; running?: { startedAt?: string } };
	lastState?: { terminated?: TerminatedState };
}

export interface FailedContainer {
	name: string;
	kind: 'init' | 'container';
	image?: string;
	/** OOMKilled, Error, ImagePullBackOff, CreateContainerConfigError, CrashLoopBackOff, … */
	reason?: string;
	exitCode?: number;
	message?: string;
	restartCount: number;
	/** The interesting log is the one before the restart. */
	usePreviousLog: boolean;
	/** The container's waiting reason means it never started: there is no log to read. */
	neverStarted: boolean;
	/** A pod-level class the status alone proves (OOMKilled, image pull, config error). */
	statusClass?: FailureClass;
}

export interface PodFailure {
	/** Failed containers in spec order; the first is the failure, Tekton skips the steps after it. */
	failed: FailedContainer[];
	/** Steps that ended with exit code 1 only because an earlier step failed (Tekton). */
	skipped: string[];
	/** A class the pod itself proves, when it does (evicted, unschedulable). */
	podClass?: FailureClass;
	podReason?: string;
	podMessage?: string;
}

/** A field of MCP output that could not be used, and why; the collector files it as "could not read". */
export interface FieldProblem {
	field: string;
	why: string;
}

/** Optional in the shape; `null` (which YAML writes for empty values) reads as absent. */
const optional = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().transform((value): z.output<T> | undefined => value ?? undefined);
const text = z.string();
const terminatedSchema = z.object({
	exitCode: optional(z.number().int()),
	reason: optional(text),
	message: optional(text),
	startedAt: optional(text),
	finishedAt: optional(text),
});
const containerStatusSchema = z.object({
	name: text,
	image: optional(text),
	restartCount: optional(z.number().int()),
	state: optional(
		z.object({
			terminated: optional(terminatedSchema),
			waiting: optional(z.object({ reason: optional(text), message: optional(text) })),
			running: optional(z.object({ startedAt: optional(text) })),
		}),
	),
	lastState: optional(z.object({ terminated: optional(terminatedSchema) })),
});
const containerSchema = z.object({ name: text, image: optional(text) });

/** `podShape`: the fields of a Pod the triage reads, with their types (zod). */
const podSchema = z.object({
	metadata: optional(
		z.object({
			name: optional(text),
			generateName: optional(text),
			namespace: optional(text),
			labels: optional(z.record(text)),
			ownerReferences: optional(z.array(z.object({ kind: optional(text), name: optional(text) }))),
		}),
	),
	spec: optional(z.object({ containers: optional(z.array(containerSchema)), initContainers: optional(z.array(containerSchema)), nodeName: optional(text) })),
	status: optional(
		z.object({
			phase: optional(text),
			reason: optional(text),
			message: optional(text),
			conditions: optional(z.array(z.object({ type: optional(text), status: optional(text), reason: optional(text), message: optional(text) }))),
			containerStatuses: optional(z.array(containerStatusSchema)),
			initContainerStatuses: optional(z.array(containerStatusSchema)),
		}),
	),
});

/** A hostile object could carry thousands of bad fields; the report names this many and counts the rest. */
const MAX_FIELD_PROBLEMS = 20;
const REMOVED = Symbol('removed');

/**
 * `shapeCheck`: reads untrusted MCP output against a zod shape. A field of the wrong type (an exit
 * code that is text, a message that is an object) is left out and named as a problem; an entry
 * that lacks a required field (a container status without a name) is left out whole. The rest is
 * used; the value is corrected in place. Undefined when nothing of the value is usable.
 */
export function readShape<T extends z.ZodTypeAny>(schema: T, raw: unknown): { value?: z.output<T>; problems: FieldProblem[] } {
	const problems: FieldProblem[] = [];
	let omitted = 0;
	for (let round = 0; round < 10; round++) {
		const parsed = schema.safeParse(raw);
		if (parsed.success) {
			if (omitted > 0) problems.push({ field: `${omitted} more field${omitted === 1 ? '' : 's'}`, why: 'also of the wrong type; left out' });
			return { value: parsed.data as z.output<T>, problems };
		}
		const touched = new Set<unknown[]>();
		for (const issue of parsed.error.issues) {
			const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
			const path = missing ? issue.path.slice(0, -1) : issue.path;
			if (path.length === 0) return { problems: [...problems, { field: '(the whole object)', why: issue.message }] };
			const field = fieldName(path);
			if (problems.length < MAX_FIELD_PROBLEMS) {
				problems.push({ field, why: missing ? `${fieldName(issue.path)} is missing; the entry was left out` : `${issue.message.toLowerCase()}; the field was left out` });
			} else omitted++;
			const parent = valueAt(raw, path.slice(0, -1));
			const key = path[path.length - 1];
			if (Array.isArray(parent)) {
				parent[key as number] = REMOVED;
				touched.add(parent);
			} else if (typeof parent === 'object' && parent !== null) delete (parent as Record<string | number, unknown>)[key];
		}
		for (const array of touched) {
			const kept = array.filter((item) => item !== REMOVED);
			array.length = 0;
			array.push(...kept);
		}
	}
	return { problems: [...problems, { field: '(the whole object)', why: 'its fields could not be read' }] };
}

function valueAt(root: unknown, path: Array<string | number>): unknown {
	let value = root;
	for (const key of path) value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
	return value;
}

function fieldName(path: Array<string | number>): string {
	return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : index === 0 ? key : `.${key}`)).join('');
}

/** The pod as the triage reads it, checked against {@link podSchema}; the problems name what was left out. */
export function readPod(raw: unknown): { pod?: PodLike; problems: FieldProblem[] } {
	const { value, problems } = readShape(podSchema, raw);
	return { pod: value, problems };
}

const WAITING_FAILURES: Record<string, FailureClass> = {
	ImagePullBackOff: 'image_pull',
	ErrImagePull: 'image_pull',
	InvalidImageName: 'image_pull',
	ErrImageNeverPull: 'image_pull',
	CreateContainerConfigError: 'config_error',
	CreateContainerError: 'config_error',
	RunContainerError: 'config_error',
	CrashLoopBackOff: 'crash_loop_backoff',
};

const isTektonStep = (name: string) => name.startsWith('step-');

// Tekton marks steps it did not run because an earlier one failed.
function isSkippedTektonStep(status: ContainerStatusLike): boolean {
	const terminated = status.state?.terminated;
	if (!terminated) return false;
	return /"key":"StartedAt","value":""|Skipped|skipped/.test(terminated.message ?? '') || terminated.reason === 'Skipped';
}

function failureOf(status: ContainerStatusLike, kind: FailedContainer['kind']): FailedContainer | undefined {
	const terminated = status.state?.terminated;
	const waiting = status.state?.waiting;
	const last = status.lastState?.terminated;
	const restartCount = status.restartCount ?? 0;
	const base = { name: status.name, kind, image: status.image, restartCount };

	if (waiting?.reason && WAITING_FAILURES[waiting.reason]) {
		const statusClass = WAITING_FAILURES[waiting.reason];
		// A crash loop did run: its last termination is what to explain, from the previous log.
		if (statusClass === 'crash_loop_backoff' && last) {
			return {
				...base,
				reason: last.reason === 'OOMKilled' ? 'OOMKilled' : waiting.reason,
				exitCode: last.exitCode,
				message: waiting.message ?? last.message,
				usePreviousLog: true,
				neverStarted: false,
				statusClass: last.reason === 'OOMKilled' ? 'oom_killed' : 'crash_loop_backoff',
			};
		}
		return { ...base, reason: waiting.reason, message: waiting.message, usePreviousLog: false, neverStarted: statusClass !== 'crash_loop_backoff', statusClass };
	}
	if (terminated && (terminated.exitCode ?? 0) !== 0) {
		return {
			...base,
			reason: terminated.reason,
			exitCode: terminated.exitCode,
			message: terminated.message,
			usePreviousLog: false,
			neverStarted: false,
			statusClass: terminated.reason === 'OOMKilled' ? 'oom_killed' : undefined,
		};
	}
	// Running again after a failure: the crash is in the previous container's log.
	if (last && (last.exitCode ?? 0) !== 0 && restartCount > 0) {
		return {
			...base,
			reason: last.reason,
			exitCode: last.exitCode,
			message: last.message,
			usePreviousLog: true,
			neverStarted: false,
			statusClass: last.reason === 'OOMKilled' ? 'oom_killed' : 'crash_loop_backoff',
		};
	}
	return undefined;
}

/** Statuses in the order of the pod spec: the API does not promise that order in status. */
function inSpecOrder(specNames: string[], statuses: ContainerStatusLike[] = []): ContainerStatusLike[] {
	const byName = new Map(statuses.map((status) => [status.name, status]));
	const ordered = specNames.map((name) => byName.get(name)).filter((s): s is ContainerStatusLike => Boolean(s));
	const unknown = statuses.filter((status) => !specNames.includes(status.name));
	return [...ordered, ...unknown];
}

/**
 * Finds what failed in a pod. The failed Tekton step is the first container, in spec order, with a
 * non-zero exit code or a waiting reason; the steps after it also end with exit code 1 because
 * Tekton skips them, and are reported as skipped, not as failures.
 */
export function findFailedContainers(pod: PodLike): PodFailure {
	const init = inSpecOrder((pod.spec?.initContainers ?? []).map((c) => c.name), pod.status?.initContainerStatuses);
	const main = inSpecOrder((pod.spec?.containers ?? []).map((c) => c.name), pod.status?.containerStatuses);
	const failed: FailedContainer[] = [];
	const skipped: string[] = [];
	for (const status of init) {
		const failure = failureOf(status, 'init');
		if (failure) failed.push(failure);
	}
	let tektonStepFailed = false;
	for (const status of main) {
		const failure = failureOf(status, 'container');
		if (!failure) continue;
		if (isTektonStep(status.name) && (tektonStepFailed || failed.length > 0) && (isSkippedTektonStep(status) || failure.exitCode === 1)) {
			skipped.push(status.name);
			continue;
		}
		if (isTektonStep(status.name)) tektonStepFailed = true;
		failed.push(failure);
	}

	const reason = pod.status?.reason;
	const message = pod.status?.message;
	let podClass: FailureClass | undefined;
	if (reason === 'Evicted') podClass = 'evicted';
	const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable');
	if (unschedulable) podClass = 'unschedulable';
	return {
		failed,
		skipped,
		podClass,
		podReason: reason ?? unschedulable?.reason,
		podMessage: message ?? unschedulable?.message,
	};
}

/** Tekton's labels name the pipeline, task and run a pod belongs to. */
export function tektonContext(pod: PodLike) {
	const labels = pod.metadata?.labels ?? {};
	return {
		pipelineRun: labels['tekton.dev/pipelineRun'],
		pipeline: labels['tekton.dev/pipeline'],
		pipelineTask: labels['tekton.dev/pipelineTask'],
		taskRun: labels['tekton.dev/taskRun'],
		task: labels['tekton.dev/task'] ?? labels['tekton.dev/clusterTask'],
	};
}
