/**
 * Helm releases audit (`helm_list` with `all_namespaces`, from kubernetes-mcp-server's helm toolset):
 * each release's latest revision, chart and app version, status and age. Helm lists deployed and
 * failed releases by default; a failed or pending one needs a look. When the toolset is off the
 * report says so and how to turn it on.
 */
import { allAre, checkNumber, checkOptions, Inputs, isNotOffered, plural, type ReportOptions, sentence } from './common';
import { formatAge, oneLine, parseClusterTime } from './format';
import { readList, type Reading } from './kubernetes';
import { parseToolResult } from '../mcp';
import { isRecord, readToolOutput, ReportInputError } from './mcp-output';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const HELM_DEFAULTS = { title: 'Helm releases audit', staleDays: 180 };

/** One entry of `helm_list`: kubernetes-mcp-server's simplified release. */
export interface HelmRelease {
	name: string;
	namespace: string;
	revision?: number;
	chart?: string;
	chartVersion?: string;
	appVersion?: string;
	status?: string;
	/** RFC 1123 with a numeric zone, as the server prints it. */
	lastDeployed?: string;
}

const NO_RELEASES = /^No Helm releases found/i;

/**
 * Releases from `helm_list`. Its YAML starts with `- appVersion:`, which the MCP Client node's
 * automatic parsing leaves as text (unless its Output Parsing is YAML), so text is parsed here.
 */
export function readHelmReleases(raw: unknown, field = 'releases', tool = 'helm_list'): Reading<HelmRelease[]> {
	const output = readToolOutput(raw, field, tool);
	if (!output.available) return output;
	let data = output.data;
	if (data === undefined && output.text.trim() && !NO_RELEASES.test(output.text.trim())) {
		data = parseToolResult({ content: [{ type: 'text', text: output.text }] }, 'yaml').data;
	}
	const list = readList(data === undefined ? output.text : data, field, tool, NO_RELEASES);
	if (!list.available) return list;
	list.value.forEach((item, index) => {
		if (!isRecord(item) || typeof item.name !== 'string' || typeof item.namespace !== 'string') {
			throw new ReportInputError(field, `expected Helm releases from ${tool}, but item ${index + 1} has no name and namespace`);
		}
	});
	return list as Reading<HelmRelease[]>;
}

/** deployed is fine; failed and the pending-* states (an interrupted install, upgrade or rollback) need a person. */
const needsLook = (status: string) => status !== 'deployed' && status !== 'superseded' && status !== 'uninstalled';

export interface HelmInput extends ReportOptions {
	/** `helm_list` output (arguments `{ "all_namespaces": true }`). */
	releases: unknown;
	/** Releases not deployed for this many days are counted as stale in a note. */
	staleDays?: number;
}

export interface HelmReport extends Report {
	kind: 'helm';
	counts: { releases: number; needingAttention: number; stale: number; unreadable: number };
}

export function helmReport(input: HelmInput): HelmReport {
	const { now, maxRows } = checkOptions(input);
	const staleDays = checkNumber('staleDays', input.staleDays ?? HELM_DEFAULTS.staleDays, 1);
	const inputs = new Inputs();
	const releases = inputs.take('releases', readHelmReleases(input.releases));
	const deployedAt = (release: HelmRelease) => parseClusterTime(release.lastDeployed);
	const status = (release: HelmRelease) => String(release.status ?? 'unknown');
	const sorted = [...releases].sort(
		(a, b) => Number(needsLook(status(b))) - Number(needsLook(status(a))) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
	);
	const attention = sorted.filter((release) => needsLook(status(release)));
	const stale = sorted.filter((release) => {
		const at = deployedAt(release);
		return at !== undefined && now - at > staleDays * 86_400_000;
	});
	const counts = { releases: releases.length, needingAttention: attention.length, stale: stale.length, unreadable: inputs.unavailable.length };
	const missing = inputs.missing('releases');
	const notes = inputs.notes({ releases: 'Helm releases' });
	if (missing && isNotOffered(missing.why)) {
		notes.push('kubernetes-mcp-server offers helm_list only with the helm toolset: start it with --toolsets core,config,helm (or add helm to toolsets in its configuration).');
	}
	if (stale.length) notes.push(`${plural(stale.length, 'release was', 'releases were')} last deployed more than ${staleDays} days ago.`);
	const headline = missing
		? `Helm releases could not be read: ${missing.why}.`
		: attention.length
			? sentence([`${plural(attention.length, 'Helm release needs', 'Helm releases need')} attention (${attention.map((release) => `${release.namespace}/${release.name} ${status(release)}`).slice(0, 3).join(', ')}${attention.length > 3 ? ', …' : ''})`, `${releases.length - attention.length} deployed`])
			: releases.length
				? `${allAre(releases.length, 'Helm release')} deployed.`
				: 'No Helm releases were found.';
	const verdict: Verdict = attention.length || missing ? 'degraded' : 'healthy';
	return {
		kind: 'helm',
		title: input.title?.trim() || HELM_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'releases',
					title: 'Helm releases',
					columns: ['Namespace', 'Release', 'Chart', 'Chart version', 'App version', 'Revision', 'Status', 'Last deployed'],
					rows: sorted.map((release) => {
						const at = deployedAt(release);
						return [
							oneLine(release.namespace),
							oneLine(release.name),
							oneLine(release.chart ?? ''),
							oneLine(release.chartVersion ?? ''),
							oneLine(release.appVersion ?? ''),
							release.revision === undefined ? '' : String(release.revision),
							oneLine(status(release)),
							at === undefined ? '—' : `${formatAge(now - at)} ago`,
						];
					}),
					emptyText: missing ? `Helm releases could not be read: ${missing.why}.` : 'No Helm releases were found.',
					note: 'The latest revision of each release; Helm lists deployed and failed releases.',
				},
				maxRows,
			),
		],
		notes,
		unavailable: inputs.unavailable,
	};
}
