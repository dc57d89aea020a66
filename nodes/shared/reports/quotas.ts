/**
 * Resource quota usage (`resources_list` v1 ResourceQuota): used against hard for every resource
 * of every quota, as a percentage; at or over the threshold is flagged, a full quota is critical
 * (the API refuses new pods, claims or objects it counts).
 */
import { checkNumber, checkOptions, distinct, Inputs, plural, sentence, type ReportOptions } from './common';
import { formatShare, oneLine, parseQuantity } from './format';
import { readObjects, type KubeObjectLike } from './kubernetes';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const QUOTA_DEFAULTS = { title: 'Resource quota usage', thresholdPercent: 80 };

export interface ResourceQuotaLike extends KubeObjectLike {
	spec?: { hard?: Record<string, unknown> };
	status?: { hard?: Record<string, unknown>; used?: Record<string, unknown> };
}

export interface QuotaUsage {
	namespace: string;
	quota: string;
	resource: string;
	used: string;
	hard: string;
	/** undefined when a quantity cannot be read. */
	percent?: number;
	state: 'full' | 'high' | 'ok' | 'unknown';
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** Every resource of one quota; status.hard is what the quota controller enforces (spec.hard until it has run). */
export function quotaUsage(quota: ResourceQuotaLike, thresholdPercent: number): QuotaUsage[] {
	const hard = quota.status?.hard ?? quota.spec?.hard ?? {};
	return Object.entries(hard).map(([resource, hardValue]) => {
		const usedValue = quota.status?.used?.[resource] ?? '0';
		const used = parseQuantity(usedValue);
		const limit = parseQuantity(hardValue);
		let percent: number | undefined;
		if (used !== undefined && limit !== undefined) percent = limit > 0 ? (used / limit) * 100 : used > 0 ? Number.POSITIVE_INFINITY : 0;
		const state = percent === undefined ? 'unknown' : percent >= 100 ? 'full' : percent >= thresholdPercent ? 'high' : 'ok';
		return { namespace: quota.metadata?.namespace ?? '', quota: quota.metadata?.name ?? '', resource, used: text(usedValue), hard: text(hardValue), ...(percent !== undefined ? { percent } : {}), state };
	});
}

export interface QuotasInput extends ReportOptions {
	/** `resources_list` output for apiVersion v1, kind ResourceQuota. */
	quotas: unknown;
	/** Usage from which a resource is flagged (default 80). */
	thresholdPercent?: number;
}

export interface QuotasReport extends Report {
	kind: 'quotas';
	counts: { quotas: number; resources: number; full: number; high: number; unreadable: number };
}

const STATE_RANK = { full: 0, high: 1, unknown: 2, ok: 3 };

export function quotasReport(input: QuotasInput): QuotasReport {
	const { now, maxRows } = checkOptions(input);
	const threshold = checkNumber('thresholdPercent', input.thresholdPercent ?? QUOTA_DEFAULTS.thresholdPercent, 1, 100);
	const inputs = new Inputs();
	const quotas = inputs.take('quotas', readObjects<ResourceQuotaLike>(input.quotas, 'quotas', 'resources_list', ['ResourceQuota']));
	const usage = quotas
		.flatMap((quota) => quotaUsage(quota, threshold))
		.sort((a, b) => STATE_RANK[a.state] - STATE_RANK[b.state] || (b.percent ?? -1) - (a.percent ?? -1) || a.namespace.localeCompare(b.namespace) || a.quota.localeCompare(b.quota) || a.resource.localeCompare(b.resource));
	const full = usage.filter((row) => row.state === 'full');
	const high = usage.filter((row) => row.state === 'high');
	const counts = { quotas: quotas.length, resources: usage.length, full: full.length, high: high.length, unreadable: inputs.unavailable.length };
	const named = (rows: QuotaUsage[]) => distinct(rows.map((row) => `${row.namespace}/${row.quota} ${row.resource}`));
	const clauses: string[] = [];
	if (full.length) clauses.push(`${plural(full.length, 'quota resource is', 'quota resources are')} used up (${named(full)})`);
	if (high.length) clauses.push(`${plural(high.length, `resource is at ${threshold}% or more`, `resources are at ${threshold}% or more`)} of ${high.length === 1 ? 'its' : 'their'} quota (${named(high)})`);
	const missing = inputs.missing('quotas');
	const headline = missing
		? `The resource quotas could not be read: ${missing.why}.`
		: clauses.length
			? sentence(clauses)
			: quotas.length
				? `Every resource of ${plural(quotas.length, 'quota')} is below ${threshold}% of its limit.`
				: 'No resource quotas are set.';
	const verdict: Verdict = full.length ? 'critical' : high.length || missing ? 'degraded' : 'healthy';
	const flag = { full: 'Used up', high: `${threshold}% or more`, unknown: 'Not a quantity', ok: '' };
	return {
		kind: 'quotas',
		title: input.title?.trim() || QUOTA_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'quotaUsage',
					title: 'Quota usage',
					columns: ['Namespace', 'Quota', 'Resource', 'Used', 'Hard', 'Used %', 'Flag'],
					rows: usage.map((row) => [
						oneLine(row.namespace),
						oneLine(row.quota),
						oneLine(row.resource),
						oneLine(row.used),
						oneLine(row.hard),
						row.percent === undefined ? '—' : formatShare(parseQuantity(row.used) ?? 0, parseQuantity(row.hard) ?? 0),
						flag[row.state],
					]),
					emptyText: missing ? `The resource quotas could not be read: ${missing.why}.` : 'No resource quotas are set.',
					note: `Highest use first. At 100% the API refuses whatever the resource counts (new pods, claims, requests); ${threshold}% or more is flagged.`,
				},
				maxRows,
			),
		],
		notes: inputs.notes({ quotas: 'The resource quotas' }),
		unavailable: inputs.unavailable,
	};
}
