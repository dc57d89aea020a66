/**
 * Owner, repository and issue as the node's resource locators give them: picked from a list,
 * typed by name or number, or pasted as a URL. URLs are read against the server URL of the
 * credential, so a Gitea under a sub-path (https://example.com/gitea/…) works.
 */
import { invalidInput } from './errors';
import type { RepositoryRef } from './issues';
import { checkName, parseIssueNumber } from './validation';

/** A resource locator value: `{ mode, value }`, or a plain string from an expression. */
export interface LocatorValue {
	mode: string;
	value: string;
}

export function toLocator(value: unknown): LocatorValue {
	if (value && typeof value === 'object' && 'mode' in value) {
		const rlc = value as { mode: unknown; value?: unknown };
		return { mode: String(rlc.mode), value: String(rlc.value ?? '').trim() };
	}
	return { mode: 'name', value: String(value ?? '').trim() };
}

/** The path segments of `url` below the Gitea root, e.g. ['platform', 'pipelines', 'issues', '42']. */
export function segmentsBelowServer(field: string, url: string, serverUrl: string): string[] {
	if (!URL.canParse(url)) throw invalidInput(field, `${field} "${url}" is not a URL - paste the address from your browser`);
	const parsed = new URL(url);
	const server = new URL(serverUrl);
	const root = server.pathname.replace(/\/+$/, '').toLowerCase();
	const path = parsed.pathname.replace(/\/+$/, '');
	const underRoot = root === '' || path.toLowerCase() === root || path.toLowerCase().startsWith(`${root}/`);
	if (parsed.origin !== server.origin || !underRoot) {
		throw invalidInput(
			field,
			`${field} URL "${url}" is not on the Gitea server of the credential (${serverUrl}) - use a URL from that server, or choose from the list`,
		);
	}
	return path.slice(root.length).split('/').filter(Boolean).map(decodeURIComponent);
}

export function readOwner(value: unknown, serverUrl: string): string {
	const { mode, value: text } = toLocator(value);
	if (mode === 'url') return checkName('Owner', segmentsBelowServer('Owner', text, serverUrl)[0] ?? '');
	return checkName('Owner', text);
}

export function readRepository(ownerValue: unknown, repositoryValue: unknown, serverUrl: string): RepositoryRef {
	const owner = readOwner(ownerValue, serverUrl);
	const { mode, value: text } = toLocator(repositoryValue);
	if (mode !== 'url') return { owner, repo: checkName('Repository', text) };
	const [urlOwner, urlRepo] = segmentsBelowServer('Repository', text, serverUrl);
	const repo = checkName('Repository', (urlRepo ?? '').replace(/\.git$/, ''));
	if (urlOwner?.toLowerCase() !== owner.toLowerCase()) {
		throw invalidInput('Repository', `Repository URL points to ${urlOwner}/${repo}, but Owner is "${owner}" - make them agree`);
	}
	return { owner, repo };
}

export function readIssueNumber(value: unknown, repository: RepositoryRef, serverUrl: string): number {
	const { mode, value: text } = toLocator(value);
	if (mode !== 'url') return parseIssueNumber(text, 'Issue');
	const [owner, repo, kind, number] = segmentsBelowServer('Issue', text, serverUrl);
	if ((kind !== 'issues' && kind !== 'pulls') || number === undefined) {
		throw invalidInput('Issue', `Issue URL "${text}" is not the address of an issue - e.g. ${serverUrl}/owner/repo/issues/42`);
	}
	if (owner?.toLowerCase() !== repository.owner.toLowerCase() || repo?.toLowerCase() !== repository.repo.toLowerCase()) {
		throw invalidInput(
			'Issue',
			`Issue URL points to ${owner}/${repo}, but Owner and Repository are ${repository.owner}/${repository.repo} - make them agree`,
		);
	}
	return parseIssueNumber(number, 'Issue');
}
