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
 * Concurrency: the whole find-then-create-or-comment runs under a per-fingerprint lock in this
 * process, so identical failures that arrive together make one issue and one comment.
 */
import type { Issue } from 'gitea-js';

import type { GiteaClient } from './client';
import {
	carriesFingerprint,
	checkFingerprint,
	newIssueBody,
	occurrenceComment,
	occurrenceCommentMarker,
	occurrencesIn,
	withOccurrences,
} from './issue-markers';
import { buildCreateIssueOption, checkRepository, type CreateIssueInput } from './issues';
import { giteaLocks } from './lock';
import { collectPages } from './pagination';
import { checkHttpUrl, checkTextSize, checkTitle } from './validation';

export interface CreateOrCommentInput extends CreateIssueInput {
	fingerprint: string;
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
	occurrences: number;
	commentId?: number;
	commentUrl?: string;
	/** Other open issues that carry the same fingerprint (made before this node was in use, or by another n8n process). */
	duplicates: number[];
}

export async function findIssuesWithFingerprint(
	client: GiteaClient,
	owner: string,
	repo: string,
	fingerprint: string,
	matchAnyAuthor = false,
): Promise<Issue[]> {
	const createdBy = matchAnyAuthor ? undefined : (await client.getCurrentUser()).login;
	const matches = await collectPages(
		(page, limit) => client.listIssues(owner, repo, { state: 'open', created_by: createdBy }, page, limit),
		{ keep: (issue) => carriesFingerprint(issue.body, fingerprint) },
	);
	return matches.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

/** The count before this occurrence: the body marker, or our comments if a person removed it. */
async function previousOccurrences(client: GiteaClient, owner: string, repo: string, issue: Issue, fingerprint: string): Promise<number> {
	const fromBody = occurrencesIn(issue.body);
	if (fromBody !== undefined) return fromBody;
	const comments = await client.listComments(owner, repo, issue.number as number);
	const marker = occurrenceCommentMarker(fingerprint);
	const counted = comments.map((comment) => (comment.body?.includes(marker) ? (occurrencesIn(comment.body) ?? 0) : 0));
	return Math.max(1, ...counted);
}

export async function createOrComment(client: GiteaClient, input: CreateOrCommentInput): Promise<CreateOrCommentResult> {
	const { owner, repo } = checkRepository(input);
	const fingerprint = checkFingerprint(input.fingerprint);
	const title = checkTitle(input.title);
	const runUrl = input.runUrl && input.runUrl.trim() !== '' ? checkHttpUrl('Run URL', input.runUrl) : undefined;
	const now = input.now ?? (() => new Date());

	const key = `${client.serverUrl}|${owner.toLowerCase()}/${repo.toLowerCase()}|fingerprint:${fingerprint}`;
	return giteaLocks.run(key, async () => {
		const [existing, ...duplicates] = await findIssuesWithFingerprint(client, owner, repo, fingerprint, input.matchAnyAuthor);
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
		const occurrences = (await previousOccurrences(client, owner, repo, existing, fingerprint)) + 1;
		const comment = checkTextSize('Comment', occurrenceComment({ fingerprint, count: occurrences, seenAt, runUrl, text: input.commentText }));
		await client.editIssue(owner, repo, number, { body: withOccurrences(existing.body ?? '', occurrences, seenAt) });
		const created = await client.createComment(owner, repo, number, comment);
		return {
			action: 'commented',
			number,
			url: existing.html_url ?? '',
			title: existing.title ?? '',
			fingerprint,
			occurrences,
			commentId: created.id,
			commentUrl: created.html_url,
			duplicates: duplicates.map((issue) => issue.number as number),
		};
	});
}

