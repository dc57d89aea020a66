/** One row per namespace, the ones with problems first. */
import { oneLine } from './format';
import type { EventGroup } from './events';
import type { NamespaceLike, PodLike } from './kubernetes';
import type { PodProblem } from './pods';
import type { Table } from './table';

interface NamespaceRow {
	name: string;
	status: string;
	pods: number;
	problemPods: number;
	failingPods: number;
	warningEvents: number;
}

/**
 * Namespaces from `namespaces_list`, plus any that only the pods or events name (so the table still
 * says where problems are when the namespace list could not be read, or a namespace is new).
 */
export function namespacesTable(input: { namespaces: NamespaceLike[]; pods: PodLike[]; problems: PodProblem[]; eventGroups: EventGroup[] }): Table {
	const rows = new Map<string, NamespaceRow>();
	const row = (name: string): NamespaceRow => {
		let entry = rows.get(name);
		if (!entry) rows.set(name, (entry = { name, status: '—', pods: 0, problemPods: 0, failingPods: 0, warningEvents: 0 }));
		return entry;
	};
	for (const namespace of input.namespaces) row(namespace.metadata?.name ?? '').status = namespace.status?.phase ?? '—';
	for (const pod of input.pods) if (pod.status?.phase !== 'Succeeded') row(pod.metadata?.namespace ?? '').pods++;
	for (const problem of input.problems) {
		const entry = row(problem.namespace);
		entry.problemPods++;
		if (problem.severity === 'critical') entry.failingPods++;
	}
	for (const group of input.eventGroups) if (group.namespace) row(group.namespace).warningEvents += group.count;
	const sorted = [...rows.values()]
		.filter((entry) => entry.name)
		.sort((a, b) => b.failingPods - a.failingPods || b.problemPods - a.problemPods || b.warningEvents - a.warningEvents || a.name.localeCompare(b.name));
	return {
		id: 'namespaces',
		title: 'Namespaces',
		columns: ['Namespace', 'Status', 'Pods', 'Pods with problems', 'Warning events'],
		rows: sorted.map((entry) => [oneLine(entry.name), oneLine(entry.status), String(entry.pods), String(entry.problemPods), String(entry.warningEvents)]),
		emptyText: 'No namespaces were listed.',
		note: 'Pods counts every pod except completed (Succeeded) ones.',
	};
}
