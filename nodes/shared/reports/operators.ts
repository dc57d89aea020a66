/**
 * Operator health from OLM (`resources_list` operators.coreos.com/v1alpha1): each
 * ClusterServiceVersion's phase (copies OLM places in other namespaces left out) and each
 * Subscription's state and failing conditions (resolution, install plans, catalog sources, an
 * upgrade waiting for approval). Condition messages are redacted.
 */
import { allAre, checkOptions, distinct, Inputs, plural, redactionNote, redactMessages, type ReportOptions, sentence } from './common';
import { formatAge, oneLine, parseClusterTime } from './format';
import { readObjects, type KubeObjectLike } from './kubernetes';
import type { Report, Verdict } from './report';
import { limitRows } from './table';

export const OPERATORS_DEFAULTS = { title: 'Operator health' };

interface CsvLike extends KubeObjectLike {
	spec?: { displayName?: string; version?: string };
	status?: { phase?: string; reason?: string; message?: string; lastTransitionTime?: string };
}

interface Condition {
	type?: string;
	status?: string;
	reason?: string;
	message?: string;
}

interface SubscriptionLike extends KubeObjectLike {
	spec?: { name?: string; channel?: string; source?: string; installPlanApproval?: string };
	status?: { state?: string; currentCSV?: string; installedCSV?: string; conditions?: Condition[] };
}

type Severity = 'critical' | 'warning' | 'ok';

/** Failed needs a person; any other phase but Succeeded (Pending, Installing, Replacing, Deleting…) is on its way and worth a look. */
export function csvSeverity(phase: string): Severity {
	return phase === 'Failed' ? 'critical' : phase === 'Succeeded' ? 'ok' : 'warning';
}

/** Conditions that mean a Subscription cannot move on: OLM sets them True. */
const FAILING_CONDITIONS = ['ResolutionFailed', 'InstallPlanFailed', 'InstallPlanMissing', 'CatalogSourcesUnhealthy', 'InstallPlanPending'];

export function subscriptionProblems(subscription: SubscriptionLike): string[] {
	const problems = (subscription.status?.conditions ?? [])
		.filter((condition) => FAILING_CONDITIONS.includes(condition.type ?? '') && condition.status === 'True')
		.map((condition) => (condition.type === 'InstallPlanPending' && condition.reason === 'RequiresApproval' ? 'upgrade waits for approval' : `${condition.type}${condition.reason ? ` (${condition.reason})` : ''}${condition.message ? `: ${condition.message}` : ''}`));
	const state = subscription.status?.state;
	if (state === 'UpgradeFailed') problems.push('upgrade failed');
	if (!subscription.status?.installedCSV && !problems.length) problems.push('nothing installed yet');
	return problems;
}

export interface OperatorsInput extends ReportOptions {
	/** `resources_list` output for operators.coreos.com/v1alpha1 ClusterServiceVersion. */
	csvs: unknown;
	/** `resources_list` output for operators.coreos.com/v1alpha1 Subscription; optional. */
	subscriptions?: unknown;
}

export interface OperatorsReport extends Report {
	kind: 'operators';
	counts: { operators: number; failed: number; inProgress: number; copies: number; subscriptions: number; subscriptionProblems: number; unreadable: number };
}

const RANK: Record<Severity, number> = { critical: 0, warning: 1, ok: 2 };

export async function operatorsReport(input: OperatorsInput): Promise<OperatorsReport> {
	const { now, maxRows } = checkOptions(input);
	const inputs = new Inputs();
	const all = inputs.take('csvs', readObjects<CsvLike>(input.csvs, 'csvs', 'resources_list', ['ClusterServiceVersion']));
	const subscriptions = input.subscriptions === undefined ? [] : inputs.take('subscriptions', readObjects<SubscriptionLike>(input.subscriptions, 'subscriptions', 'resources_list', ['Subscription']));
	// OLM copies a CSV into every namespace an operator watches; the original is the one to judge.
	const csvs = all.filter((csv) => !csv.metadata?.labels?.['olm.copiedFrom']);
	const operators = csvs
		.map((csv) => {
			const phase = csv.status?.phase ?? '';
			return {
				namespace: csv.metadata?.namespace ?? '',
				name: csv.metadata?.name ?? '',
				displayName: csv.spec?.displayName ?? '',
				version: csv.spec?.version ?? '',
				phase: phase || 'Unknown',
				reason: csv.status?.reason ?? '',
				message: csv.status?.message ?? '',
				since: parseClusterTime(csv.status?.lastTransitionTime),
				severity: csvSeverity(phase),
			};
		})
		.sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	const subscriptionRows = subscriptions
		.map((subscription) => {
			const problems = subscriptionProblems(subscription);
			return {
				namespace: subscription.metadata?.namespace ?? '',
				name: subscription.metadata?.name ?? '',
				packageName: subscription.spec?.name ?? '',
				channel: subscription.spec?.channel ?? '',
				source: subscription.spec?.source ?? '',
				approval: subscription.spec?.installPlanApproval ?? '',
				installed: subscription.status?.installedCSV ?? '',
				current: subscription.status?.currentCSV ?? '',
				state: subscription.status?.state ?? '',
				problems,
			};
		})
		.sort((a, b) => b.problems.length - a.problems.length || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
	const csvMessages = await redactMessages(operators.map((operator) => operator.message));
	const problemMessages = await redactMessages(subscriptionRows.map((row) => row.problems.join('; ')));

	const failed = operators.filter((operator) => operator.severity === 'critical');
	const inProgress = operators.filter((operator) => operator.severity === 'warning');
	const troubled = subscriptionRows.filter((row) => row.problems.length);
	const counts = {
		operators: operators.length,
		failed: failed.length,
		inProgress: inProgress.length,
		copies: all.length - csvs.length,
		subscriptions: subscriptionRows.length,
		subscriptionProblems: troubled.length,
		unreadable: inputs.unavailable.length,
	};
	const name = (row: { namespace: string; name: string }) => `${row.namespace}/${row.name}`;
	const clauses: string[] = [];
	if (failed.length) clauses.push(`${plural(failed.length, 'operator has', 'operators have')} failed (${distinct(failed.map((operator) => `${name(operator)}: ${operator.reason || 'Failed'}`))})`);
	if (inProgress.length) clauses.push(`${plural(inProgress.length, 'operator is', 'operators are')} not yet Succeeded (${distinct(inProgress.map((operator) => `${name(operator)} ${operator.phase}`))})`);
	if (troubled.length) clauses.push(`${plural(troubled.length, 'subscription needs', 'subscriptions need')} a look (${distinct(troubled.map((row) => `${name(row)}: ${row.problems[0]}`))})`);
	const missing = inputs.missing('csvs');
	const headline = missing
		? `The operators could not be read: ${missing.why}.`
		: clauses.length
			? sentence(clauses)
			: operators.length
				? `${allAre(operators.length, 'operator')} Succeeded${subscriptionRows.length ? ', with no subscription waiting' : ''}.`
				: 'No operators installed through OLM were found.';
	const verdict: Verdict = failed.length ? 'critical' : inProgress.length || troubled.length || inputs.unavailable.length ? 'degraded' : 'healthy';
	const notes = inputs.notes({ csvs: 'The ClusterServiceVersions', subscriptions: 'The Subscriptions' });
	if (counts.copies) notes.push(`${plural(counts.copies, 'copy', 'copies')} OLM placed in watched namespaces ${counts.copies === 1 ? 'is' : 'are'} left out.`);
	const redacted = csvMessages.redacted + problemMessages.redacted;
	if (redacted) notes.push(redactionNote(redacted, 'status messages'));

	return {
		kind: 'operators',
		title: input.title?.trim() || OPERATORS_DEFAULTS.title,
		generatedAt: new Date(now).toISOString(),
		verdict,
		headline,
		counts,
		tables: [
			limitRows(
				{
					id: 'operators',
					title: 'Operators (ClusterServiceVersions)',
					columns: ['Namespace', 'Operator', 'Version', 'Phase', 'Reason', 'Message', 'Since'],
					rows: operators.map((operator, index) => [
						oneLine(operator.namespace),
						oneLine(operator.displayName ? `${operator.displayName} (${operator.name})` : operator.name),
						oneLine(operator.version),
						oneLine(operator.phase),
						oneLine(operator.reason),
						oneLine(csvMessages.messages[index], 240),
						operator.since === undefined ? '—' : `${formatAge(now - operator.since)} ago`,
					]),
					emptyText: missing ? `The operators could not be read: ${missing.why}.` : 'No operators installed through OLM were found.',
				},
				maxRows,
			),
			...(input.subscriptions === undefined
				? []
				: [
						limitRows(
							{
								id: 'subscriptions',
								title: 'Subscriptions',
								columns: ['Namespace', 'Subscription', 'Channel', 'Source', 'Installed', 'Latest', 'State', 'Approval', 'Needs a look'],
								rows: subscriptionRows.map((row, index) => [
									oneLine(row.namespace),
									oneLine(row.name),
									oneLine(row.channel),
									oneLine(row.source),
									oneLine(row.installed),
									oneLine(row.current),
									oneLine(row.state),
									oneLine(row.approval),
									oneLine(problemMessages.messages[index], 240),
								]),
								emptyText: inputs.missing('subscriptions') ? `The Subscriptions could not be read: ${inputs.missing('subscriptions')?.why}.` : 'No Subscriptions were found.',
							},
							maxRows,
						),
					]),
		],
		notes,
		unavailable: inputs.unavailable,
	};
}
