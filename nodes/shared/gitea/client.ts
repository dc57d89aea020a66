/**
 * A typed Gitea client: gitea-js (generated from Gitea's OpenAPI spec) for the request shapes,
 * our transport for the wire, and one place that turns thrown responses into GiteaErrors.
 * Methods are one call each; list methods return one page with its headers (see pagination.ts).
 */
import {
	Api,
	type Comment,
	type CreateIssueOption,
	type CreateLabelOption,
	type EditIssueOption,
	type HttpResponse,
	type Issue,
	type Label,
	type Milestone,
	type Organization,
	type Repository,
	type User,
} from 'gitea-js';

import { GiteaError, invalidInput, type GiteaTarget } from './errors';
import type { Page } from './pagination';
import {
	DEFAULT_TIMEOUT_MS,
	createGiteaFetch,
	errorFromResponse,
	normalizeServerUrl,
	notFoundError,
} from './transport';

export interface GiteaConnection {
	/** Web root of the Gitea server, with its sub-path if any; `/api/v1` may be included. */
	serverUrl: string;
	accessToken: string;
	allowUnauthorizedCerts?: boolean;
	timeoutMs?: number;
}

export interface IssueListQuery {
	state?: 'open' | 'closed' | 'all';
	/** Label names, comma-separated, as Gitea's list endpoint takes them. */
	labels?: string;
	q?: string;
	since?: string;
	before?: string;
	created_by?: string;
	assigned_by?: string;
	mentioned_by?: string;
	milestones?: string;
}

export interface IssueSearchQuery {
	state?: 'open' | 'closed' | 'all';
	labels?: string;
	q?: string;
	owner?: string;
	since?: string;
	before?: string;
}

type Thrown = HttpResponse<unknown, unknown>;

function isResponse(value: unknown): value is Thrown {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { status?: unknown }).status === 'number' &&
		typeof (value as { headers?: { get?: unknown } }).headers?.get === 'function'
	);
}

export class GiteaClient {
	/** Normalised web root, e.g. `https://git.example.com/gitea`. */
	readonly serverUrl: string;
	private readonly api: Api<unknown>;
	private currentUser?: Promise<User>;

	constructor(connection: GiteaConnection) {
		this.serverUrl = normalizeServerUrl(connection.serverUrl);
		const token = (connection.accessToken ?? '').trim();
		if (token === '') {
			throw invalidInput('Access Token', 'Access Token is empty - create a token in Gitea under Settings → Applications');
		}
		this.api = new Api({
			baseUrl: `${this.serverUrl}/api/v1`,
			baseApiParams: { format: 'json', headers: { Authorization: `token ${token}` } },
			customFetch: createGiteaFetch({
				allowUnauthorizedCerts: connection.allowUnauthorizedCerts === true,
				timeoutMs: connection.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			}),
		});
	}

	// ── users and owners ──────────────────────────────────────────────────────────────────────

	/** The token's user; fetched once per client. */
	getCurrentUser(): Promise<User> {
		this.currentUser ??= this.data('GET', { kind: 'user' }, () => this.api.user.userGetCurrent());
		return this.currentUser;
	}

	listMyOrganizations(page: number, limit: number): Promise<Page<Organization>> {
		return this.page('GET', { kind: 'user' }, () => this.api.user.orgListCurrentUserOrgs({ page, limit }));
	}

	/** Repositories of a user or an organization, whichever `owner` is. */
	async listRepositoriesOf(owner: string, page: number, limit: number): Promise<Page<Repository>> {
		const target: GiteaTarget = { kind: 'owner', owner };
		try {
			return await this.page('GET', target, () => this.api.orgs.orgListRepos(owner, { page, limit }));
		} catch (error) {
			if (!(error instanceof GiteaError) || error.code !== 'NOT_FOUND') throw error;
		}
		return this.page('GET', target, () => this.api.users.userListRepos(owner, { page, limit }));
	}

	getRepository(owner: string, repo: string): Promise<Repository> {
		return this.data('GET', { kind: 'repository', owner, repo }, () => this.api.repos.repoGet(owner, repo));
	}

	// ── issues ────────────────────────────────────────────────────────────────────────────────

	getIssue(owner: string, repo: string, number: number): Promise<Issue> {
		return this.data('GET', { kind: 'issue', owner, repo, number }, () => this.api.repos.issueGetIssue(owner, repo, number));
	}

	listIssues(owner: string, repo: string, query: IssueListQuery, page: number, limit: number): Promise<Page<Issue>> {
		return this.page('GET', { kind: 'repository', owner, repo }, () =>
			this.api.repos.issueListIssues(owner, repo, { ...query, type: 'issues', page, limit }),
		);
	}

	searchIssues(query: IssueSearchQuery, page: number, limit: number): Promise<Page<Issue>> {
		const target: GiteaTarget = query.owner ? { kind: 'owner', owner: query.owner } : { kind: 'search' };
		return this.page('GET', target, () => this.api.repos.issueSearchIssues({ ...query, type: 'issues', page, limit }));
	}

	createIssue(owner: string, repo: string, option: CreateIssueOption): Promise<Issue> {
		return this.data('POST', { kind: 'repository', owner, repo }, () => this.api.repos.issueCreateIssue(owner, repo, option));
	}

	editIssue(owner: string, repo: string, number: number, option: EditIssueOption): Promise<Issue> {
		return this.data('PATCH', { kind: 'issue', owner, repo, number }, () =>
			this.api.repos.issueEditIssue(owner, repo, number, option),
		);
	}

	/** Replaces all labels of an issue; `labelIds` as Gitea's create call takes them. */
	replaceIssueLabels(owner: string, repo: string, number: number, labelIds: number[]): Promise<Label[]> {
		return this.data('PUT', { kind: 'issue', owner, repo, number }, () =>
			this.api.repos.issueReplaceLabels(owner, repo, number, { labels: labelIds }),
		);
	}

	// ── comments ──────────────────────────────────────────────────────────────────────────────

	/** Gitea returns all comments of an issue in one answer; this endpoint has no pages. */
	listComments(owner: string, repo: string, number: number, query: { since?: string; before?: string } = {}): Promise<Comment[]> {
		return this.data('GET', { kind: 'issue', owner, repo, number }, () =>
			this.api.repos.issueGetComments(owner, repo, number, query),
		);
	}

	createComment(owner: string, repo: string, number: number, body: string): Promise<Comment> {
		return this.data('POST', { kind: 'issue', owner, repo, number }, () =>
			this.api.repos.issueCreateComment(owner, repo, number, { body }),
		);
	}

	editComment(owner: string, repo: string, id: number, body: string): Promise<Comment> {
		return this.data('PATCH', { kind: 'comment', owner, repo, id }, () =>
			this.api.repos.issueEditComment(owner, repo, id, { body }),
		);
	}

	async deleteComment(owner: string, repo: string, id: number): Promise<void> {
		await this.send('DELETE', { kind: 'comment', owner, repo, id }, () => this.api.repos.issueDeleteComment(owner, repo, id));
	}

	// ── labels and milestones ─────────────────────────────────────────────────────────────────

	listRepoLabels(owner: string, repo: string, page: number, limit: number): Promise<Page<Label>> {
		return this.page('GET', { kind: 'repository', owner, repo }, () => this.api.repos.issueListLabels(owner, repo, { page, limit }));
	}

	/** Organization labels also apply to the organization's repositories; a user owner has none. */
	async listOrgLabels(org: string, page: number, limit: number): Promise<Page<Label>> {
		try {
			return await this.page('GET', { kind: 'owner', owner: org }, () => this.api.orgs.orgListLabels(org, { page, limit }));
		} catch (error) {
			if (error instanceof GiteaError && error.code === 'NOT_FOUND') return { items: [], headers: new Headers() };
			throw error;
		}
	}

	createLabel(owner: string, repo: string, option: CreateLabelOption): Promise<Label> {
		return this.data('POST', { kind: 'repository', owner, repo }, () => this.api.repos.issueCreateLabel(owner, repo, option));
	}

	listMilestones(owner: string, repo: string, name: string, page: number, limit: number): Promise<Page<Milestone>> {
		return this.page('GET', { kind: 'repository', owner, repo }, () =>
			this.api.repos.issueGetMilestonesList(owner, repo, { state: 'all', name, page, limit }),
		);
	}

	// ── plumbing ──────────────────────────────────────────────────────────────────────────────

	private async data<T>(method: string, target: GiteaTarget, run: () => Promise<HttpResponse<T, unknown>>): Promise<T> {
		const response = await this.send(method, target, run);
		if (response.data === null || response.data === undefined) {
			throw new GiteaError(
				'UNEXPECTED_RESPONSE',
				`The server at ${this.serverUrl} answered HTTP ${response.status} without Gitea's JSON (${response.headers.get('content-type') ?? 'no content type'}) - check the Server URL in the Gitea credential`,
				{ status: response.status, request: `${method} ${response.url}`, target },
			);
		}
		return response.data;
	}

	private async page<T>(method: string, target: GiteaTarget, run: () => Promise<HttpResponse<T[], unknown>>): Promise<Page<T>> {
		const response = await this.send(method, target, run);
		if (!Array.isArray(response.data)) {
			throw new GiteaError(
				'UNEXPECTED_RESPONSE',
				`The server at ${this.serverUrl} answered HTTP ${response.status} without a JSON list - check the Server URL in the Gitea credential`,
				{ status: response.status, request: `${method} ${response.url}`, target },
			);
		}
		return { items: response.data, headers: response.headers };
	}

	private async send<T>(
		method: string,
		target: GiteaTarget,
		run: () => Promise<HttpResponse<T, unknown>>,
	): Promise<HttpResponse<T, unknown>> {
		try {
			return await run();
		} catch (thrown) {
			throw await this.toGiteaError(thrown, method, target);
		}
	}

	private async toGiteaError(thrown: unknown, method: string, target: GiteaTarget): Promise<unknown> {
		if (thrown instanceof GiteaError || !isResponse(thrown)) return thrown;
		const error = errorFromResponse({
			method,
			url: thrown.url,
			status: thrown.status,
			contentType: thrown.headers.get('content-type') ?? '',
			body: thrown.error instanceof Error ? undefined : thrown.error,
			target,
		});
		// Gitea answers the same 404 for a missing repository and a missing issue: ask which.
		if (error.code === 'NOT_FOUND' && (target.kind === 'issue' || target.kind === 'comment')) {
			const repository: GiteaTarget = { kind: 'repository', owner: target.owner, repo: target.repo };
			try {
				await this.api.repos.repoGet(target.owner, target.repo);
			} catch (probe) {
				if (isResponse(probe) && probe.status === 404) {
					return notFoundError(repository, { status: 404, giteaMessage: error.giteaMessage, request: error.request });
				}
			}
		}
		return error;
	}
}
