/**
 * Gitea pages lists with `page` and `limit` and says where it stops with `X-Total-Count` and a
 * `Link` header (rel="next"/"last"). The server caps `limit` at MAX_RESPONSE_ITEMS (50 by
 * default), so the page size we ask for is not always the one we get: follow the headers.
 */

/** The largest page Gitea serves with its default MAX_RESPONSE_ITEMS. */
export const GITEA_PAGE_SIZE = 50;
/** A guard against servers that ignore `page` and return the same page forever. */
const MAX_PAGES = 10_000;

export interface Page<T> {
	items: T[];
	headers: Headers;
}

/** `<https://…?page=2&limit=50>; rel="next",<…>; rel="last"` → { next: 'https://…', last: '…' } */
export function parseLinkHeader(header: string | null): Record<string, string> {
	const links: Record<string, string> = {};
	if (!header) return links;
	for (const part of header.split(',')) {
		const match = /<([^>]*)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
		if (match) links[match[2]] = match[1];
	}
	return links;
}

function pageNumberOf(link: string | undefined): number | undefined {
	if (!link) return undefined;
	try {
		const page = Number(new URL(link, 'http://placeholder').searchParams.get('page'));
		return Number.isInteger(page) && page > 0 ? page : undefined;
	} catch {
		return undefined;
	}
}

export function totalCountOf(headers: Headers): number | undefined {
	const raw = headers.get('x-total-count');
	if (raw === null || raw.trim() === '') return undefined;
	const total = Number(raw);
	return Number.isInteger(total) && total >= 0 ? total : undefined;
}

/** The page to ask for after `page`, or undefined when the list is complete. */
export function nextPageAfter(page: number, received: Page<unknown>, collected: number, requestedSize: number): number | undefined {
	if (received.items.length === 0) return undefined;
	const links = parseLinkHeader(received.headers.get('link'));
	if (Object.keys(links).length > 0) {
		const next = pageNumberOf(links.next);
		return next !== undefined && next > page ? next : undefined;
	}
	const total = totalCountOf(received.headers);
	if (total !== undefined) return collected < total ? page + 1 : undefined;
	return received.items.length >= requestedSize ? page + 1 : undefined;
}

export interface CollectOptions<T> {
	/** Stop after this many items; undefined means all. */
	limit?: number;
	pageSize?: number;
	/** Keep only items that pass; `limit` counts kept items. */
	keep?: (item: T) => boolean;
}

/** Reads pages until the headers say there are no more, or `limit` items are in hand. */
export async function collectPages<T>(
	fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
	options: CollectOptions<T> = {},
): Promise<T[]> {
	const limit = options.limit;
	const pageSize = Math.min(options.pageSize ?? GITEA_PAGE_SIZE, limit ?? Number.POSITIVE_INFINITY, GITEA_PAGE_SIZE);
	const collected: T[] = [];
	if (limit !== undefined && limit <= 0) return collected;
	let seen = 0;
	let page: number | undefined = 1;
	for (let round = 0; page !== undefined && round < MAX_PAGES; round++) {
		const received: Page<T> = await fetchPage(page, pageSize);
		seen += received.items.length;
		collected.push(...(options.keep ? received.items.filter(options.keep) : received.items));
		if (limit !== undefined && collected.length >= limit) return collected.slice(0, limit);
		page = nextPageAfter(page, received, seen, pageSize);
	}
	return collected;
}
