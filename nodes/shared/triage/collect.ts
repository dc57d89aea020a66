import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

import { capMessage, parseToolResult } from '../mcp/result';
import type { EventStep, FailureTarget } from './input';
import { findFailedContainers, readPod, readShape, tektonContext, type FailedContainer, type PodLike } from './pod';

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

/** A problem with the server's or the error's text cut: a 20 MB error message must not stop the issue from being filed. */
function problem(what: string, why: string): ReadProblem {
	return { what, why: capMessage(why.trim()) };
}

const eventText = z.string().nullish().transform((value) => value ?? undefined);
/** `eventShape`: the fields of an event the triage reads, after the key casing is evened out. */
const eventSchema = z.object({
	type: eventText,
	reason: eventText,
	message: eventText,
	timestamp: eventText,
	involvedKind: eventText,
	involvedName: eventText,
});

function toEvent(raw: unknown, index: number, problems: ReadProblem[]): ClusterEvent | undefined {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		problems.push(problem(`event [${index}]`, 'it is not an object; left out'));
		return undefined;
	}
	const record = raw as Record<string, unknown>;
	// kubernetes-mcp-server capitalises event keys; the Kubernetes API does not.
	const get = (from: Record<string, unknown>, key: string) => from[key] ?? from[key.charAt(0).toLowerCase() + key.slice(1)];
	const involvedRaw = get(record, 'InvolvedObject');
	const involved = typeof involvedRaw === 'object' && involvedRaw !== null ? (involvedRaw as Record<string, unknown>) : {};
	const candidate = {
		type: get(record, 'Type'),
		reason: get(record, 'Reason'),
		message: get(record, 'Message'),
		timestamp: get(record, 'Timestamp') ?? get(record, 'LastTimestamp') ?? get(record, 'EventTime'),
		involvedKind: get(involved, 'Kind'),
		involvedName: get(involved, 'Name'),
	};
	const { value, problems: fieldProblems } = readShape(eventSchema, candidate);
	for (const fieldProblem of fieldProblems) problems.push(problem(`event [${index}] field ${fieldProblem.field}`, fieldProblem.why));
	if (!value) return undefined;
	return {
		type: value.type,
		reason: value.reason,
		message: value.message?.trim(),
		object: [value.involvedKind, value.involvedName].filter(Boolean).join('/') || undefined,
		timestamp: value.timestamp,
	};
}

async function readEvents(tools: ToolCaller, namespace: string, podName: string, problems: ReadProblem[]): Promise<ClusterEvent[]> {
	try {
		const result = await call(tools, 'events_list', { namespace, fieldSelector: `involvedObject.name=${podName}` });
		if (result.isError) {
			problems.push(problem('events', result.text));
			return [];
		}
		if (result.problem) problems.push(problem('events', result.problem));
		const list = Array.isArray(result.data) ? result.data : [];
		return list
			.map((event, index) => toEvent(event, index, problems))
			.filter((event): event is ClusterEvent => event !== undefined && (!event.object || event.object.endsWith(`/${podName}`)));
	} catch (error) {
		problems.push(problem('events', (error as Error).message));
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
			problems.push(problem(`previous log of ${container.name}`, result.text));
			previous = false;
			result = await attempt(false);
		}
		if (result.isError) {
			problems.push(problem(`log of ${container.name}`, result.text));
			return { ...container, logFromPrevious: previous };
		}
		if (EMPTY_LOG.test(result.text)) {
			problems.push({ what: `log of ${container.name}`, why: 'the container wrote no log (or it was pruned)' });
			return { ...container, log: '', logFromPrevious: previous };
		}
		return { ...container, log: result.text, logFromPrevious: previous };
	} catch (error) {
		problems.push(problem(`log of ${container.name}`, (error as Error).message));
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
	const read = podResult.isError || !podResult.data || typeof podResult.data !== 'object' ? undefined : readPod(podResult.data);
	if (!read?.pod) {
		const why = podResult.isError
			? podResult.text
			: read
				? `it is not a Pod object: ${read.problems[read.problems.length - 1]?.why ?? 'no field could be read'}`
				: (podResult.problem ?? 'the server did not return the pod as YAML or JSON');
		record.problems.unshift(problem(`pod ${namespace}/${podName}`, why));
		return record;
	}
	for (const fieldProblem of read.problems) record.problems.push(problem(`pod field ${fieldProblem.field}`, fieldProblem.why));
	const pod = read.pod;
	record.pod = {
		phase: pod.status?.phase,
		nodeName: pod.spec?.nodeName,
		reason: pod.status?.reason,
		message: pod.status?.message,
		labels: pod.metadata?.labels ?? {},
		generateName: pod.metadata?.generateName,
		ownerReferences: pod.metadata?.ownerReferences?.map((ref) => ({ kind: ref?.kind, name: ref?.name })),
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
	if (result.isError) return { names: [], problem: problem(`pods of PipelineRun ${pipelineRun}`, result.text) };
	// Each pod found here is read again, field problems included, when its failure is collected.
	const pods = (Array.isArray(result.data) ? result.data : []).map((raw) => readPod(raw).pod).filter((pod): pod is PodLike => pod !== undefined);
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
		problems: [problem('the cluster (MCP server)', why)],
		notes: [],
		otherFailedPods: [],
	};
}
