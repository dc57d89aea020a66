/**
 * Checks on what the user typed, before anything is sent. Every error names the node field, so
 * the message can be acted on without reading Gitea's logs.
 */
import { invalidInput } from './errors';

/** Gitea user, organization and repository names: letters, digits, `-`, `_`, `.`. */
const NAME = /^[A-Za-z0-9_.-]+$/;

export function checkName(field: string, value: unknown): string {
	const name = String(value ?? '').trim();
	if (name === '') throw invalidInput(field, `${field} is empty - choose one from the list or enter its name`);
	if (!NAME.test(name) || name === '.' || name === '..') {
		throw invalidInput(field, `${field} "${name}" is not a valid Gitea name - use letters, digits, "-", "_" and "."`);
	}
	return name;
}

/** Issue numbers are positive whole numbers; `#12` is accepted as `12`. */
export function parseIssueNumber(value: unknown, field = 'Issue'): number {
	return parsePositiveInteger(field, value, 'issue number, e.g. 42');
}

export function parsePositiveInteger(field: string, value: unknown, example: string): number {
	const text = String(value ?? '').trim().replace(/^#/, '');
	if (text === '') throw invalidInput(field, `${field} is empty - enter the ${example}`);
	if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
		throw invalidInput(field, `${field} must be a positive whole number (the ${example}), not "${String(value)}"`);
	}
	return Number(text);
}

export function checkTitle(value: unknown, field = 'Title'): string {
	const title = String(value ?? '').trim();
	if (title === '') throw invalidInput(field, `${field} is empty - Gitea needs a title for every issue`);
	if (title.length > 255) {
		throw invalidInput(field, `${field} is ${title.length} characters long; Gitea stores at most 255 - shorten it`);
	}
	return title;
}

/**
 * The size budget for one text field, once JSON-encoded: under the 1 MiB request limit
 * (MAX_REQUEST_BYTES) with room left for the other fields (title, labels, markers).
 */
export const MAX_TEXT_BYTES = 1_000_000;

export function encodedSize(text: string): number {
	return Buffer.byteLength(JSON.stringify(text));
}

export function checkTextSize(field: string, text: string): string {
	const size = encodedSize(text);
	if (size > MAX_TEXT_BYTES) {
		throw invalidInput(
			field,
			`${field} is ${size} bytes once encoded, over the ${MAX_TEXT_BYTES}-byte limit (Gitea usually sits behind a proxy that refuses requests over 1 MiB) - shorten it, e.g. keep only the last lines of a log and link to the full one`,
		);
	}
	return text;
}

/** `"a, b"` or `["a", "b"]` → `["a", "b"]`, without blanks or repeats. */
export function parseNameList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((part) => String(part)) : String(value ?? '').split(',');
	const names: string[] = [];
	for (const part of parts) {
		const name = part.trim();
		if (name !== '' && !names.includes(name)) names.push(name);
	}
	return names;
}

/** `#e11d21` or `e11d21` → `#e11d21`. */
export function checkColor(value: unknown, field = 'Color'): string {
	const text = String(value ?? '').trim();
	const match = /^#?([0-9a-fA-F]{6})$/.exec(text);
	if (!match) throw invalidInput(field, `${field} "${text}" is not a hex colour - use six hex digits, e.g. #e11d21`);
	return `#${match[1].toLowerCase()}`;
}

/** An ISO 8601 date or date-time → RFC 3339 as Gitea's query parameters and due dates take it. */
export function parseDate(field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	const time = Date.parse(text);
	if (text === '' || Number.isNaN(time)) {
		throw invalidInput(field, `${field} "${text}" is not a date - use ISO 8601, e.g. 2025-03-31 or 2025-03-31T12:00:00Z`);
	}
	return new Date(time).toISOString();
}

export function checkHttpUrl(field: string, value: unknown): string {
	const text = String(value ?? '').trim();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
		throw invalidInput(field, `${field} "${text}" is not an http(s) URL - e.g. https://tekton.example.com/#/pipelineruns/build-42`);
	}
	return url.toString();
}
