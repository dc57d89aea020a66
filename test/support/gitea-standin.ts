// A Gitea API stand-in served over real HTTP(S) on 127.0.0.1, for tests. It follows Gitea 1.23's
// API as gitea-js types it (field names and types, `null` where Gitea sends nil), and the
// behaviour the Gitea node depends on:
//   - `Authorization: token <t>` (Gitea also takes `bearer`), token scopes by category and level,
//     401 "token is required" for a missing or unknown token, 403 naming the missing scope;
//   - labels as IDs on create (names → 422, as Gitea's JSON binding fails), 201 on create,
//     422 `{"message": "[Title]: Required"}` for missing required fields;
//   - pagination: `limit` default 30, capped at 50 (MAX_RESPONSE_ITEMS), `X-Total-Count` and a
//     `Link` header with absolute next/last/first/prev URLs;
//   - the list endpoint's `labels` filter: names, any-of, repository labels only, unknown names
//     dropped (none left → no filter at all);
//   - keyword search (`q`) through an "indexer" that can lag behind (`indexDelayMs`), while
//     listing without `q` reads the "database" directly, as Gitea does;
//   - Gitea itself has no size limit on issue bodies (LONGTEXT); the limit users meet is the
//     reverse proxy in front of it: nginx answers 413 with an HTML page over 1 MiB by default.
//     `maxRequestBytes` emulates that proxy;
//   - 404 `{"message": "The target couldn't be found.", "url": …, "errors": null}`, and an HTML
//     404 for paths outside `<subPath>/api/v1` (a Server URL missing its sub-path), unless
//     `webPages` serves read-only pages of the issues there (gitea-standin-pages.ts).
// Every request is logged (method, API path, query, Authorization, JSON body, status); the state
// is plain data that tests may read and seed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { renderStandinPage, STANDIN_PAGE_HEADERS } from './gitea-standin-pages';
import type {
	APIError,
	Comment,
	CreateIssueCommentOption,
	CreateIssueOption,
	CreateLabelOption,
	EditIssueCommentOption,
	EditIssueOption,
	Issue,
	IssueLabelsOption,
	Label,
	Milestone,
	Organization,
	Repository,
	SearchResults,
	User,
} from 'gitea-js';

/** Gitea sends `null` for nil pointers and slices; gitea-js types them as optional. */
type Wire<T> = { [K in keyof T]: T[K] | null };

export type ScopeCategory = 'issue' | 'repository' | 'user' | 'organization' | 'misc';
/** `write:issue`, `read:repository`, or `all`. */
export type Scope = `${'read' | 'write'}:${ScopeCategory}` | 'all';

export interface StandinToken {
	user: string;
	scopes: Scope[];
}

export interface GiteaStandinOptions {
	/** Serve under a sub-path, as `ROOT_URL = https://host/gitea/` does. */
	subPath?: string;
	tokens?: Record<string, StandinToken>;
	/** MAX_RESPONSE_ITEMS. */
	maxResponseItems?: number;
	/** The reverse proxy's request size limit (nginx client_max_body_size). */
	maxRequestBytes?: number;
	/** Delay before each request is handled, to make races real. */
	latencyMs?: number;
	/** How long the keyword search index lags behind writes. */
	indexDelayMs?: number;
	/** Serve HTTPS with this key and certificate. */
	tls?: { key: string; cert: string };
	/** Serve read-only HTML pages of the repositories and issues outside the API, for people to look at. */
	webPages?: boolean;
}

export interface RecordedRequest {
	method: string;
	/** Path below `/api/v1`, e.g. `/repos/acme/widgets/issues`. */
	path: string;
	query: Record<string, string>;
	authorization?: string;
	body?: unknown;
	bodyBytes: number;
	status: number;
}

export interface StoredUser {
	id: number;
	login: string;
	fullName: string;
	isOrg: boolean;
}

export interface StoredLabel {
	id: number;
	name: string;
	color: string;
	description: string;
	exclusive: boolean;
	/** Repository key `owner/repo`, or undefined for an organization label. */
	repo?: string;
	org?: string;
}

export interface StoredComment {
	id: number;
	issueNumber: number;
	repo: string;
	body: string;
	poster: string;
	createdAt: string;
	updatedAt: string;
}

export interface StoredIssue {
	id: number;
	number: number;
	repo: string;
	title: string;
	body: string;
	state: 'open' | 'closed';
	labelIds: number[];
	assignees: string[];
	milestoneId?: number;
	dueDate?: string;
	poster: string;
	createdAt: string;
	updatedAt: string;
	closedAt?: string;
	/** When the keyword index will have seen the latest write. */
	indexedAt: number;
}

export interface StoredMilestone {
	id: number;
	repo: string;
	title: string;
	state: 'open' | 'closed';
}

export interface StoredRepo {
	id: number;
	owner: string;
	name: string;
	nextIndex: number;
}

export interface StandinState {
	users: StoredUser[];
	repos: StoredRepo[];
	issues: StoredIssue[];
	comments: StoredComment[];
	labels: StoredLabel[];
	milestones: StoredMilestone[];
	/** Organization name → member logins. */
	members: Record<string, string[]>;
}

interface Fault {
	method?: string;
	path?: RegExp;
	status: number;
	body: string;
	contentType: string;
}

class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(`HTTP ${status}`);
	}
}

const NOT_FOUND_MESSAGE = "The target couldn't be found.";
const DEFAULT_PAGING_NUM = 30;

const NGINX_413 = `<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

export class GiteaStandin {
	readonly state: StandinState = { users: [], repos: [], issues: [], comments: [], labels: [], milestones: [], members: {} };
	readonly requests: RecordedRequest[] = [];
	/** Server URL as a credential takes it, with the sub-path. */
	url = '';
	latencyMs: number;
	maxRequestBytes: number;
	private readonly tokens: Record<string, StandinToken>;
	private readonly subPath: string;
	private readonly maxResponseItems: number;
	private readonly indexDelayMs: number;
	private readonly webPages: boolean;
	private readonly faults: Fault[] = [];
	private server?: Server;
	private nextId = 1;

	private constructor(options: GiteaStandinOptions) {
		this.subPath = (options.subPath ?? '').replace(/\/+$/, '');
		this.tokens = options.tokens ?? { 'test-token': { user: 'ci-bot', scopes: ['all'] } };
		this.maxResponseItems = options.maxResponseItems ?? 50;
		this.maxRequestBytes = options.maxRequestBytes ?? 1024 * 1024;
		this.latencyMs = options.latencyMs ?? 0;
		this.indexDelayMs = options.indexDelayMs ?? 0;
		this.webPages = options.webPages === true;
	}

	static async start(options: GiteaStandinOptions = {}): Promise<GiteaStandin> {
		const standin = new GiteaStandin(options);
		const handler = (req: IncomingMessage, res: ServerResponse) => {
			standin.handle(req, res).catch((error: unknown) => {
				res.statusCode = 500;
				res.end(String(error));
			});
		};
		const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createHttpServer(handler);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		standin.server = server;
		standin.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${standin.subPath}`;
		for (const token of Object.values(standin.tokens)) standin.addUser(token.user);
		return standin;
	}

	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	// ── seeding ─────────────────────────────────────────────────────────────────────────────

	addUser(login: string, options: { isOrg?: boolean; fullName?: string; members?: string[] } = {}): StoredUser {
		const existing = this.findUser(login);
		if (existing) return existing;
		const user = { id: this.nextId++, login, fullName: options.fullName ?? login, isOrg: options.isOrg === true };
		this.state.users.push(user);
		if (user.isOrg) this.state.members[login] = options.members ?? [];
		return user;
	}

	addRepo(owner: string, name: string): StoredRepo {
		this.addUser(owner);
		const repo = { id: this.nextId++, owner, name, nextIndex: 1 };
		this.state.repos.push(repo);
		return repo;
	}

	addLabel(owner: string, repo: string, name: string, color = 'e11d21'): StoredLabel {
		const label = { id: this.nextId++, name, color: color.replace(/^#/, ''), description: '', exclusive: false, repo: `${owner}/${repo}` };
		this.state.labels.push(label);
		return label;
	}

	addOrgLabel(org: string, name: string, color = '0075ca'): StoredLabel {
		const label = { id: this.nextId++, name, color: color.replace(/^#/, ''), description: '', exclusive: false, org };
		this.state.labels.push(label);
		return label;
	}

	addMilestone(owner: string, repo: string, title: string): StoredMilestone {
		const milestone = { id: this.nextId++, repo: `${owner}/${repo}`, title, state: 'open' as const };
		this.state.milestones.push(milestone);
		return milestone;
	}

	addIssue(
		owner: string,
		repo: string,
		fields: { title: string; body?: string; state?: 'open' | 'closed'; labels?: string[]; poster?: string },
	): StoredIssue {
		const stored = this.requireRepo(owner, repo);
		const now = new Date().toISOString();
		const labelIds = (fields.labels ?? []).map((name) => {
			const label = this.state.labels.find((candidate) => candidate.repo === `${owner}/${repo}` && candidate.name === name);
			if (!label) throw new Error(`seed: no label ${name} in ${owner}/${repo}`);
			return label.id;
		});
		const issue: StoredIssue = {
			id: this.nextId++,
			number: stored.nextIndex++,
			repo: `${owner}/${repo}`,
			title: fields.title,
			body: fields.body ?? '',
			state: fields.state ?? 'open',
			labelIds,
			assignees: [],
			poster: fields.poster ?? Object.values(this.tokens)[0].user,
			createdAt: now,
			updatedAt: now,
			closedAt: fields.state === 'closed' ? now : undefined,
			indexedAt: Date.now(),
		};
		this.state.issues.push(issue);
		return issue;
	}

	/** The next request matching `method` and `path` (below /api/v1) gets this answer instead. */
	failNext(match: { method?: string; path?: RegExp }, status: number, body: unknown, contentType = 'application/json;charset=utf-8'): void {
		this.faults.push({
			method: match.method,
			path: match.path,
			status,
			body: typeof body === 'string' ? body : JSON.stringify(body),
			contentType,
		});
	}

	issuesOf(owner: string, repo: string): StoredIssue[] {
		return this.state.issues.filter((issue) => issue.repo === `${owner}/${repo}`);
	}

	commentsOf(owner: string, repo: string, number: number): StoredComment[] {
		return this.state.comments.filter((comment) => comment.repo === `${owner}/${repo}` && comment.issueNumber === number);
	}

	labelsOf(owner: string, repo: string): StoredLabel[] {
		return this.state.labels.filter((label) => label.repo === `${owner}/${repo}`);
	}

	/** Requests that changed something. */
	writes(): RecordedRequest[] {
		return this.requests.filter((request) => request.method !== 'GET');
	}

	// ── HTTP ────────────────────────────────────────────────────────────────────────────────

	private get webBase(): string {
		return this.url;
	}

	private get apiBase(): string {
		return `${this.url}/api/v1`;
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://placeholder');
		const method = (req.method ?? 'GET').toUpperCase();
		const prefix = `${this.subPath}/api/v1`;
		const path = url.pathname.startsWith(`${prefix}/`) ? url.pathname.slice(prefix.length) : undefined;
		const query = Object.fromEntries(url.searchParams.entries());
		const record: RecordedRequest = {
			method,
			path: path ?? url.pathname,
			query,
			authorization: req.headers.authorization,
			bodyBytes: 0,
			status: 0,
		};
		this.requests.push(record);

		const raw = await this.readBody(req);
		record.bodyBytes = raw.length;
		if (raw.length > this.maxRequestBytes) {
			return this.reply(res, record, 413, NGINX_413, 'text/html');
		}
		if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

		if (path === undefined) {
			const page = this.webPages && (method === 'GET' || method === 'HEAD') ? this.webPage(url.pathname) : undefined;
			if (page !== undefined) {
				for (const [name, value] of Object.entries(STANDIN_PAGE_HEADERS)) res.setHeader(name, value);
				return this.reply(res, record, 200, page, 'text/html; charset=utf-8');
			}
			return this.reply(res, record, 404, '<!DOCTYPE html><html><body>Page Not Found</body></html>', 'text/html; charset=utf-8');
		}
		const faultIndex = this.faults.findIndex((fault) => (!fault.method || fault.method === method) && (!fault.path || fault.path.test(path)));
		if (faultIndex >= 0) {
			const [fault] = this.faults.splice(faultIndex, 1);
			return this.reply(res, record, fault.status, fault.body, fault.contentType);
		}

		try {
			let body: unknown;
			if (raw.length > 0) {
				try {
					body = JSON.parse(raw.toString('utf8'));
				} catch (error) {
					throw new HttpError(422, this.apiError(`[]: ${(error as Error).message}`));
				}
				record.body = body;
			}
			const user = this.authenticate(req.headers.authorization, method, path);
			const { status, payload, headers } = this.route(method, path, url.searchParams, body, user);
			for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value);
			return this.reply(res, record, status, payload === undefined ? '' : JSON.stringify(payload), 'application/json;charset=utf-8');
		} catch (error) {
			if (error instanceof HttpError) {
				return this.reply(res, record, error.status, JSON.stringify(error.body), 'application/json;charset=utf-8');
			}
			return this.reply(res, record, 500, JSON.stringify(this.apiError(String(error))), 'application/json;charset=utf-8');
		}
	}

	private webPage(pathname: string): string | undefined {
		if (pathname !== this.subPath && !pathname.startsWith(`${this.subPath}/`)) return undefined;
		return renderStandinPage(this.state, pathname.slice(this.subPath.length), this.subPath);
	}

	private readBody(req: IncomingMessage): Promise<Buffer> {
		return new Promise((resolve, reject) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => resolve(Buffer.concat(chunks)));
			req.on('error', reject);
		});
	}

	private reply(res: ServerResponse, record: RecordedRequest, status: number, body: string, contentType: string): void {
		record.status = status;
		res.statusCode = status;
		if (status !== 204) res.setHeader('Content-Type', contentType);
		res.end(status === 204 ? undefined : body);
	}

	private apiError(message: string): Wire<APIError> {
		return { message, url: `${this.webBase}/api/swagger` };
	}

	private notFound(): HttpError {
		return new HttpError(404, { errors: null, message: NOT_FOUND_MESSAGE, url: `${this.webBase}/api/swagger` });
	}

	private unprocessable(message: string): HttpError {
		return new HttpError(422, this.apiError(message));
	}

	// ── auth ────────────────────────────────────────────────────────────────────────────────

	private authenticate(header: string | undefined, method: string, path: string): StoredUser {
		const match = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '');
		const token = match ? this.tokens[match[1]] : undefined;
		// An unknown token leaves the request anonymous; the API then asks for one.
		if (!token) throw new HttpError(401, this.apiError('token is required'));
		const category = scopeCategoryOf(path);
		const level = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
		const granted =
			token.scopes.includes('all') ||
			token.scopes.includes(`write:${category}`) ||
			(level === 'read' && token.scopes.includes(`read:${category}`));
		if (!granted) {
			throw new HttpError(403, this.apiError(`token does not have at least one of required scope(s): [${level}:${category}]`));
		}
		return this.findUser(token.user) as StoredUser;
	}

	// ── routing ─────────────────────────────────────────────────────────────────────────────

	private route(
		method: string,
		path: string,
		params: URLSearchParams,
		body: unknown,
		user: StoredUser,
	): { status: number; payload?: unknown; headers?: Record<string, string> } {
		const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
		const ok = (payload: unknown, status = 200) => ({ status, payload });
		const [first, second, third, fourth, fifth, sixth] = segments;

		if (method === 'GET' && path === '/version') return ok({ version: '1.23.1' });
		if (method === 'GET' && path === '/user') return ok(this.apiUser(user));
		if (method === 'GET' && path === '/user/orgs') {
			const orgs = this.state.users.filter((candidate) => candidate.isOrg && this.state.members[candidate.login]?.includes(user.login));
			return this.paged(path, params, orgs.map((org) => this.apiOrg(org)));
		}
		if (first === 'users' && second && method === 'GET') {
			const owner = this.findUser(second);
			if (!owner) throw this.notFound();
			if (segments.length === 2) return ok(this.apiUser(owner));
			if (third === 'repos' && segments.length === 3) return this.paged(path, params, this.reposOf(owner.login));
		}
		if (first === 'orgs' && second && method === 'GET') {
			const org = this.findUser(second);
			if (!org || !org.isOrg) throw this.notFound();
			if (segments.length === 2) return ok(this.apiOrg(org));
			if (third === 'repos' && segments.length === 3) return this.paged(path, params, this.reposOf(org.login));
			if (third === 'labels' && segments.length === 3) {
				return this.paged(path, params, this.state.labels.filter((label) => label.org === org.login).map((label) => this.apiLabel(label)));
			}
		}
		if (method === 'GET' && path === '/repos/search') {
			const q = (params.get('q') ?? '').toLowerCase();
			const uid = params.get('uid');
			const repos = this.state.repos
				.filter((repo) => repo.name.toLowerCase().includes(q))
				.filter((repo) => !uid || this.findUser(repo.owner)?.id === Number(uid))
				.map((repo) => this.apiRepo(repo));
			const { status, payload, headers } = this.paged(path, params, repos);
			const results: Wire<SearchResults> = { ok: true, data: payload as Repository[] };
			return { status, payload: results, headers };
		}
		if (method === 'GET' && path === '/repos/issues/search') return this.searchIssues(path, params, user);

		if (first === 'repos' && second && third) {
			const repo = this.findRepo(second, third);
			if (!repo) throw this.notFound();
			const key = `${repo.owner}/${repo.name}`;
			if (segments.length === 3 && method === 'GET') return ok(this.apiRepo(repo));
			if (fourth === 'labels' && segments.length === 4) {
				if (method === 'GET') return this.paged(path, params, this.state.labels.filter((label) => label.repo === key).map((label) => this.apiLabel(label)));
				if (method === 'POST') return ok(this.createLabel(repo, body as CreateLabelOption), 201);
			}
			if (fourth === 'milestones' && segments.length === 4 && method === 'GET') {
				const state = params.get('state') ?? 'open';
				const name = (params.get('name') ?? '').toLowerCase();
				const milestones = this.state.milestones
					.filter((milestone) => milestone.repo === key && (state === 'all' || milestone.state === state))
					.filter((milestone) => milestone.title.toLowerCase().includes(name))
					.map((milestone) => this.apiMilestone(milestone));
				return this.paged(path, params, milestones);
			}
			if (fourth === 'issues') {
				if (segments.length === 4) {
					if (method === 'GET') return this.listIssues(path, repo, params);
					if (method === 'POST') return ok(this.createIssue(repo, body as CreateIssueOption, user), 201);
				}
				if (fifth === 'comments' && sixth && segments.length === 6) {
					const comment = this.state.comments.find((candidate) => candidate.repo === key && candidate.id === Number(sixth));
					if (!comment) throw this.notFound();
					if (method === 'GET') return ok(this.apiComment(comment));
					if (method === 'PATCH') {
						const edit = body as EditIssueCommentOption;
						if (!edit?.body) throw this.unprocessable('[Body]: Required');
						comment.body = edit.body;
						comment.updatedAt = new Date().toISOString();
						return ok(this.apiComment(comment));
					}
					if (method === 'DELETE') {
						this.state.comments.splice(this.state.comments.indexOf(comment), 1);
						return { status: 204 };
					}
				}
				if (fifth && /^\d+$/.test(fifth)) {
					const issue = this.state.issues.find((candidate) => candidate.repo === key && candidate.number === Number(fifth));
					if (!issue) throw this.notFound();
					if (segments.length === 5) {
						if (method === 'GET') return ok(this.apiIssue(issue));
						if (method === 'PATCH') return ok(this.editIssue(issue, body as EditIssueOption), 201);
					}
					if (sixth === 'comments' && segments.length === 6) {
						if (method === 'GET') return ok(this.listComments(issue, params));
						if (method === 'POST') return ok(this.createComment(issue, body as CreateIssueCommentOption, user), 201);
					}
					if (sixth === 'labels' && segments.length === 6 && method === 'PUT') {
						issue.labelIds = this.labelIdsFor(repo, (body as IssueLabelsOption)?.labels ?? []);
						this.touch(issue);
						return ok(this.issueLabels(issue));
					}
				}
			}
		}
		throw this.notFound();
	}

	/** One page of `items`, with Gitea's `X-Total-Count` and `Link` headers. */
	private paged<T>(path: string, params: URLSearchParams, items: T[]): { status: number; payload: T[]; headers: Record<string, string> } {
		const requested = Number(params.get('limit') ?? DEFAULT_PAGING_NUM);
		const pageSize = requested > 0 ? Math.min(requested, this.maxResponseItems) : DEFAULT_PAGING_NUM;
		const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
		const total = items.length;
		const lastPage = Math.max(1, Math.ceil(total / pageSize));
		const headers: Record<string, string> = { 'X-Total-Count': String(total), 'Access-Control-Expose-Headers': 'X-Total-Count, Link' };
		const links: string[] = [];
		const linkTo = (target: number, rel: string) => {
			const next = new URLSearchParams(params);
			next.set('page', String(target));
			links.push(`<${this.apiBase}${path}?${next.toString()}>; rel="${rel}"`);
		};
		if (page < lastPage) linkTo(page + 1, 'next');
		if (page < lastPage) linkTo(lastPage, 'last');
		if (page > 1) linkTo(1, 'first');
		if (page > 1) linkTo(page - 1, 'prev');
		if (links.length > 0) headers.Link = links.join(',');
		return { status: 200, payload: items.slice((page - 1) * pageSize, page * pageSize), headers };
	}

	// ── issues ──────────────────────────────────────────────────────────────────────────────

	private listIssues(path: string, repo: StoredRepo, params: URLSearchParams) {
		const key = `${repo.owner}/${repo.name}`;
		let issues = this.state.issues.filter((issue) => issue.repo === key);
		issues = this.filterIssues(issues, params, (names) => {
			// Gitea matches names against the repository's labels only, and drops unknown ones.
			const ids = this.state.labels.filter((label) => label.repo === key && names.includes(label.name)).map((label) => label.id);
			return ids;
		});
		if (params.get('milestones')) {
			const wanted = params.get('milestones')?.split(',') ?? [];
			const ids = this.state.milestones.filter((milestone) => milestone.repo === key && (wanted.includes(milestone.title) || wanted.includes(String(milestone.id)))).map((milestone) => milestone.id);
			if (ids.length > 0) issues = issues.filter((issue) => issue.milestoneId !== undefined && ids.includes(issue.milestoneId));
		}
		for (const [param, field] of [['created_by', 'poster'], ['assigned_by', 'assignees']] as const) {
			const name = params.get(param);
			if (!name) continue;
			if (!this.findUser(name)) throw this.notFound();
			issues = issues.filter((issue) => (field === 'poster' ? issue.poster === name : issue.assignees.includes(name)));
		}
		return this.paged(path, params, issues.map((issue) => this.apiIssue(issue)));
	}

	private searchIssues(path: string, params: URLSearchParams, user: StoredUser) {
		let issues = this.state.issues;
		const owner = params.get('owner');
		if (owner) issues = issues.filter((issue) => issue.repo.split('/')[0] === owner);
		if (params.get('created') === 'true') issues = issues.filter((issue) => issue.poster === user.login);
		issues = this.filterIssues(issues, params, (names) => this.state.labels.filter((label) => names.includes(label.name)).map((label) => label.id));
		return this.paged(path, params, issues.map((issue) => this.apiIssue(issue)));
	}

	private filterIssues(issues: StoredIssue[], params: URLSearchParams, labelIdsOf: (names: string[]) => number[]): StoredIssue[] {
		const state = params.get('state') ?? 'open';
		let result = issues.filter((issue) => state === 'all' || issue.state === state);
		const labelNames = (params.get('labels') ?? '').split(',').filter((name) => name !== '');
		if (labelNames.length > 0) {
			const ids = labelIdsOf(labelNames);
			if (ids.length > 0) result = result.filter((issue) => issue.labelIds.some((id) => ids.includes(id)));
		}
		const q = (params.get('q') ?? '').trim().toLowerCase();
		if (q !== '') {
			// The indexer only knows what it has indexed, and it drops HTML comments.
			const now = Date.now();
			result = result.filter(
				(issue) =>
					issue.indexedAt <= now &&
					`${issue.title}\n${issue.body.replace(/<!--[\s\S]*?-->/g, '')}`.toLowerCase().includes(q),
			);
		}
		for (const [param, compare] of [['since', 1], ['before', -1]] as const) {
			const value = params.get(param);
			if (!value) continue;
			const time = Date.parse(value);
			if (Number.isNaN(time)) throw this.unprocessable(`parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
			result = result.filter((issue) => (compare === 1 ? Date.parse(issue.updatedAt) >= time : Date.parse(issue.updatedAt) <= time));
		}
		return result.sort((a, b) => b.id - a.id);
	}

	private createIssue(repo: StoredRepo, option: CreateIssueOption, user: StoredUser): Wire<Issue> {
		if (!option || typeof option.title !== 'string' || option.title === '') throw this.unprocessable('[Title]: Required');
		if (option.labels !== undefined && option.labels !== null) {
			if (!Array.isArray(option.labels) || option.labels.some((id) => !Number.isInteger(id))) {
				throw this.unprocessable(
					'[Labels]: json: cannot unmarshal string into Go struct field CreateIssueOption.labels of type int64',
				);
			}
		}
		const assignees = option.assignees ?? [];
		for (const name of assignees) {
			if (!this.findUser(name)) throw this.unprocessable(`Assignee does not exist: [name: ${name}]`);
		}
		const due = option.due_date ? this.parseTime(option.due_date) : undefined;
		const now = new Date().toISOString();
		const issue: StoredIssue = {
			id: this.nextId++,
			number: repo.nextIndex++,
			repo: `${repo.owner}/${repo.name}`,
			title: option.title,
			body: option.body ?? '',
			state: option.closed ? 'closed' : 'open',
			// Gitea keeps the IDs it finds in the repository or its organization.
			labelIds: this.labelIdsFor(repo, option.labels ?? []),
			assignees,
			milestoneId: option.milestone || undefined,
			dueDate: due,
			poster: user.login,
			createdAt: now,
			updatedAt: now,
			closedAt: option.closed ? now : undefined,
			indexedAt: Date.now() + this.indexDelayMs,
		};
		this.state.issues.push(issue);
		return this.apiIssue(issue);
	}

	private editIssue(issue: StoredIssue, option: EditIssueOption): Wire<Issue> {
		const edit = option ?? {};
		if (edit.title) issue.title = edit.title;
		if (typeof edit.body === 'string') issue.body = edit.body;
		if (edit.state !== undefined && edit.state !== null) {
			const closed = edit.state === 'closed';
			if (closed && issue.state !== 'closed') issue.closedAt = new Date().toISOString();
			if (!closed) issue.closedAt = undefined;
			issue.state = closed ? 'closed' : 'open';
		}
		if (edit.assignees) {
			for (const name of edit.assignees) {
				if (!this.findUser(name)) throw this.unprocessable(`user does not exist [uid: 0, name: ${name}]`);
			}
			issue.assignees = [...edit.assignees];
		}
		if (edit.milestone !== undefined && edit.milestone !== null) issue.milestoneId = edit.milestone || undefined;
		if (edit.unset_due_date) issue.dueDate = undefined;
		else if (edit.due_date) issue.dueDate = this.parseTime(edit.due_date);
		this.touch(issue);
		return this.apiIssue(issue);
	}

	private touch(issue: StoredIssue): void {
		issue.updatedAt = new Date().toISOString();
		issue.indexedAt = Date.now() + this.indexDelayMs;
	}

	private parseTime(value: string): string {
		const time = Date.parse(value);
		if (Number.isNaN(time)) throw this.unprocessable(`[]: parsing time "${value}" as "2006-01-02T15:04:05Z07:00": cannot parse`);
		return new Date(time).toISOString();
	}

	private labelIdsFor(repo: StoredRepo, ids: unknown[]): number[] {
		return this.state.labels
			.filter((label) => label.repo === `${repo.owner}/${repo.name}` || label.org === repo.owner)
			.filter((label) => ids.includes(label.id) || ids.includes(label.name))
			.map((label) => label.id);
	}

	private issueLabels(issue: StoredIssue): Wire<Label>[] {
		return issue.labelIds
			.map((id) => this.state.labels.find((label) => label.id === id))
			.filter((label): label is StoredLabel => label !== undefined)
			.map((label) => this.apiLabel(label));
	}

	// ── comments and labels ─────────────────────────────────────────────────────────────────

	private listComments(issue: StoredIssue, params: URLSearchParams): Wire<Comment>[] {
		const since = params.get('since');
		const before = params.get('before');
		return this.state.comments
			.filter((comment) => comment.repo === issue.repo && comment.issueNumber === issue.number)
			.filter((comment) => !since || Date.parse(comment.updatedAt) >= Date.parse(since))
			.filter((comment) => !before || Date.parse(comment.updatedAt) <= Date.parse(before))
			.map((comment) => this.apiComment(comment));
	}

	private createComment(issue: StoredIssue, option: CreateIssueCommentOption, user: StoredUser): Wire<Comment> {
		if (!option || typeof option.body !== 'string' || option.body === '') throw this.unprocessable('[Body]: Required');
		const now = new Date().toISOString();
		const comment: StoredComment = {
			id: this.nextId++,
			issueNumber: issue.number,
			repo: issue.repo,
			body: option.body,
			poster: user.login,
			createdAt: now,
			updatedAt: now,
		};
		this.state.comments.push(comment);
		issue.updatedAt = now;
		return this.apiComment(comment);
	}

	private createLabel(repo: StoredRepo, option: CreateLabelOption): Wire<Label> {
		if (!option?.name) throw this.unprocessable('[Name]: Required');
		if (!option.color) throw this.unprocessable('[Color]: Required');
		if (!/^#?[0-9a-fA-F]{6}$/.test(option.color)) throw this.unprocessable(`invalid color format: ${option.color}`);
		const label: StoredLabel = {
			id: this.nextId++,
			name: option.name,
			color: option.color.replace(/^#/, '').toLowerCase(),
			description: option.description ?? '',
			exclusive: option.exclusive === true,
			repo: `${repo.owner}/${repo.name}`,
		};
		this.state.labels.push(label);
		return this.apiLabel(label);
	}

	// ── lookups and API shapes ──────────────────────────────────────────────────────────────

	private findUser(login: string): StoredUser | undefined {
		return this.state.users.find((user) => user.login.toLowerCase() === login.toLowerCase());
	}

	private findRepo(owner: string, name: string): StoredRepo | undefined {
		return this.state.repos.find(
			(repo) => repo.owner.toLowerCase() === owner.toLowerCase() && repo.name.toLowerCase() === name.toLowerCase(),
		);
	}

	private requireRepo(owner: string, name: string): StoredRepo {
		const repo = this.findRepo(owner, name);
		if (!repo) throw new Error(`seed: no repository ${owner}/${name}`);
		return repo;
	}

	private reposOf(owner: string): Wire<Repository>[] {
		return this.state.repos.filter((repo) => repo.owner.toLowerCase() === owner.toLowerCase()).map((repo) => this.apiRepo(repo));
	}

	private apiUser(user: StoredUser): Wire<User> {
		return {
			id: user.id,
			login: user.login,
			login_name: '',
			source_id: 0,
			full_name: user.fullName,
			email: `${user.login}@noreply.example.com`,
			avatar_url: `${this.webBase}/avatars/${user.id}`,
			html_url: `${this.webBase}/${user.login}`,
			language: '',
			is_admin: false,
			last_login: '0001-01-01T00:00:00Z',
			created: '2024-01-01T00:00:00Z',
			restricted: false,
			active: true,
			prohibit_login: false,
			location: '',
			website: '',
			description: '',
			visibility: 'public',
			followers_count: 0,
			following_count: 0,
			starred_repos_count: 0,
		};
	}

	private apiOrg(org: StoredUser): Wire<Organization> {
		return {
			id: org.id,
			name: org.login,
			full_name: org.fullName,
			email: '',
			avatar_url: `${this.webBase}/avatars/${org.id}`,
			description: '',
			website: '',
			location: '',
			visibility: 'public',
			repo_admin_change_team_access: false,
		};
	}

	private apiRepo(repo: StoredRepo): Wire<Repository> {
		const owner = this.findUser(repo.owner) as StoredUser;
		return {
			id: repo.id,
			owner: this.apiUser(owner) as User,
			name: repo.name,
			full_name: `${repo.owner}/${repo.name}`,
			description: '',
			empty: false,
			private: false,
			fork: false,
			template: false,
			parent: null,
			mirror: false,
			size: 0,
			html_url: `${this.webBase}/${repo.owner}/${repo.name}`,
			url: `${this.apiBase}/repos/${repo.owner}/${repo.name}`,
			clone_url: `${this.webBase}/${repo.owner}/${repo.name}.git`,
			default_branch: 'main',
			archived: false,
			has_issues: true,
			open_issues_count: this.state.issues.filter((issue) => issue.repo === `${repo.owner}/${repo.name}` && issue.state === 'open').length,
			created_at: '2024-01-01T00:00:00Z',
			updated_at: '2024-01-01T00:00:00Z',
			permissions: { admin: false, push: true, pull: true },
		};
	}

	private apiLabel(label: StoredLabel): Wire<Label> {
		const url = label.repo
			? `${this.apiBase}/repos/${label.repo}/labels/${label.id}`
			: `${this.apiBase}/orgs/${label.org}/labels/${label.id}`;
		return { id: label.id, name: label.name, exclusive: label.exclusive, is_archived: false, color: label.color, description: label.description, url };
	}

	private apiMilestone(milestone: StoredMilestone): Wire<Milestone> {
		const issues = this.state.issues.filter((issue) => issue.milestoneId === milestone.id);
		return {
			id: milestone.id,
			title: milestone.title,
			description: '',
			state: milestone.state,
			open_issues: issues.filter((issue) => issue.state === 'open').length,
			closed_issues: issues.filter((issue) => issue.state === 'closed').length,
			created_at: '2024-01-01T00:00:00Z',
			updated_at: '2024-01-01T00:00:00Z',
			closed_at: null,
			due_on: null,
		};
	}

	private apiIssue(issue: StoredIssue): Wire<Issue> {
		const [owner, name] = issue.repo.split('/');
		const repo = this.findRepo(owner, name) as StoredRepo;
		const assignees = issue.assignees.map((login) => this.apiUser(this.findUser(login) as StoredUser) as User);
		const milestone = this.state.milestones.find((candidate) => candidate.id === issue.milestoneId);
		return {
			id: issue.id,
			url: `${this.apiBase}/repos/${issue.repo}/issues/${issue.number}`,
			html_url: `${this.webBase}/${issue.repo}/issues/${issue.number}`,
			number: issue.number,
			user: this.apiUser(this.findUser(issue.poster) as StoredUser) as User,
			original_author: '',
			original_author_id: 0,
			title: issue.title,
			body: issue.body,
			ref: '',
			assets: [],
			labels: this.issueLabels(issue) as Label[],
			milestone: milestone ? (this.apiMilestone(milestone) as Milestone) : null,
			assignee: assignees[0] ?? null,
			assignees: assignees.length > 0 ? assignees : null,
			state: issue.state,
			is_locked: false,
			comments: this.state.comments.filter((comment) => comment.repo === issue.repo && comment.issueNumber === issue.number).length,
			created_at: issue.createdAt,
			updated_at: issue.updatedAt,
			closed_at: issue.closedAt ?? null,
			due_date: issue.dueDate ?? null,
			pull_request: null,
			repository: { id: repo.id, name: repo.name, owner: repo.owner, full_name: issue.repo },
			pin_order: 0,
		};
	}

	private apiComment(comment: StoredComment): Wire<Comment> {
		return {
			id: comment.id,
			html_url: `${this.webBase}/${comment.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
			pull_request_url: '',
			issue_url: `${this.webBase}/${comment.repo}/issues/${comment.issueNumber}`,
			user: this.apiUser(this.findUser(comment.poster) as StoredUser) as User,
			original_author: '',
			original_author_id: 0,
			body: comment.body,
			assets: [],
			created_at: comment.createdAt,
			updated_at: comment.updatedAt,
		};
	}
}

/** Which token scope category Gitea checks for an API path. */
export function scopeCategoryOf(path: string): ScopeCategory {
	if (path === '/version') return 'misc';
	if (path === '/user/orgs' || path.startsWith('/orgs/')) return 'organization';
	if (path === '/user' || path.startsWith('/users/')) return 'user';
	if (path === '/repos/issues/search') return 'issue';
	if (path === '/repos/search') return 'repository';
	if (/^\/repos\/[^/]+\/[^/]+\/(issues|labels|milestones)(\/|$)/.test(path)) return 'issue';
	return 'repository';
}

/** A throw-away self-signed certificate for 127.0.0.1 (needs the `openssl` command). */
export function selfSignedCertificate(): { key: string; cert: string } {
	const dir = mkdtempSync(join(tmpdir(), 'gitea-standin-tls-'));
	try {
		execFileSync(
			'openssl',
			[
				'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
				'-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
				'-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
			],
			{ stdio: 'ignore' },
		);
		return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * An http:// address where nothing listens, for "connection refused" tests that cannot race with
 * other servers: the port is held on 127.0.0.1 (so nobody can take it on all interfaces) while
 * the address handed out is the same port on 127.0.0.2, where nothing listens.
 */
export async function refusingAddress(): Promise<{ url: string; release: () => Promise<void> }> {
	const holder = createTcpServer();
	await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
	const { port } = holder.address() as AddressInfo;
	return { url: `http://127.0.0.2:${port}`, release: () => new Promise((resolve) => holder.close(() => resolve())) };
}
