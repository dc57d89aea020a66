/**
 * One issue per distinct failure: find the open issue whose body carries the fingerprint marker
 * and comment on it, or create it.
 *
 * Lookup: list the repository's open issues (optionally only those the token's user created) and
 * scan their bodies for the exact marker. Listing without a search keyword is answered from
 * Gitea's database, so an issue created a moment ago is already listed; a keyword search (`q`)
 * would go through the issue indexer, which indexes asynchronously and tokenises HTML comments
 * away, and could miss it. When several open issues carry the fingerprint, the oldest wins.
 *
 * Upgrade: when the fingerprint algorithm changes, the caller also passes the failure's previous
 * fingerprints. An issue carrying the current one is preferred; else the oldest carrying a previous
 * one is commented on and its marker replaced, so after one occurrence it is on the current one.
 *
 * Concurrency: the whole find-then-create-or-comment runs under a lock per fingerprint (the
 * previous ones included) in this process, so identical failures that arrive together make one
 * issue and one comment.
 */
import type { Issue } from 'gitea-js';

import type { GiteaClient } from './client';
import { checkFingerprint, fingerprintsIn, isOccurrenceCommentFor, newIssueBody, occurrenceComment, occurrencesIn, withOccurrences } from './issue-markers';
import { buildCreateIssueOption, checkRepository, type CreateIssueInput } from './issues';
import { giteaLocks } from './lock';
import { collectPages } from './pagination';
import { checkHttpUrl, checkTextSize, checkTitle } from './validation';

export interface CreateOrCommentInput extends CreateIssueInput {
	fingerprint: string;
	/** Fingerprints the same failure had under an older algorithm; an open issue carrying one moves to `fingerprint`. */
	previousFingerprints?: string[];
	/** Link to the run that failed again; shown in the comment. */
	runUrl?: string;
	/** Extra text for the comment, e.g. the new run's summary. */
	commentText?: string;
	/** Also match issues other users created (default: only the token user's issues). */
	matchAnyAuthor?: boolean;
	/** Clock, for tests. */
	now?: () => Date;
}

export interface CreateOrCommentResult {
	action: 'created' | 'commented';
	number: number;
	url: string;
	title: string;
	fingerprint: string;
	/** The previous fingerprint the issue carried, replaced by `fingerprint` in this comment. */
	replacedFingerprint?: string;
	occurrences: number;
	commentId?: number;
	commentUrl?: string;
	/** Other open issues that carry the same fingerprint (made before this node was in use, or by another n8n process). */
	duplicates: number[];
}

/** Open issues carrying any of the fingerprints: those with the first one first, then the oldest first. */
export async function findIssuesWithFingerprint(
	client: GiteaClient,
	owner: string,
	repo: string,
	fingerprints: string | string[],
	matchAnyAuthor = false,
): Promise<Issue[]> {
	const wanted = Array.isArray(fingerprints) ? fingerprints : [fingerprints];
	const createdBy = matchAnyAuthor ? undefined : (await client.getCurrentUser()).login;
	const rank = (issue: Issue) => {
		const carried = fingerprintsIn(issue.body);
		const index = wanted.findIndex((fingerprint) => carried.includes(fingerprint));
		return index < 0 ? wanted.length : index;
	};
	const matches = await collectPages(
		(page, limit) => client.listIssues(owner, repo, { state: 'open', created_by: createdBy }, page, limit),
		{ keep: (issue) => wanted.some((fingerprint) => issue.body?.includes(fingerprint)) && rank(issue) < wanted.length },
	);
	return matches.sort((a, b) => Math.min(rank(a), 1) - Math.min(rank(b), 1) || (a.number ?? 0) - (b.number ?? 0));
}

/** The count before this occurrence: the body marker, or our comments if a person removed it. */
async function previousOccurrences(client: GiteaClient, owner: string, repo: string, issue: Issue, fingerprints: string[]): Promise<number> {
	const fromBody = occurrencesIn(issue.body);
	if (fromBody !== undefined) return fromBody;
	const comments = await client.listComments(owner, repo, issue.number as number);
	const counted = comments.map((comment) => (isOccurrenceCommentFor(comment.body, fingerprints) ? (occurrencesIn(comment.body) ?? 0) : 0));
	return Math.max(1, ...counted);
}

/** Runs under every key's lock, taken in one order so two callers never wait on each other. */
function underLocks<T>(keys: string[], task: () => Promise<T>): Promise<T> {
	const [first, ...rest] = [...new Set(keys)].sort();
	return first === undefined ? task() : giteaLocks.run(first, () => underLocks(rest, task));
}

export async function createOrComment(client: GiteaClient, input: CreateOrCommentInput): Promise<CreateOrCommentResult> {
	const { owner, repo } = checkRepository(input);
	const fingerprint = checkFingerprint(input.fingerprint);
	const previous = (input.previousFingerprints ?? [])
		.filter((value) => String(value ?? '').trim() !== '')
		.map((value) => checkFingerprint(value, 'Previous Fingerprints'))
		.filter((value) => value !== fingerprint);
	const title = checkTitle(input.title);
	const runUrl = input.runUrl && input.runUrl.trim() !== '' ? checkHttpUrl('Run URL', input.runUrl) : undefined;
	const now = input.now ?? (() => new Date());

	const keys = [fingerprint, ...previous].map((value) => `${client.serverUrl}|${owner.toLowerCase()}/${repo.toLowerCase()}|fingerprint:${value}`);
	return underLocks(keys, async () => {
		const [existing, ...others] = await findIssuesWithFingerprint(client, owner, repo, [fingerprint, ...previous], input.matchAnyAuthor);
		// Duplicates carry what the chosen issue carries: the current fingerprint, or else a previous one.
		const onCurrent = (issue: Issue) => fingerprintsIn(issue.body).includes(fingerprint);
		const duplicates = existing ? others.filter((issue) => onCurrent(issue) === onCurrent(existing)) : [];
		const seenAt = now();

		if (!existing) {
			const body = checkTextSize('Body', newIssueBody(input.body ?? '', fingerprint, seenAt));
			const option = await buildCreateIssueOption(client, { ...input, owner, repo, title, body: undefined });
			const issue = await client.createIssue(owner, repo, { ...option, body });
			return {
				action: 'created',
				number: issue.number as number,
				url: issue.html_url ?? '',
				title: issue.title ?? title,
				fingerprint,
				occurrences: 1,
				duplicates: [],
			};
		}

		const number = existing.number as number;
		const carried = fingerprintsIn(existing.body);
		const replacedFingerprint = carried.includes(fingerprint) ? undefined : previous.find((value) => carried.includes(value));
		const occurrences = (await previousOccurrences(client, owner, repo, existing, [fingerprint, ...previous])) + 1;
		const comment = checkTextSize('Comment', occurrenceComment({ fingerprint, count: occurrences, seenAt, runUrl, text: input.commentText }));
		await client.editIssue(owner, repo, number, { body: withOccurrences(existing.body ?? '', { count: occurrences, seenAt, fingerprint, replacing: previous }) });
		const created = await client.createComment(owner, repo, number, comment);
		return {
			action: 'commented',
			number,
			url: existing.html_url ?? '',
			title: existing.title ?? '',
			fingerprint,
			...(replacedFingerprint ? { replacedFingerprint } : {}),
			occurrences,
			commentId: created.id,
			commentUrl: created.html_url,
			duplicates: duplicates.map((issue) => issue.number as number),
		};
	});
}

