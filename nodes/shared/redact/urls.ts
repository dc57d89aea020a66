/**
 * Credentials in URLs: `scheme://user:password@host` where the password may hold `/` or `@` and the
 * user may be empty (`redis://:pw@host`), and a token used as the user (`https://<token>@github.com`).
 * For error text every URL also loses its whole userinfo and every query value
 * (`?token=…&page=…` → `?token=[REDACTED:url-query]&page=[REDACTED:url-query]`).
 */
import type { Edits } from './edits';
import { PATTERNS, PLACEHOLDER_VALUE } from './rules';

const TRAILING_PUNCTUATION = new Set(['.', ',', ':', ';', ')', ']', '}', '!', '?']);
const URL_END = new Set([' ', '\t', '\n', '\r', '"', "'", '`', '<', '>']);
/** A user part this long with a digit in it is a token, not a login name. */
const TOKEN_USER_LENGTH = 20;

export type UrlMode = 'secrets' | 'all';

const isSchemeChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45;

export function findUrlCredentials(text: string, edits: Edits, mode: UrlMode): void {
	const schemes = new RegExp(PATTERNS.urlScheme.source, PATTERNS.urlScheme.flags);
	let match: RegExpExecArray | null;
	while ((match = schemes.exec(text))) {
		// A real scheme stands before `://` (`https`, `mongodb+srv`); `://` alone is not a URL.
		let scheme = match.index;
		while (scheme > 0 && match.index - scheme < 32 && isSchemeChar(text.charCodeAt(scheme - 1))) scheme--;
		if (scheme === match.index) continue;
		const start = match.index + match[0].length;
		let end = start;
		while (end < text.length && !URL_END.has(text[end])) end++;
		schemes.lastIndex = end;
		// `…/mcp?token=x: connection refused`: trailing punctuation belongs to the sentence.
		while (end > start && TRAILING_PUNCTUATION.has(text[end - 1])) end--;
		const authorityEnd = redactUserinfo(text, start, end, edits, mode);
		if (mode === 'all') redactQueryValues(text, authorityEnd, end, edits);
	}
}

/** Returns where the host starts (after the userinfo, if any). */
function redactUserinfo(text: string, start: number, end: number, edits: Edits, mode: UrlMode): number {
	let userEnd = start;
	while (userEnd < end && !':@/?#'.includes(text[userEnd])) userEnd++;
	if (userEnd >= end) return start;
	if (text[userEnd] === '@') {
		const user = text.slice(start, userEnd);
		const tokenLike = user.length >= TOKEN_USER_LENGTH && [...user].some((c) => c >= '0' && c <= '9');
		if (user && (mode === 'all' || tokenLike)) edits.add(start, userEnd, 'url-credentials');
		return userEnd + 1;
	}
	if (text[userEnd] !== ':') return start;
	// `host:8080/path` is a port, not a password.
	let digits = userEnd + 1;
	while (digits < end && text[digits] >= '0' && text[digits] <= '9') digits++;
	if (digits > userEnd + 1 && (digits === end || '/?#'.includes(text[digits]))) return start;
	// The password runs to the last `@` that does not start a path segment (`/@scope/pkg` is npm's).
	const authority = text.slice(userEnd, end);
	let found = authority.lastIndexOf('@');
	while (found > 0 && authority[found - 1] === '/') found = authority.lastIndexOf('@', found - 1);
	if (found <= 0) return start;
	const at = userEnd + found;
	const password = text.slice(userEnd + 1, at);
	if (!password || PLACEHOLDER_VALUE.test(password)) return at + 1;
	if (mode === 'all' && userEnd > start) edits.add(start, at, 'url-credentials');
	else edits.add(userEnd + 1, at, 'url-credentials');
	return at + 1;
}

function redactQueryValues(text: string, from: number, end: number, edits: Edits): void {
	const question = text.indexOf('?', from);
	if (question === -1 || question >= end) return;
	let fragment = text.indexOf('#', question);
	if (fragment === -1 || fragment > end) fragment = end;
	let at = question + 1;
	while (at < fragment) {
		let pairEnd = text.indexOf('&', at);
		if (pairEnd === -1 || pairEnd > fragment) pairEnd = fragment;
		const equals = text.indexOf('=', at);
		if (equals !== -1 && equals < pairEnd) edits.add(equals + 1, pairEnd, 'url-query');
		at = pairEnd + 1;
	}
}
