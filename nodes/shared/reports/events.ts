/** Warning events of a time window, grouped so that one crash-looping pod is one row, not ninety. */
import { redactMessages } from './common';
import { formatAge, oneLine } from './format';
import type { ClusterEvent } from './kubernetes';
import type { Table } from './table';

export interface EventGroup {
	namespace: string;
	kind: string;
	name: string;
	reason: string;
	/** Occurrences in the window. */
	count: number;
	/** Epoch ms of the latest one; undefined when none had a readable time. */
	lastSeen?: number;
	/** The latest message. */
	message: string;
}

export interface WarningEventSummary {
	groups: EventGroup[];
	/** Warning events in the window (and those without a time, which cannot be placed outside it). */
	inWindow: number;
	/** Warning events before the window, not reported. */
	older: number;
	/** Events of other types (Normal) that the list held anyway, not reported. */
	otherTypes: number;
}

/** Groups Warning events at or after `since` (epoch ms) by namespace, object and reason; most frequent first. */
export function groupWarningEvents(events: ClusterEvent[], since: number): WarningEventSummary {
	const groups = new Map<string, EventGroup>();
	let inWindow = 0;
	let older = 0;
	let otherTypes = 0;
	for (const event of events) {
		if (event.type !== 'Warning') {
			otherTypes += event.count;
			continue;
		}
		if (event.time !== undefined && event.time < since) {
			older += event.count;
			continue;
		}
		inWindow += event.count;
		const key = JSON.stringify([event.namespace, event.kind, event.name, event.reason]);
		const group = groups.get(key);
		if (!group) {
			groups.set(key, { namespace: event.namespace, kind: event.kind, name: event.name, reason: event.reason, count: event.count, lastSeen: event.time, message: event.message });
			continue;
		}
		group.count += event.count;
		if (event.time !== undefined && (group.lastSeen === undefined || event.time >= group.lastSeen)) {
			group.lastSeen = event.time;
			group.message = event.message;
		}
	}
	const sorted = [...groups.values()].sort(
		(a, b) => b.count - a.count || (b.lastSeen ?? 0) - (a.lastSeen ?? 0) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
	);
	return { groups: sorted, inWindow, older, otherTypes };
}

export const EVENT_MESSAGE_LENGTH = 240;

/** The first `maxRows` groups, the rows a report shows, with their messages redacted; how many secrets were replaced. */
export async function redactShownGroups(groups: EventGroup[], maxRows: number): Promise<{ groups: EventGroup[]; redacted: number }> {
	const shown = groups.slice(0, maxRows);
	const { messages, redacted } = await redactMessages(shown.map((group) => group.message), EVENT_MESSAGE_LENGTH * 4);
	return { groups: shown.map((group, index) => ({ ...group, message: messages[index] })), redacted };
}

export function warningEventsTable(groups: EventGroup[], now: number, windowHours: number): Table {
	return {
		id: 'warningEvents',
		title: `Warning events of the last ${windowHours} h`,
		columns: ['Namespace', 'Object', 'Reason', 'Events', 'Last seen', 'Latest message'],
		rows: groups.map((group) => [
			oneLine(group.namespace),
			oneLine(`${group.kind}/${group.name}`),
			oneLine(group.reason),
			String(group.count),
			group.lastSeen === undefined ? '—' : `${formatAge(now - group.lastSeen)} ago`,
			oneLine(group.message, EVENT_MESSAGE_LENGTH),
		]),
		emptyText: `No Warning events in the last ${windowHours} h.`,
	};
}
