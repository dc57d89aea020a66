/**
 * PVC storage (`resources_list` v1 PersistentVolumeClaim): each claim's phase, requested size and
 * bound capacity, unbound ones first, and totals per storage class. With the claims' Warning events
 * (`events_list`, fieldSelector involvedObject.kind=PersistentVolumeClaim) it says why one is Pending.
 */
import { allAre, checkNumber, checkOptions, distinct, Inputs, plural, redactionNote, redactMessages, type ReportOptions, sentence } from './common';
import { formatAge, formatBytes, oneLine, parseClusterTime, parseQuantity } from './format';
import { normaliseEvent, readEvents, readObjects, type ClusterEvent, type KubeObjectLike } from './kubernetes';
import type { Report, Verdict } from './report';
import { limitRows, type Table } from './table';

export const PVC_DEFAULTS = { title: 'PVC storage', pendingMinutes: 5 };

export interface ClaimLike extends KubeObjectLike {
	spec?: { storageClassName?: string; accessModes?: string[]; resources?: { requests?: { storage?: unknown } }; volumeName?: string };
	status?: { phase?: string; capacity?: { storage?: unknown } };
}

export type ClaimSeverity = 'critical' | 'warning' | 'ok';

export interface ClaimState {
	namespace: string;
	name: string;
	phase: string;
	requested?: number;
	capacity?: number;
	storageClass: string;
	accessModes: string[];
	volume: string;
	createdAt?: number;
	severity: ClaimSeverity;
	/** The latest Warning event about the claim. */
	lastEvent?: ClusterEvent;
}

/** Lost is data that cannot be reached; Pending past the grace time is a claim nothing will bind. */
export function claimState(claim: ClaimLike, now: number, pendingMinutes: number): ClaimState {
	const phase = claim.status?.phase ?? 'Unknown';
	const createdAt = parseClusterTime(claim.metadata?.creationTimestamp);
	const pendingTooLong = phase === 'Pending' && (createdAt === undefined || now - createdAt > pendingMinutes * 60_000);
	return {
		namespace: claim.metadata?.namespace ?? '',
		name: claim.metadata?.name ?? '',
		phase,
		requested: parseQuantity(claim.spec?.resources?.requests?.storage),
		capacity: parseQuantity(claim.status?.capacity?.storage),
		storageClass: claim.spec?.storageClassName ?? '',
		accessModes: claim.spec?.accessModes ?? [],
		volume: claim.spec?.volumeName ?? '',
		createdAt,
		severity: phase === 'Lost' ? 'critical' : pendingTooLong || (phase !== 'Bound' && phase !== 'Pending') ? 'warning' : 'ok',
	};
}

const SEVERITY_RANK: Record<ClaimSeverity, number> = { critical: 0, warning: 1, ok: 2 };

export interface PvcInput extends ReportOptions {
	/** `resources_list` output for v1 PersistentVolumeClaim. */
	claims: unknown;
	/** `events_list` output about claims; optional. */
	events?: unknown;
	pendingMinutes?: number;
}

export interface PvcReport extends Report {
	kind: 'pvc';
	counts: { claims: number; bound: number; pending: number; lost: number; unbound: number; requestedBytes: number; unreadable: number };
}

function classTable(states: ClaimState[]): Table {
	const classes = new Map<string, { claims: number; bound: number; requested: number; capacity: number }>();
	for (const state of states) {
		const entry = classes.get(state.storageClass) ?? { claims: 0, bound: 0, requested: 0, capacity: 0 };
		entry.claims++;
		if (state.phase === 'Bound') entry.bound++;
		entry.requested += state.requested ?? 0;
		entry.capacity += state.capacity ?? 0;
		classes.set(state.storageClass, entry);
	}
	return {
		id: 'storageClasses',
		title: 'By storage class',
		columns: ['Storage class', 'Claims', 'Bound', 'Requested', 'Bound capacity'],
		rows: [...classes.entries()]
			.sort(([a, x], [b, y]) => y.requested - x.requested || a.localeCompare(b))
			.map(([name, entry]) => [oneLine(name || '(default)'), String(entry.claims), String(entry.bound), formatBytes(entry.requested), formatBytes(entry.capacity)]),
		emptyText: 'No claims.',
	};
}

export async function pvcReport(input: PvcInput): Promise<PvcReport> {
	const { now, maxRows } = checkOptions(input);
	const pendingMinutes = checkNumber('pendingMinutes', input.pendingMinutes ?? PVC_DEFAULTS.pendingMinutes, 0);
	const inputs = new Inputs();
	const claims = inputs.take('claims', readObjects<ClaimLike>(input.claims, 'claims', 'resources_list', ['PersistentVolumeClaim']));
	const events = input.events === undefined ? [] : inputs.take('events', readEvents(input.events)).map(normaliseEvent).filter((event) => event !== undefined);
	const states = claims.map((claim) => claimState(claim, now, pendingMinutes));
	for (const state of states) {
		const about = events.filter((event) => event.type === 'Warning' && event.kind === 'PersistentVolumeClaim' && event.name === state.name && event.namespace === state.namespace);
		state.lastEvent = about.sort((a, b) => (b.time ?? 0) - (a.time ?? 0))[0];
	}
	const withEvents = states.filter((state) => state.lastEvent);
	const { messages, redacted } = await redactMessages(withEvents.map((state) => state.lastEvent?.message ?? ''));
	withEvents.forEach((state, index) => {
		if (state.lastEvent) state.lastEvent = { ...state.lastEvent, message: messages[index] };
	});
	states.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || Number(a.phase === 'Bound') - Number(b.phase === 'Bound') || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	const unbound = states.filter((state) => state.phase !== 'Bound');
	const flagged = states.filter((state) => state.severity !== 'ok');
	const counts = {
		claims: states.length,
		bound: states.length - unbound.length,
		pending: states.filter((state) => state.phase === 'Pending').length,
		lost: states.filter((state) => state.phase === 'Lost').length,
		unbound: unbound.length,
		requestedBytes: states.reduce((sum, state) => sum + (state.requested ?? 0), 0),
		unreadable: inputs.unavailable.length,
	};
	const missing = inputs.missing('claims');
	const clauses: string[] = [];
	if (counts.lost) clauses.push(`${plural(counts.lost, 'claim has', 'claims have')} lost ${counts.lost === 1 ? 'its' : 'their'} volume`);
	const pendingLong = flagged.filter((state) => state.phase === 'Pending');
	if (pendingLong.length) {
		const why = pendingLong[0].lastEvent ? `: ${oneLine(pendingLong[0].lastEvent.message, 160)}` : '';
		clauses.push(`${plural(pendingLong.length, 'claim is', 'claims are')} Pending for more than ${pendingMinutes} min (${distinct(pendingLong.map((state) => `${state.namespace}/${state.name}`))}${why})`);
	}
	const headline = missing
		? `The claims could not be read: ${missing.why}.`
		: clauses.length
			? sentence(clauses)
			: states.length
				? `${counts.pending ? `${counts.bound} of ${plural(states.length, 'claim')} Bound, ${counts.pending} just created and Pending` : `${allAre(states.length, 'claim')} Bound`}; ${formatBytes(counts.requestedBytes)} requested in total.`
				: 'No persistent volume claims were listed.';
	const verdict: Verdict = counts.lost ? 'critical' : flagged.length || missing ? 'degraded' : 'healthy';

	return {
		kind: 'pvc',
		title: input.title?.trim() || PVC_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'claims',
					title: 'Persistent volume claims',
					columns: ['Namespace', 'Claim', 'Phase', 'Requested', 'Capacity', 'Storage class', 'Access modes', 'Volume', 'Age', 'Latest warning'],
					rows: states.map((state) => [
						oneLine(state.namespace),
						oneLine(state.name),
						oneLine(state.phase),
						formatBytes(state.requested),
						formatBytes(state.capacity),
						oneLine(state.storageClass),
						oneLine(state.accessModes.join(', ')),
						oneLine(state.volume),
						formatAge(state.createdAt === undefined ? undefined : now - state.createdAt),
						state.lastEvent ? oneLine(`${state.lastEvent.reason}: ${state.lastEvent.message}`, 240) : '',
					]),
					emptyText: missing ? `The claims could not be read: ${missing.why}.` : 'No persistent volume claims were listed.',
					note: `Unbound claims first; Pending for more than ${pendingMinutes} min is flagged, Lost is critical.`,
				},
				maxRows,
			),
			limitRows(classTable(states), maxRows),
		],
		notes: [...inputs.notes({ claims: 'The claims', events: 'The claims’ events' }), ...(redacted ? [redactionNote(redacted, 'event messages')] : [])],
		unavailable: inputs.unavailable,
	};
}
