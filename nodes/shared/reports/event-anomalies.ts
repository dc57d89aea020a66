/**
 * Event anomaly detector: Warning events of the last window grouped by reason and by object, each
 * reason's rate compared with the baseline before the window. A reason spikes when it has at least
 * `minEvents` in the window and its rate is `spikeFactor` times the baseline's (or it is new).
 * Messages are redacted: they go into emails and LLM prompts.
 */
import { checkNumber, checkOptions, Inputs, plural, redactionNote, sentence, type ReportOptions } from './common';
import { groupWarningEvents, redactShownGroups, warningEventsTable } from './events';
import { oneLine } from './format';
import { normaliseEvent, readEvents, type ClusterEvent } from './kubernetes';
import { ReportInputError } from './mcp-output';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const EVENT_ANOMALY_DEFAULTS = { title: 'Event anomalies', windowHours: 1, baselineHours: 24, minEvents: 5, spikeFactor: 3 };

export interface ReasonRate {
	reason: string;
	/** Events in the window (the API's count where the input carries it). */
	recent: number;
	/** Objects with this reason in the window. */
	objects: number;
	baseline: number;
	recentPerHour: number;
	baselinePerHour: number;
	spike: boolean;
}

export interface EventAnomaliesInput extends ReportOptions {
	/** `events_list` (fieldSelector type=Warning) output, or `resources_list` v1 Event (which keeps counts). */
	events: unknown;
	windowHours?: number;
	baselineHours?: number;
	minEvents?: number;
	spikeFactor?: number;
}

export interface EventAnomaliesReport extends Report {
	kind: 'event-anomalies';
	counts: { warningEvents: number; reasons: number; spikes: number; baselineEvents: number; later: number; unreadable: number };
}

const rate = (events: number, hours: number) => Math.round((events / hours) * 100) / 100;

/** Per reason: the window against the baseline; spikes first, then the busiest. */
export function reasonRates(recent: ClusterEvent[], baseline: ClusterEvent[], settings: { windowHours: number; baselineHours: number; minEvents: number; spikeFactor: number }): ReasonRate[] {
	const reasons = new Map<string, { recent: number; objects: Set<string>; baseline: number }>();
	const entry = (reason: string) => {
		let found = reasons.get(reason);
		if (!found) reasons.set(reason, (found = { recent: 0, objects: new Set(), baseline: 0 }));
		return found;
	};
	for (const event of recent) {
		const found = entry(event.reason);
		found.recent += event.count;
		found.objects.add(`${event.namespace}/${event.kind}/${event.name}`);
	}
	for (const event of baseline) if (reasons.has(event.reason)) entry(event.reason).baseline += event.count;
	return [...reasons.entries()]
		.map(([reason, found]) => {
			const recentPerHour = rate(found.recent, settings.windowHours);
			const baselinePerHour = rate(found.baseline, settings.baselineHours);
			const spike = found.recent >= settings.minEvents && (found.baseline === 0 || recentPerHour >= settings.spikeFactor * baselinePerHour);
			return { reason, recent: found.recent, objects: found.objects.size, baseline: found.baseline, recentPerHour, baselinePerHour, spike };
		})
		.sort((a, b) => Number(b.spike) - Number(a.spike) || b.recent - a.recent || a.reason.localeCompare(b.reason));
}

function change(row: ReasonRate): string {
	if (row.baseline === 0) return 'new';
	const factor = row.recentPerHour / row.baselinePerHour;
	return `${factor >= 10 ? Math.round(factor) : Math.round(factor * 10) / 10}×`;
}

export async function eventAnomaliesReport(input: EventAnomaliesInput): Promise<EventAnomaliesReport> {
	const { now, maxRows } = checkOptions(input);
	const windowHours = checkNumber('windowHours', input.windowHours ?? EVENT_ANOMALY_DEFAULTS.windowHours, 0.05);
	const baselineHours = checkNumber('baselineHours', input.baselineHours ?? EVENT_ANOMALY_DEFAULTS.baselineHours, 0.05);
	const minEvents = checkNumber('minEvents', input.minEvents ?? EVENT_ANOMALY_DEFAULTS.minEvents, 1);
	const spikeFactor = checkNumber('spikeFactor', input.spikeFactor ?? EVENT_ANOMALY_DEFAULTS.spikeFactor, 1);
	const inputs = new Inputs();
	const raw = inputs.take('events', readEvents(input.events));
	const events = raw.map((value, index) => {
		const event = normaliseEvent(value);
		if (!event) throw new ReportInputError('events', `item ${index + 1} is not an event (no Reason and InvolvedObject)`);
		return event;
	});
	const windowStart = now - windowHours * 3600_000;
	const baselineStart = windowStart - baselineHours * 3600_000;
	const warnings = events.filter((event) => event.type === 'Warning');
	// Events without a time cannot be placed: they count as recent, as the health report does.
	const recent = warnings.filter((event) => event.time === undefined || (event.time > windowStart && event.time <= now));
	const baseline = warnings.filter((event) => event.time !== undefined && event.time > baselineStart && event.time <= windowStart);
	const later = warnings.filter((event) => event.time !== undefined && event.time > now);
	const rates = reasonRates(recent, baseline, { windowHours, baselineHours, minEvents, spikeFactor });
	const spikes = rates.filter((row) => row.spike);
	const spikeReasons = new Set(spikes.map((row) => row.reason));

	const summary = groupWarningEvents(recent, windowStart);
	const { groups, redacted } = await redactShownGroups(summary.groups, maxRows);
	groups.sort((a, b) => Number(spikeReasons.has(b.reason)) - Number(spikeReasons.has(a.reason)));

	const counts = {
		warningEvents: summary.inWindow,
		reasons: rates.length,
		spikes: spikes.length,
		baselineEvents: baseline.reduce((sum, event) => sum + event.count, 0),
		later: later.length,
		unreadable: inputs.unavailable.length,
	};
	const missing = inputs.missing('events');
	const describe = (row: ReasonRate) => `${row.reason} (${plural(row.recent, 'event')} on ${plural(row.objects, 'object')}, ${row.baseline ? `${change(row)} the baseline` : 'none before'})`;
	const headline = missing
		? `The Warning events could not be read: ${missing.why}.`
		: spikes.length
			? sentence([`${plural(spikes.length, 'Warning reason', 'Warning reasons')} spiked in the last ${windowHours} h: ${spikes.slice(0, 3).map(describe).join(', ')}${spikes.length > 3 ? ', …' : ''}`])
			: `No spike: ${plural(counts.warningEvents, 'Warning event')} in the last ${windowHours} h, against ${counts.baselineEvents} in the ${baselineHours} h before.`;
	const verdict: Verdict = spikes.length || missing ? 'degraded' : 'healthy';

	const notes = inputs.notes({ events: 'The Warning events' });
	if (events.some((event) => event.type !== 'Warning')) notes.push('Events of other types were left out.');
	if (later.length) notes.push(`${plural(later.length, 'event is', 'events are')} dated after the report time and left out.`);
	if (redacted) notes.push(redactionNote(redacted, 'event messages'));
	if (raw.some((value) => typeof value === 'object' && value !== null && 'InvolvedObject' in value)) {
		notes.push('events_list shows an event once however often it repeated; resources_list on v1 Events keeps the counts.');
	}

	return {
		kind: 'event-anomalies',
		title: input.title?.trim() || EVENT_ANOMALY_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'reasons',
					title: `Warning events by reason, last ${windowHours} h`,
					columns: ['Reason', 'Events', 'Objects', 'Per hour', `Per hour, ${baselineHours} h before`, 'Change', 'Spike'],
					rows: rates.map((row) => [oneLine(row.reason), String(row.recent), String(row.objects), String(row.recentPerHour), String(row.baselinePerHour), change(row), row.spike ? 'SPIKE' : '']),
					emptyText: missing ? `The Warning events could not be read: ${missing.why}.` : `No Warning events in the last ${windowHours} h.`,
					note: `A reason spikes with ${minEvents} or more events in the window at ${spikeFactor}× its earlier rate or more, or when it is new.`,
				},
				maxRows,
			),
			limitRows(
				{
					...warningEventsTable([...groups, ...summary.groups.slice(maxRows)], now, windowHours),
					id: 'objects',
					title: `Warning events by object, last ${windowHours} h`,
					emptyText: missing ? `The Warning events could not be read: ${missing.why}.` : `No Warning events in the last ${windowHours} h.`,
				},
				maxRows,
			),
		],
		notes,
		unavailable: inputs.unavailable,
	};
}
