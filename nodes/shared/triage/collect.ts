import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { parseToolResult } from '../mcp/result';
import type { EventStep, FailureTarget } from './input';
import { findFailedContainers, tektonContext, type FailedContainer, type PodLike } from './pod';

/** The one thing collection needs from an MCP session. */
export interface ToolCaller {
	callTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
}

export interface ClusterEvent {
	type?: string;
	reason?: string;
	message?: string;
	object?: string;
	timestamp?: string;
}

export interface ReadProblem {
	/** What could not be read: the pod, a container's log, the events, the MCP server. */
	what: string;
	why: string;
}

export interface CollectedContainer extends FailedContainer {
	/** The raw log (never leaves the node: Analyse digests and redacts it). */
	log?: string;
	logFromPrevious: boolean;
}

export interface CollectedFailure {
	namespace: string;
	podName?: string;
	pod?: {
		phase?: string;
		nodeName?: string;
		reason?: string;
		message?: string;
		labels: Record<string, string>;
		/** What tells the names generated for this run (the fingerprint replaces them). */
		generateName?: string;
		ownerReferences?: Array<{ kind?: string; name?: string }>;
	};
	tekton: ReturnType<typeof tektonContext>;
	/** The container the report is about, first; further failed containers after it. */
	containers: CollectedContainer[];
	skippedSteps: string[];
	podClass?: FailedContainer['statusClass'];
	events: ClusterEvent[];
	problems: ReadProblem[];
	/** Things that are missing by nature, not by failure (a container that never started has no log). */
	notes: string[];
	/** Other failed pods of the same PipelineRun, when collected by PipelineRun. */
	otherFailedPods: string[];
	/** A note on how the container was chosen when the request named one. */
	containerNote?: string;
}

export interface CollectOptions {
	/** `tail` for pods_log: the server returns only 100 lines unless asked for more. */
	maxLogLines: number;
	/** Logs of further failed containers of the same pod. */
	maxContainers: number;
}

export const DEFAULT_COLLECT_OPTIONS: CollectOptions = { maxLogLines: 500_000, maxContainers: 3 };

const EMPTY_LOG = /^The pod \S+ in namespace \S+ has not logged any message yet\s*$/;

async function call(tools: ToolCaller, name: string, args: Record<string, unknown>) {
	return parseToolResult(await tools.callTool(name, args), name === 'pods_log' ? 'text' : 'auto');
}

function toEvent(raw: Record<string, unknown>): ClusterEvent {
	// kubernetes-mcp-server capitalises event keys; the Kubernetes API does not.
	const get = (key: string) => (raw[key] ?? raw[key.charAt(0).toLowerCase() + key.slice(1)]) as unknown;
	const involved = (get('InvolvedObject') ?? {}) as Record<string, unknown>;
	return {
		type: get('Type') as string | undefined,
		reason: get('Reason') as string | undefined,
		message: typeof get('Message') === 'string' ? (get('Message') as string).trim() : undefined,
		object: [involved.Kind ?? involved.kind, involved.Name ?? involved.name].filter(Boolean).join('/') || undefined,
		timestamp: (get('Timestamp') ?? get('LastTimestamp') ?? get('EventTime')) as string | undefined,
	};
}

async function readEvents(tools: ToolCaller, namespace: string, podName: string, problems: ReadProblem[]): Promise<ClusterEvent[]> {
	try {
		const result = await call(tools, 'events_list', { namespace, fieldSelector: `involvedObject.name=${podName}` });
		if (result.isError) {
			problems.push({ what: 'events', why: result.text });
			return [];
		}
		const list = Array.isArray(result.data) ? result.data : [];
		return list
			.map((event) => toEvent(event as Record<string, unknown>))
			.filter((event) => !event.object || event.object.endsWith(`/${podName}`));
	} catch (error) {
		problems.push({ what: 'events', why: (error as Error).message });
		return [];
	}
}

async function readLog(tools: ToolCaller, namespace: string, podName: string, container: FailedContainer, options: CollectOptions, record: CollectedFailure): Promise<CollectedContainer> {
	const problems = record.problems;
	if (container.neverStarted) {
		record.notes.push(`Container ${container.name} never started (${container.reason ?? 'waiting'}), so it has no log; the events say why.`);
		return { ...container, logFromPrevious: false };
	}
	const attempt = async (previous: boolean) =>
		call(tools, 'pods_log', { namespace, name: podName, container: container.name, tail: options.maxLogLines, ...(previous ? { previous: true } : {}) });
	try {
		let previous = container.usePreviousLog;
		let result = await attempt(previous);
		if (result.isError && previous) {
			// The previous instance can be gone (node rotated it); the current one still says something.
			problems.push({ what: `previous log of ${container.name}`, why: result.text });
			previous = false;
			result = await attempt(false);
		}
		if (result.isError) {
			problems.push({ what: `log of ${container.name}`, why: result.text });
			return { ...container, logFromPrevious: previous };
		}
		if (EMPTY_LOG.test(result.text)) {
			problems.push({ what: `log of ${container.name}`, why: 'the container wrote no log (or it was pruned)' });
			return { ...container, log: '', logFromPrevious: previous };
		}
		return { ...container, log: result.text, logFromPrevious: previous };
	} catch (error) {
		problems.push({ what: `log of ${container.name}`, why: (error as Error).message });
		return { ...container, logFromPrevious: false };
	}
}

function chooseContainers(failed: FailedContainer[], pod: PodLike, requested: string | undefined, eventSteps?: EventStep[]) {
	const allNames = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
	let note: string | undefined;
	let ordered = [...failed];
	if (requested) {
		const match = failed.find((c) => c.name === requested);
		if (match) ordered = [match, ...failed.filter((c) => c !== match)];
		else if (!allNames.includes(requested)) note = `The request named container "${requested}", which this pod does not have (containers: ${allNames.join(', ')}).`;
		else if (failed.length) note = `The request named container "${requested}", but it did not fail; ${failed[0].name} did.`;
		else note = `The request named container "${requested}", which did not fail.`;
	} else if (!failed.length && eventSteps?.length) {
		const step = eventSteps.find((s) => (s.terminated?.exitCode ?? 0) !== 0);
		if (step?.container) note = `The event reports step ${step.container} failed, but the pod no longer shows it.`;
	}
	return { ordered, note };
}

async function collectPod(tools: ToolCaller, namespace: string, podName: string, requested: string | undefined, eventSteps: EventStep[] | undefined, options: CollectOptions): Promise<CollectedFailure> {
	const record: CollectedFailure = { namespace, podName, tekton: {} as CollectedFailure['tekton'], containers: [], skippedSteps: [], events: [], problems: [], notes: [], otherFailedPods: [] };
	const podResult = await call(tools, 'pods_get', { namespace, name: podName });
	record.events = await readEvents(tools, namespace, podName, record.problems);
	if (podResult.isError || !podResult.data || typeof podResult.data !== 'object') {
		record.problems.unshift({ what: `pod ${namespace}/${podName}`, why: podResult.isError ? podResult.text : 'the server did not return the pod as YAML or JSON' });
		return record;
	}
	const pod = podResult.data as PodLike;
	record.pod = {
		phase: pod.status?.phase,
		nodeName: pod.spec?.nodeName,
		reason: pod.status?.reason,
		message: pod.status?.message,
		labels: pod.metadata?.labels ?? {},
		generateName: typeof pod.metadata?.generateName === 'string' ? pod.metadata.generateName : undefined,
		ownerReferences: Array.isArray(pod.metadata?.ownerReferences) ? pod.metadata.ownerReferences.map((ref) => ({ kind: ref?.kind, name: ref?.name })) : undefined,
	};
	record.tekton = tektonContext(pod);
	const failure = findFailedContainers(pod);
	record.skippedSteps = failure.skipped;
	record.podClass = failure.podClass;
	const { ordered, note } = chooseContainers(failure.failed, pod, requested, eventSteps);
	record.containerNote = note;
	for (const container of ordered.slice(0, options.maxContainers)) {
		record.containers.push(await readLog(tools, namespace, podName, container, options, record));
	}
	if (!ordered.length && !failure.podClass) record.problems.push({ what: 'failed container', why: `no container of pod ${podName} has failed (phase ${pod.status?.phase ?? 'unknown'})` });
	return record;
}

/** Pods of a PipelineRun, failed first by when they finished. */
async function failedPodsOfPipelineRun(tools: ToolCaller, namespace: string, pipelineRun: string): Promise<{ names: string[]; problem?: ReadProblem }> {
	const result = await call(tools, 'pods_list_in_namespace', { namespace, labelSelector: `tekton.dev/pipelineRun=${pipelineRun}` });
	if (result.isError) return { names: [], problem: { what: `pods of PipelineRun ${pipelineRun}`, why: result.text } };
	const pods = (Array.isArray(result.data) ? result.data : []) as PodLike[];
	const failed = pods
		.map((pod) => ({ pod, failure: findFailedContainers(pod) }))
		.filter(({ pod, failure }) => failure.failed.length > 0 || failure.podClass || pod.status?.phase === 'Failed')
		.sort((a, b) => finishedAt(a.pod).localeCompare(finishedAt(b.pod)));
	if (!failed.length) {
		return { names: [], problem: { what: `pods of PipelineRun ${pipelineRun}`, why: pods.length ? `none of its ${pods.length} pods failed` : 'no pod carries the label tekton.dev/pipelineRun with this name' } };
	}
	return { names: failed.map(({ pod }) => pod.metadata?.name ?? '').filter(Boolean) };
}

function finishedAt(pod: PodLike): string {
	const times = (pod.status?.containerStatuses ?? []).map((s) => s.state?.terminated?.finishedAt ?? '').filter(Boolean).sort();
	return times[0] ?? '~';
}

/**
 * Reads what went wrong through the MCP server: the pod, its failed container's whole log (the
 * previous one after a restart) and its events. What cannot be read is recorded with the reason,
 * never thrown: the report must still be filed.
 */
export async function collectFailure(tools: ToolCaller, target: FailureTarget, options: CollectOptions = DEFAULT_COLLECT_OPTIONS): Promise<CollectedFailure> {
	if (target.kind === 'pod') return collectPod(tools, target.namespace, target.podName, target.containerName, target.eventSteps, options);
	const { names, problem } = await failedPodsOfPipelineRun(tools, target.namespace, target.pipelineRun);
	if (!names.length) {
		return {
			namespace: target.namespace,
			tekton: { pipelineRun: target.pipelineRun } as CollectedFailure['tekton'],
			containers: [],
			skippedSteps: [],
			events: [],
			problems: problem ? [problem] : [],
			notes: [],
			otherFailedPods: [],
		};
	}
	const record = await collectPod(tools, target.namespace, names[0], undefined, undefined, options);
	record.otherFailedPods = names.slice(1);
	return record;
}

/** The record to file when the MCP server itself cannot be reached. */
export function unreachableClusterRecord(target: FailureTarget, why: string): CollectedFailure {
	return {
		namespace: target.namespace,
		podName: target.kind === 'pod' ? target.podName : undefined,
		tekton: { pipelineRun: target.kind === 'pipelineRun' ? target.pipelineRun : target.pipelineRun, taskRun: target.kind === 'pod' ? target.taskRun : undefined } as CollectedFailure['tekton'],
		containers: target.kind === 'pod' && target.containerName ? [{ name: target.containerName, kind: 'container', restartCount: 0, usePreviousLog: false, neverStarted: false, logFromPrevious: false }] : [],
		skippedSteps: [],
		events: [],
		problems: [{ what: 'the cluster (MCP server)', why }],
		notes: [],
		otherFailedPods: [],
	};
}
