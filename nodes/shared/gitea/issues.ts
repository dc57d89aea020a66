/**
 * Issue, comment and label operations as the node offers them: inputs by name, checked before
 * sending, resolved to what Gitea's API takes (label and milestone IDs), errors naming fields.
 */
import type { Comment, CreateIssueOption, EditIssueOption, Issue, Label, Milestone } from 'gitea-js';

import type { GiteaClient, IssueListQuery } from './client';
import { invalidInput } from './errors';
import { DEFAULT_LABEL_COLOR, findLabel, listAvailableLabels, resolveLabels } from './labels';
import { collectPages } from './pagination';
import { checkColor, checkName, checkTextSize, checkTitle, parseDate } from './validation';

export interface RepositoryRef {
	owner: string;
	repo: string;
}

export interface IssueRef extends RepositoryRef {
	number: number;
}

export interface LabelOptions {
	createMissingLabels?: boolean;
	labelColor?: string;
}

export function checkRepository(ref: RepositoryRef): RepositoryRef {
	return { owner: checkName('Owner', ref.owner), repo: checkName('Repository', ref.repo) };
}

// ── milestones ────────────────────────────────────────────────────────────────────────────────

/** A milestone by title (exact, then case-insensitive) or by ID. */
export async function resolveMilestone(client: GiteaClient, ref: RepositoryRef, value: string): Promise<number> {
	const wanted = value.trim();
	if (wanted === '') throw invalidInput('Milestone', 'Milestone is empty - enter its title or ID');
	const milestones: Milestone[] = await collectPages((page, limit) => client.listMilestones(ref.owner, ref.repo, '', page, limit));
	const found =
		milestones.find((milestone) => milestone.title === wanted) ??
		milestones.find((milestone) => milestone.title?.toLowerCase() === wanted.toLowerCase()) ??
		(/^\d+$/.test(wanted) ? milestones.find((milestone) => milestone.id === Number(wanted)) : undefined);
	if (!found) {
		const titles = milestones.map((milestone) => milestone.title).filter(Boolean);
		throw invalidInput(
			'Milestone',
			`Milestone "${wanted}" does not exist in ${ref.owner}/${ref.repo} (${titles.length > 0 ? `available: ${titles.join(', ')}` : 'it has no milestones'})`,
		);
	}
	return found.id as number;
}

// ── issues ────────────────────────────────────────────────────────────────────────────────────

export interface CreateIssueInput extends RepositoryRef, LabelOptions {
	title: string;
	body?: string;
	labels?: string[];
	assignees?: string[];
	milestone?: string;
	dueDate?: string;
}

/** The create call's payload, with labels and milestone resolved to IDs. */
export async function buildCreateIssueOption(client: GiteaClient, input: CreateIssueInput): Promise<CreateIssueOption> {
	const ref = checkRepository(input);
	const option: CreateIssueOption = { title: checkTitle(input.title) };
	if (input.body !== undefined && input.body !== '') option.body = checkTextSize('Body', input.body);
	if (input.labels && input.labels.length > 0) {
		const labels = await resolveLabels(client, ref.owner, ref.repo, input.labels, {
			createMissing: input.createMissingLabels,
			color: input.labelColor ?? DEFAULT_LABEL_COLOR,
		});
		option.labels = labels.ids;
	}
	if (input.assignees && input.assignees.length > 0) option.assignees = input.assignees.map((name) => checkName('Assignees', name));
	if (input.milestone !== undefined && input.milestone.trim() !== '') option.milestone = await resolveMilestone(client, ref, input.milestone);
	if (input.dueDate !== undefined && input.dueDate.trim() !== '') option.due_date = parseDate('Due Date', input.dueDate);
	return option;
}

export async function createIssue(client: GiteaClient, input: CreateIssueInput): Promise<Issue> {
	const { owner, repo } = checkRepository(input);
	const option = await buildCreateIssueOption(client, input);
	return client.createIssue(owner, repo, option);
}

export interface UpdateIssueInput extends IssueRef, LabelOptions {
	title?: string;
	body?: string;
	state?: 'open' | 'closed';
	/** Replaces all labels; an empty list removes them. */
	labels?: string[];
	/** Replaces all assignees; an empty list removes them. */
	assignees?: string[];
	milestone?: string;
	dueDate?: string;
	removeDueDate?: boolean;
}

export async function updateIssue(client: GiteaClient, input: UpdateIssueInput): Promise<Issue> {
	const ref = checkRepository(input);
	const option: EditIssueOption = {};
	if (input.title !== undefined) option.title = checkTitle(input.title);
	if (input.body !== undefined) option.body = checkTextSize('Body', input.body);
	if (input.state !== undefined) option.state = input.state;
	if (input.assignees !== undefined) option.assignees = input.assignees.map((name) => checkName('Assignees', name));
	if (input.milestone !== undefined) option.milestone = await resolveMilestone(client, ref, input.milestone);
	if (input.removeDueDate) option.unset_due_date = true;
	else if (input.dueDate !== undefined) option.due_date = parseDate('Due Date', input.dueDate);

	const labels =
		input.labels === undefined
			? undefined
			: await resolveLabels(client, ref.owner, ref.repo, input.labels, {
					createMissing: input.createMissingLabels,
					color: input.labelColor ?? DEFAULT_LABEL_COLOR,
				});
	if (Object.keys(option).length === 0 && labels === undefined) {
		throw invalidInput('Update Fields', 'Update Fields is empty - add at least one field to change');
	}

	let issue = Object.keys(option).length > 0 ? await client.editIssue(ref.owner, ref.repo, input.number, option) : undefined;
	if (labels !== undefined) {
		const applied = await client.replaceIssueLabels(ref.owner, ref.repo, input.number, labels.ids);
		issue = { ...(issue ?? (await client.getIssue(ref.owner, ref.repo, input.number))), labels: applied };
	}
	return issue as Issue;
}

export async function setIssueState(client: GiteaClient, ref: IssueRef, state: 'open' | 'closed'): Promise<Issue> {
	const { owner, repo } = checkRepository(ref);
	return client.editIssue(owner, repo, ref.number, { state });
}

export async function getIssue(client: GiteaClient, ref: IssueRef): Promise<Issue> {
	const { owner, repo } = checkRepository(ref);
	return client.getIssue(owner, repo, ref.number);
}

export interface ListIssuesInput extends RepositoryRef {
	state?: 'open' | 'closed' | 'all';
	/** Issues with any of these labels. */
	labels?: string[];
	search?: string;
	since?: string;
	before?: string;
	createdBy?: string;
	assignedTo?: string;
	milestone?: string;
	/** Undefined: every page. */
	limit?: number;
}

function hasAnyLabel(ids: Set<number>) {
	return (issue: Issue) => (issue.labels ?? []).some((label) => label.id !== undefined && ids.has(label.id));
}

/**
 * Gitea silently drops label names it does not know from the filter - and with none left, lists
 * every issue. So the names are checked first; organization labels, which the repository list
 * endpoint does not match by name, are filtered here instead.
 */
export async function listIssues(client: GiteaClient, input: ListIssuesInput): Promise<Issue[]> {
	const ref = checkRepository(input);
	const query: IssueListQuery = { state: input.state ?? 'open' };
	if (input.search && input.search.trim() !== '') query.q = input.search.trim();
	if (input.since) query.since = parseDate('Updated Since', input.since);
	if (input.before) query.before = parseDate('Updated Before', input.before);
	if (input.createdBy) query.created_by = checkName('Created By', input.createdBy);
	if (input.assignedTo) query.assigned_by = checkName('Assigned To', input.assignedTo);
	if (input.milestone && input.milestone.trim() !== '') query.milestones = input.milestone.trim();

	let keep: ((issue: Issue) => boolean) | undefined;
	if (input.labels && input.labels.length > 0) {
		const resolved = await resolveLabels(client, ref.owner, ref.repo, input.labels, { createMissing: false });
		if (resolved.organizationLabelIds.length === 0) {
			query.labels = resolved.labels.map((label) => label.name).join(',');
		} else {
			keep = hasAnyLabel(new Set(resolved.ids));
		}
	}
	return collectPages((page, limit) => client.listIssues(ref.owner, ref.repo, query, page, limit), { limit: input.limit, keep });
}

export interface SearchIssuesInput {
	search?: string;
	state?: 'open' | 'closed' | 'all';
	labels?: string[];
	owner?: string;
	since?: string;
	before?: string;
	limit?: number;
}

/** Across every repository the token can read; Gitea matches `labels` by name on all of them. */
export async function searchIssues(client: GiteaClient, input: SearchIssuesInput): Promise<Issue[]> {
	const query: Parameters<GiteaClient['searchIssues']>[0] = { state: input.state ?? 'open' };
	if (input.search && input.search.trim() !== '') query.q = input.search.trim();
	if (input.labels && input.labels.length > 0) query.labels = input.labels.join(',');
	if (input.owner && input.owner.trim() !== '') query.owner = checkName('Owner', input.owner);
	if (input.since) query.since = parseDate('Updated Since', input.since);
	if (input.before) query.before = parseDate('Updated Before', input.before);
	return collectPages((page, limit) => client.searchIssues(query, page, limit), { limit: input.limit });
}

// ── comments ──────────────────────────────────────────────────────────────────────────────────

function checkCommentBody(body: unknown): string {
	const text = String(body ?? '');
	if (text.trim() === '') throw invalidInput('Comment', 'Comment is empty - Gitea does not accept empty comments');
	return checkTextSize('Comment', text);
}

export async function createComment(client: GiteaClient, ref: IssueRef, body: string): Promise<Comment> {
	const { owner, repo } = checkRepository(ref);
	return client.createComment(owner, repo, ref.number, checkCommentBody(body));
}

export interface ListCommentsInput extends IssueRef {
	since?: string;
	before?: string;
	limit?: number;
}

export async function listComments(client: GiteaClient, input: ListCommentsInput): Promise<Comment[]> {
	const { owner, repo } = checkRepository(input);
	const query: { since?: string; before?: string } = {};
	if (input.since) query.since = parseDate('Updated Since', input.since);
	if (input.before) query.before = parseDate('Updated Before', input.before);
	const comments = await client.listComments(owner, repo, input.number, query);
	return input.limit === undefined ? comments : comments.slice(0, input.limit);
}

export async function updateComment(client: GiteaClient, ref: RepositoryRef & { id: number }, body: string): Promise<Comment> {
	const { owner, repo } = checkRepository(ref);
	return client.editComment(owner, repo, ref.id, checkCommentBody(body));
}

export async function deleteComment(client: GiteaClient, ref: RepositoryRef & { id: number }): Promise<void> {
	const { owner, repo } = checkRepository(ref);
	return client.deleteComment(owner, repo, ref.id);
}

// ── labels ────────────────────────────────────────────────────────────────────────────────────

export async function listLabels(client: GiteaClient, ref: RepositoryRef, limit?: number): Promise<Label[]> {
	const { owner, repo } = checkRepository(ref);
	const labels = await listAvailableLabels(client, owner, repo);
	return limit === undefined ? labels : labels.slice(0, limit);
}

export interface CreateLabelInput extends RepositoryRef {
	name: string;
	color: string;
	description?: string;
	exclusive?: boolean;
}

/** Refuses a name the repository (or its organization) already has: Gitea would make a second one. */
export async function createLabel(client: GiteaClient, input: CreateLabelInput): Promise<Label> {
	const { owner, repo } = checkRepository(input);
	const name = String(input.name ?? '').trim();
	if (name === '') throw invalidInput('Name', 'Name is empty - enter the label name');
	const color = checkColor(input.color);
	const existing = findLabel(await listAvailableLabels(client, owner, repo), name);
	if (existing?.name === name) {
		throw invalidInput('Name', `Label "${name}" already exists in ${owner}/${repo} (ID ${existing.id}) - use it, or choose another name`);
	}
	return client.createLabel(owner, repo, { name, color, description: input.description, exclusive: input.exclusive });
}

