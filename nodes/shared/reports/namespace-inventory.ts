/**
 * Namespace inventory: every namespace (`namespaces_list`, or OpenShift's `projects_list` where
 * listing namespaces is not allowed) with its status, owner annotations, part-of label and pods.
 */
import { checkOptions, distinct, Inputs, isNotServed, plural, sentence, type ReportOptions } from './common';
import { formatAge, oneLine, parseClusterTime } from './format';
import { readEach, readNamespaces, readPods, type NamespaceLike, type PodLike } from './kubernetes';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const NAMESPACE_INVENTORY_DEFAULTS = { title: 'Namespace inventory' };

interface AnnotatedNamespace extends NamespaceLike {
	metadata?: NamespaceLike['metadata'] & { labels?: Record<string, string>; annotations?: Record<string, string> };
}

export interface NamespaceInventoryInput extends ReportOptions {
	/** `namespaces_list` output. */
	namespaces: unknown;
	/** `projects_list` output; optional (OpenShift). */
	projects?: unknown;
	/** `pods_list` output; optional, adds pod counts. */
	pods?: unknown;
}

export interface NamespaceInventoryReport extends Report {
	kind: 'namespace-inventory';
	counts: { namespaces: number; terminating: number; withoutPods: number; pods: number; unreadable: number };
}

export function namespaceInventoryReport(input: NamespaceInventoryInput): NamespaceInventoryReport {
	const { now, maxRows } = checkOptions(input);
	const inputs = new Inputs();
	const namespaces = inputs.take('namespaces', readNamespaces(input.namespaces)) as AnnotatedNamespace[];
	const projects = input.projects === undefined ? [] : (inputs.take('projects', readNamespaces(input.projects, 'projects', 'projects_list')) as AnnotatedNamespace[]);
	const podReading = input.pods === undefined ? undefined : readEach(input.pods, (one) => readPods(one));
	for (const why of podReading?.failures ?? []) inputs.unavailable.push({ what: 'pods', why });
	const pods: PodLike[] = podReading?.value ?? [];

	// Projects are namespaces seen through OpenShift; their annotations say who asked for them.
	const byName = new Map<string, AnnotatedNamespace>();
	for (const item of [...projects, ...namespaces]) {
		const name = item.metadata?.name ?? '';
		const known = byName.get(name);
		byName.set(name, known ? { ...item, metadata: { ...item.metadata, annotations: { ...known.metadata?.annotations, ...item.metadata?.annotations } } } : item);
	}
	const podsIn = new Map<string, { total: number; notRunning: number }>();
	for (const pod of pods) {
		const entry = podsIn.get(pod.metadata?.namespace ?? '') ?? { total: 0, notRunning: 0 };
		entry.total++;
		if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Succeeded') entry.notRunning++;
		podsIn.set(pod.metadata?.namespace ?? '', entry);
	}
	const rows = [...byName.values()]
		.map((item) => {
			const annotations = item.metadata?.annotations ?? {};
			return {
				name: item.metadata?.name ?? '',
				status: item.status?.phase ?? '—',
				partOf: item.metadata?.labels?.['app.kubernetes.io/part-of'] ?? '',
				displayName: annotations['openshift.io/display-name'] ?? '',
				requester: annotations['openshift.io/requester'] ?? '',
				pods: podsIn.get(item.metadata?.name ?? ''),
				createdAt: parseClusterTime(item.metadata?.creationTimestamp),
			};
		})
		.sort((a, b) => Number(b.status === 'Terminating') - Number(a.status === 'Terminating') || a.name.localeCompare(b.name));

	const terminating = rows.filter((row) => row.status === 'Terminating');
	const withoutPods = podReading && podReading.read > 0 ? rows.filter((row) => !row.pods) : [];
	const counts = { namespaces: rows.length, terminating: terminating.length, withoutPods: withoutPods.length, pods: pods.length, unreadable: inputs.unavailable.length };
	const listFailed = inputs.missing('namespaces') && (input.projects === undefined || inputs.missing('projects'));
	const clauses = [`${plural(rows.length, 'namespace')}`];
	if (terminating.length) clauses.push(`${plural(terminating.length, 'is', 'are')} stuck terminating (${distinct(terminating.map((row) => row.name))})`);
	else if (rows.length) clauses[0] += `, ${rows.every((row) => row.status === 'Active') ? 'all Active' : 'none terminating'}`;
	if (withoutPods.length) clauses.push(`${plural(withoutPods.length, 'holds', 'hold')} no pods (${distinct(withoutPods.map((row) => row.name))})`);
	const headline = listFailed ? `The namespaces could not be read: ${(inputs.missing('namespaces') ?? inputs.missing('projects'))?.why}.` : sentence(clauses);
	// A cluster without OpenShift's projects is a fact; failed reads are not.
	const failed = inputs.unavailable.filter((entry) => !isNotServed(entry.why) && !(entry.what === 'namespaces' && projects.length));
	const verdict: Verdict = terminating.length || listFailed || failed.length ? 'degraded' : 'healthy';
	const notes = inputs.notes({ namespaces: 'The namespace list', projects: 'The OpenShift projects', pods: 'The pods' });
	if (inputs.missing('namespaces') && projects.length) notes.push('The inventory comes from projects_list instead.');

	return {
		kind: 'namespace-inventory',
		title: input.title?.trim() || NAMESPACE_INVENTORY_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'namespaces',
					title: 'Namespaces',
					columns: ['Namespace', 'Status', 'Pods', 'Not running', 'Part of', 'Display name', 'Requester', 'Age'],
					rows: rows.map((row) => [
						oneLine(row.name),
						oneLine(row.status),
						podReading ? String(row.pods?.total ?? 0) : '—',
						podReading ? String(row.pods?.notRunning ?? 0) : '—',
						oneLine(row.partOf),
						oneLine(row.displayName),
						oneLine(row.requester),
						formatAge(row.createdAt === undefined ? undefined : now - row.createdAt),
					]),
					emptyText: listFailed ? 'The namespaces could not be read.' : 'No namespaces were listed.',
					note: 'Part of is the app.kubernetes.io/part-of label; Display name and Requester are OpenShift’s annotations.',
				},
				maxRows,
			),
		],
		notes,
		unavailable: inputs.unavailable,
	};
}
