import { collectPages, GiteaClient, parseLinkHeader } from '../../../nodes/shared/gitea';
import { nextPageAfter } from '../../../nodes/shared/gitea/pagination';
import { GiteaStandin } from '../../support/gitea-standin';

describe('parseLinkHeader', () => {
	it('reads Gitea Link headers', () => {
		const header =
			'<https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=3>; rel="next",<https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=3>; rel="last",<https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=1>; rel="first",<https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=1>; rel="prev"';
		expect(parseLinkHeader(header)).toEqual({
			next: 'https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=3',
			last: 'https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=3',
			first: 'https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=1',
			prev: 'https://git.example.com/api/v1/repos/a/b/issues?limit=50&page=1',
		});
		expect(parseLinkHeader(null)).toEqual({});
	});
});

describe('nextPageAfter', () => {
	const page = (count: number, headers: Record<string, string>) => ({ items: new Array(count).fill(0), headers: new Headers(headers) });

	it('follows rel="next" when there is a Link header', () => {
		expect(nextPageAfter(1, page(50, { link: '<http://h/x?page=2>; rel="next"' }), 50, 50)).toBe(2);
		expect(nextPageAfter(3, page(20, { link: '<http://h/x?page=1>; rel="first"' }), 120, 50)).toBeUndefined();
	});

	it('uses X-Total-Count when there is no Link header', () => {
		expect(nextPageAfter(1, page(30, { 'x-total-count': '45' }), 30, 50)).toBe(2);
		expect(nextPageAfter(2, page(15, { 'x-total-count': '45' }), 45, 50)).toBeUndefined();
	});

	it('falls back to full pages, and stops on an empty page', () => {
		expect(nextPageAfter(1, page(50, {}), 50, 50)).toBe(2);
		expect(nextPageAfter(2, page(49, {}), 99, 50)).toBeUndefined();
		expect(nextPageAfter(2, page(0, { 'x-total-count': '500' }), 50, 50)).toBeUndefined();
	});
});

describe('collectPages over real HTTP', () => {
	let standin: GiteaStandin;
	let client: GiteaClient;

	beforeAll(async () => {
		standin = await GiteaStandin.start();
		standin.addRepo('acme', 'widgets');
		for (let n = 1; n <= 120; n++) standin.addIssue('acme', 'widgets', { title: `Issue ${n}` });
		client = new GiteaClient({ serverUrl: standin.url, accessToken: 'test-token' });
	});
	afterAll(() => standin.stop());
	beforeEach(() => {
		standin.requests.length = 0;
	});

	const listPage = (page: number, limit: number) => client.listIssues('acme', 'widgets', { state: 'open' }, page, limit);

	it('reads all 120 issues in three pages of 50, newest first', async () => {
		const issues = await collectPages(listPage);
		expect(issues).toHaveLength(120);
		expect(new Set(issues.map((issue) => issue.number)).size).toBe(120);
		expect(issues[0].number).toBe(120);
		expect(standin.requests.map((request) => [request.query.page, request.query.limit])).toEqual([
			['1', '50'],
			['2', '50'],
			['3', '50'],
		]);
	});

	it('stops as soon as the limit is reached', async () => {
		const issues = await collectPages(listPage, { limit: 60 });
		expect(issues.map((issue) => issue.number)).toEqual(Array.from({ length: 60 }, (_, i) => 120 - i));
		expect(standin.requests).toHaveLength(2);
	});

	it('asks for small pages when the limit is small', async () => {
		expect(await collectPages(listPage, { limit: 5 })).toHaveLength(5);
		expect(standin.requests.map((request) => request.query.limit)).toEqual(['5']);
	});

	it('follows the headers when the server serves smaller pages than asked', async () => {
		const small = await GiteaStandin.start({ maxResponseItems: 30 });
		small.addRepo('acme', 'widgets');
		for (let n = 1; n <= 70; n++) small.addIssue('acme', 'widgets', { title: `Issue ${n}` });
		const smallClient = new GiteaClient({ serverUrl: small.url, accessToken: 'test-token' });
		const issues = await collectPages((page, limit) => smallClient.listIssues('acme', 'widgets', {}, page, limit));
		expect(issues).toHaveLength(70);
		expect(small.requests.map((request) => request.query.page)).toEqual(['1', '2', '3']);
		await small.stop();
	});

	it('counts kept items against the limit', async () => {
		const even = await collectPages(listPage, { limit: 30, keep: (issue) => (issue.number ?? 0) % 2 === 0 });
		expect(even).toHaveLength(30);
		expect(even.every((issue) => (issue.number ?? 1) % 2 === 0)).toBe(true);
		expect(standin.requests).toHaveLength(2);
	});
});
