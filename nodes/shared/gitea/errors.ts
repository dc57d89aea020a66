/**
 * One error class for everything that can go wrong talking to Gitea, with a readable code so the
 * node layer can map it to NodeApiError / NodeOperationError without parsing messages.
 */

export type GiteaErrorCode =
	/** A parameter the user gave is unusable (empty title, unknown label, non-numeric issue number…). */
	| 'INVALID_INPUT'
	/** The server URL of the credential is unusable. */
	| 'INVALID_URL'
	/** 401: the token is wrong, expired or revoked. */
	| 'AUTH'
	/** 403: the token lacks a scope or the user lacks a permission. */
	| 'FORBIDDEN'
	/** 404: the owner, repository, issue or comment does not exist (or the token cannot see it). */
	| 'NOT_FOUND'
	/** 422: Gitea refused the values of the request. */
	| 'VALIDATION'
	/** 413, or refused before sending: the request body is over the size limit. */
	| 'BODY_TOO_LARGE'
	/** Any other 4xx (archived repository, open dependencies, rate limit…). */
	| 'REJECTED'
	/** 5xx. */
	| 'SERVER'
	/** The server answered, but not like a Gitea API (HTML page, wrong path). */
	| 'UNEXPECTED_RESPONSE'
	/** No answer: DNS, refused connection, reset. */
	| 'NETWORK'
	/** The TLS certificate was not accepted. */
	| 'TLS'
	/** No answer within the time limit. */
	| 'TIMEOUT';

/** What a request was about, so a 404 or 403 can say which owner, repository or issue. */
export type GiteaTarget =
	| { kind: 'server' }
	| { kind: 'user' }
	| { kind: 'owner'; owner: string }
	| { kind: 'repository'; owner: string; repo: string }
	| { kind: 'issue'; owner: string; repo: string; number: number }
	| { kind: 'comment'; owner: string; repo: string; id: number }
	| { kind: 'search' };

export interface GiteaErrorDetails {
	/** The node parameter the problem is about, by its display name ("Title", "Labels"). */
	field?: string;
	/** HTTP status, when Gitea (or a proxy in front of it) answered. */
	status?: number;
	/** Gitea's own `message`, verbatim. */
	giteaMessage?: string;
	/** Method and URL of the request (never the token). */
	request?: string;
	/** A low-level cause worth showing (system error code, TLS reason). */
	cause?: string;
	target?: GiteaTarget;
}

export class GiteaError extends Error {
	readonly code: GiteaErrorCode;
	readonly field?: string;
	readonly status?: number;
	readonly giteaMessage?: string;
	readonly request?: string;
	readonly causeDetail?: string;
	readonly target?: GiteaTarget;

	constructor(code: GiteaErrorCode, message: string, details: GiteaErrorDetails = {}) {
		super(message);
		this.name = 'GiteaError';
		this.code = code;
		this.field = details.field;
		this.status = details.status;
		this.giteaMessage = details.giteaMessage;
		this.request = details.request;
		this.causeDetail = details.cause;
		this.target = details.target;
	}

	/** Extra lines for a UI "details" pane: Gitea's words, the request, the low-level cause. */
	describe(): string | undefined {
		const lines: string[] = [];
		if (this.giteaMessage) lines.push(`Gitea said: ${this.giteaMessage}`);
		if (this.status !== undefined) lines.push(`HTTP status: ${this.status}`);
		if (this.request) lines.push(`Request: ${this.request}`);
		if (this.causeDetail) lines.push(`Cause: ${this.causeDetail}`);
		return lines.length > 0 ? lines.join('\n') : undefined;
	}
}

export function invalidInput(field: string, message: string): GiteaError {
	return new GiteaError('INVALID_INPUT', message, { field });
}

export function describeTarget(target: GiteaTarget | undefined): string {
	switch (target?.kind) {
		case 'owner':
			return `owner "${target.owner}"`;
		case 'repository':
			return `repository ${target.owner}/${target.repo}`;
		case 'issue':
			return `issue #${target.number} in ${target.owner}/${target.repo}`;
		case 'comment':
			return `comment ${target.id} in ${target.owner}/${target.repo}`;
		case 'user':
			return 'the authenticated user';
		case 'search':
			return 'the issue search';
		default:
			return 'the Gitea server';
	}
}
