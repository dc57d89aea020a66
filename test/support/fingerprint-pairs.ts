/**
 * The labelled same/different failure pairs in test/fixtures/fingerprint-pairs/: each side is
 * described compactly (the workload the pod belongs to, the failed container, its log and events),
 * turned into the pod a Kubernetes API would return, and collected through `collectFailure` with a
 * scripted MCP tool caller, so the fingerprints come from the same path a real failure takes.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { collectFailure, type ToolCaller } from '../../nodes/shared/triage/collect';
import type { PodLike } from '../../nodes/shared/triage/pod';
import { buildReport, type TriageReport } from '../../nodes/shared/triage/report';

export const PAIRS_DIR = join(__dirname, '..', 'fixtures', 'fingerprint-pairs');

const tekton = z.object({ pipeline: z.string(), pipelineTask: z.string(), pipelineRun: z.string(), taskRun: z.string().optional(), task: z.string().optional(), retry: z.number().optional() });
const deployment = z.object({ name: z.string(), hash: z.string(), suffix: z.string() });
const job = z.object({ name: z.string(), suffix: z.string() });
const statefulSet = z.object({ name: z.string(), ordinal: z.number() });

const sideFields = {
	namespace: z.string(),
	node: z.string(),
	/** A bare pod, created by name. */
	pod: z.string(),
	container: z.string(),
	/** null: none (a container that never ran). */
	exitCode: z.number().nullable(),
	/** The termination reason, or the waiting reason when `state` is waiting (`Unschedulable`: the pod never got a node). */
	reason: z.string(),
	state: z.enum(['terminated', 'waiting', 'crashloop', 'restarted']),
	log: z.array(z.string()),
	events: z.array(z.object({ type: z.string().default('Warning'), reason: z.string(), message: z.string() })),
};

/**
 * One side of a pair. The workload, exactly one of: `tekton` (a step of TaskRun
 * `<pipelineRun>-<pipelineTask>`), `deployment` (ReplicaSet `<name>-<hash>`, pod
 * `<name>-<hash>-<suffix>`), `job` (a CronJob's Jobs are named `<cronjob>-<scheduled minute>`),
 * `statefulSet`, or a bare `pod`; null removes the base's.
 */
const failureSpec = z
	.object({ ...sideFields, tekton: tekton.nullable(), deployment: deployment.nullable(), job: job.nullable(), statefulSet: statefulSet.nullable() })
	.partial();
/** As written in a file: a pair's side may override single fields of the base's workload. */
const partialSpec = z
	.object({ ...sideFields, tekton: tekton.partial().nullable(), deployment: deployment.partial().nullable(), job: job.partial().nullable(), statefulSet: statefulSet.partial().nullable() })
	.partial();

export type FailureSpec = z.infer<typeof failureSpec>;

const pairSchema = z.object({ label: z.enum(['same', 'different']), why: z.string().min(1), a: partialSpec, b: partialSpec });
const fileSchema = z.object({ family: z.string(), base: partialSpec.default({}), pairs: z.array(pairSchema).min(1) });
type PartialSpec = z.infer<typeof partialSpec>;

export interface LabelledPair {
	id: string;
	family: string;
	label: 'same' | 'different';
	why: string;
	a: FailureSpec;
	b: FailureSpec;
}

/** A side is the file's base with the pair's fields over it; workload objects merge one level deep, null removes one. */
function over(base: PartialSpec, side: PartialSpec, where: string): FailureSpec {
	const merged: Record<string, unknown> = { ...base, ...side };
	for (const key of ['tekton', 'deployment', 'job', 'statefulSet'] as const) {
		if (base[key] && side[key]) merged[key] = { ...base[key], ...side[key] };
	}
	const parsed = failureSpec.safeParse(merged);
	if (!parsed.success) throw new Error(`${where}: ${parsed.error.message}`);
	return parsed.data;
}

export function loadPairs(dir = PAIRS_DIR): LabelledPair[] {
	const pairs: LabelledPair[] = [];
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
		const parsed = fileSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
		if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
		parsed.data.pairs.forEach((pair, index) => {
			const id = `${file.replace(/\.json$/, '')}#${index + 1}`;
			pairs.push({ id, family: parsed.data.family, label: pair.label, why: pair.why, a: over(parsed.data.base, pair.a, `${id} a`), b: over(parsed.data.base, pair.b, `${id} b`) });
		});
	}
	return pairs;
}

function containerStatus(spec: FailureSpec, name: string) {
	const exitCode = spec.exitCode ?? undefined;
	const reason = spec.reason ?? 'Error';
	const terminated = { exitCode, reason, startedAt: '2026-11-20T10:00:00Z', finishedAt: '2026-11-20T10:01:00Z' };
	switch (spec.state ?? 'terminated') {
		case 'waiting':
			return { name, restartCount: 0, state: { waiting: { reason } } };
		case 'crashloop':
			return { name, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated } };
		case 'restarted':
			return { name, restartCount: 4, state: { running: { startedAt: '2026-11-20T10:02:00Z' } }, lastState: { terminated } };
		default:
			return { name, restartCount: 0, state: { terminated } };
	}
}

/** The pod as the Kubernetes API returns it for this side. */
export function podOf(spec: FailureSpec): PodLike & { metadata: { name: string; generateName?: string } } {
	const container = spec.container ?? 'app';
	const labels: Record<string, string> = {};
	let name: string;
	let generateName: string | undefined;
	let ownerReferences: Array<{ kind: string; name: string }> | undefined;
	if (spec.tekton) {
		const t = spec.tekton;
		const taskRun = t.taskRun ?? `${t.pipelineRun}-${t.pipelineTask}`;
		name = `${taskRun}-pod${t.retry ? `-retry${t.retry}` : ''}`;
		Object.assign(labels, { 'tekton.dev/pipeline': t.pipeline, 'tekton.dev/pipelineRun': t.pipelineRun, 'tekton.dev/pipelineTask': t.pipelineTask, 'tekton.dev/taskRun': taskRun });
		if (t.task) labels['tekton.dev/task'] = t.task;
		ownerReferences = [{ kind: 'TaskRun', name: taskRun }];
	} else if (spec.deployment) {
		const d = spec.deployment;
		generateName = `${d.name}-${d.hash}-`;
		name = `${generateName}${d.suffix}`;
		Object.assign(labels, { app: d.name, 'pod-template-hash': d.hash });
		ownerReferences = [{ kind: 'ReplicaSet', name: `${d.name}-${d.hash}` }];
	} else if (spec.job) {
		generateName = `${spec.job.name}-`;
		name = `${generateName}${spec.job.suffix}`;
		Object.assign(labels, { 'job-name': spec.job.name, 'batch.kubernetes.io/job-name': spec.job.name });
		ownerReferences = [{ kind: 'Job', name: spec.job.name }];
	} else if (spec.statefulSet) {
		name = `${spec.statefulSet.name}-${spec.statefulSet.ordinal}`;
		Object.assign(labels, { app: spec.statefulSet.name, 'statefulset.kubernetes.io/pod-name': name });
		ownerReferences = [{ kind: 'StatefulSet', name: spec.statefulSet.name }];
	} else {
		name = spec.pod ?? 'app';
	}
	const metadata = { name, generateName, namespace: spec.namespace ?? 'ci', labels, ownerReferences };
	if (spec.reason === 'Unschedulable') {
		const message = spec.events?.find((event) => event.reason === 'FailedScheduling')?.message;
		return { metadata, spec: { containers: [{ name: container }] }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] } };
	}
	const evicted = spec.reason === 'Evicted' ? { reason: 'Evicted', message: spec.events?.find((event) => event.reason === 'Evicted')?.message } : {};
	return {
		metadata,
		spec: { containers: [{ name: container }], nodeName: spec.node ?? 'worker-1' },
		status: { phase: 'Failed', ...evicted, containerStatuses: [containerStatus(spec, container)] },
	};
}

const text = (value: string): CallToolResult => ({ content: [{ type: 'text', text: value }] });

/** Answers pods_get, pods_log and events_list for one pod, as kubernetes-mcp-server would. */
export function scriptedCluster(spec: FailureSpec): ToolCaller {
	const pod = podOf(spec);
	return {
		async callTool(name) {
			if (name === 'pods_get') return text(JSON.stringify(pod));
			if (name === 'pods_log') return text((spec.log ?? []).join('\n'));
			if (name === 'events_list') {
				const events = (spec.events ?? []).map((event) => ({ type: event.type, reason: event.reason, message: event.message, involvedObject: { kind: 'Pod', name: pod.metadata.name } }));
				return text(JSON.stringify(events));
			}
			return { isError: true, content: [{ type: 'text', text: `unknown tool ${name}` }] };
		},
	};
}

/** The Failure Triage report for one side, collected and analysed as for a real failure. */
export async function reportOf(spec: FailureSpec): Promise<TriageReport> {
	const pod = podOf(spec);
	const record = await collectFailure(scriptedCluster(spec), { kind: 'pod', namespace: spec.namespace ?? 'ci', podName: pod.metadata.name });
	return buildReport(record);
}
