/**
 * Names that Kubernetes or Tekton generated for this one run, known from the pod's own metadata
 * rather than guessed from their shape: a bare pod called `web-proxy` and a StatefulSet's `db-1`
 * keep their names, a ReplicaSet's `web-7d9f8c6b5-qwxzb` does not.
 */

export interface PodMetadata {
	podName?: string;
	generateName?: string;
	ownerReferences?: Array<{ kind?: string; name?: string }>;
	labels?: Record<string, string>;
	nodeName?: string;
	/** Tekton run names known without the pod (from a CloudEvent or the request). */
	pipelineRun?: string;
	taskRun?: string;
}

export interface GeneratedName {
	/** Which rule found it (named in the triage README). */
	rule: string;
	name: string;
	replacement: string;
}

/** Owners that name their pods `<owner>-<random suffix>`; a StatefulSet's ordinal is not random. */
const OWNERS_WITH_GENERATED_POD_NAMES = new Set(['ReplicaSet', 'Job', 'DaemonSet']);
/** A CronJob names each Job `<cronjob>-<scheduled time in minutes since the epoch>`. */
const CRONJOB_JOB_NAME = /^(.+)-(\d{8,10})$/;
/** Shorter names are too likely to be words in the line as well. */
const MIN_NAME_LENGTH = 4;

/** The generated names of one pod, in the order they are replaced: whole names before their parts. */
export function generatedNamesOf(meta: PodMetadata): GeneratedName[] {
	const labels = meta.labels ?? {};
	const pod = meta.podName;
	const taskRun = labels['tekton.dev/taskRun'] ?? meta.taskRun;
	const pipelineRun = labels['tekton.dev/pipelineRun'] ?? meta.pipelineRun;
	// A run named like its Pipeline or Task (kept and re-applied under one name) is not generated.
	const stable = new Set([labels['tekton.dev/pipeline'], labels['tekton.dev/pipelineTask'], labels['tekton.dev/task']].filter(Boolean));
	const names: GeneratedName[] = [];
	const add = (rule: string, name: string | undefined, replacement: string) => {
		if (name && name.length >= MIN_NAME_LENGTH && !stable.has(name) && !names.some((known) => known.name === name)) names.push({ rule, name, replacement });
	};

	const owners = meta.ownerReferences ?? [];
	if (pod && taskRun && pod.startsWith(`${taskRun}-pod`)) add('tekton-pod', pod, '<taskrun>-pod');
	else if (pod && meta.generateName && pod.startsWith(meta.generateName) && pod.length > meta.generateName.length) add('generate-name', pod, `${meta.generateName}<suffix>`);
	else {
		const owner = owners.find((ref) => ref.kind && ref.name && OWNERS_WITH_GENERATED_POD_NAMES.has(ref.kind) && pod?.startsWith(`${ref.name}-`));
		if (owner?.name) add('owner-suffix', pod, `${owner.name}-<suffix>`);
	}
	add('tekton-taskrun', taskRun, '<taskrun>');
	add('tekton-pipelinerun', pipelineRun, '<pipelinerun>');
	add('pod-template-hash', labels['pod-template-hash'], '<pod-template-hash>');
	for (const owner of owners) {
		const scheduled = owner.kind === 'Job' && owner.name ? CRONJOB_JOB_NAME.exec(owner.name) : null;
		if (scheduled) add('cronjob-schedule', owner.name, `${scheduled[1]}-<scheduled>`);
	}
	add('node-name', meta.nodeName, '<node>');
	return names;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with each generated name replaced where it stands as a whole name (not inside a longer word). */
export function replaceGeneratedNames(text: string, names: GeneratedName[]): string {
	let result = text;
	for (const { name, replacement } of names) {
		if (!result.includes(name)) continue;
		result = result.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(name)}(?![A-Za-z0-9])`, 'g'), () => replacement);
	}
	return result;
}
