import { createOrComment, fingerprintsIn, GiteaClient, occurrencesIn } from '../../../nodes/shared/gitea';
import { GiteaStandin } from '../../support/gitea-standin';
import { failure } from './giteaError';

const FIRST_SEEN = new Date('2025-05-01T10:00:00.000Z');
const SEEN_AGAIN = new Date('2025-05-01T11:30:00.000Z');

describe('createOrComment', () => {
	let standin: GiteaStandin;
	let client: GiteaClient;

	beforeEach(async () => {
		standin = await GiteaStandin.start({ tokens: { 'bot-token': { user: 'ci-bot', scopes: ['all'] }, 'alice-token': { user: 'alice', scopes: ['all'] } } });
		standin.addRepo('acme', 'widgets');
		standin.addLabel('acme', 'widgets', 'ci-failure');
		client = new GiteaClient({ serverUrl: standin.url, accessToken: 'bot-token' });
	});
	afterEach(() => standin.stop());

	const failureReport = (overrides: Partial<Parameters<typeof createOrComment>[1]> = {}) => ({
		owner: 'acme',
		repo: 'widgets',
		fingerprint: 'sha256:3f2a9c',
		title: 'npm ERESOLVE in build/step-install',
		body: '## What failed\n\nnpm ERR! ERESOLVE unable to resolve dependency tree',
		labels: ['ci-failure'],
		...overrides,
	});

	it('creates an issue with the markers, then comments on it with the count, time and run link', async () => {
		const created = await createOrComment(client, failureReport({ now: () => FIRST_SEEN }));
		expect(created).toEqual({
			action: 'created',
			number: 1,
			url: `${standin.url}/acme/widgets/issues/1`,
			title: 'npm ERESOLVE in build/step-install',
			fingerprint: 'sha256:3f2a9c',
			occurrences: 1,
			duplicates: [],
		});
		const [issue] = standin.issuesOf('acme', 'widgets');
		expect(issue.body).toBe(
			'<!-- fingerprint: sha256:3f2a9c -->\n<!-- occurrences: 1 -->\n<!-- last-seen: 2025-05-01T10:00:00.000Z -->\n\n## What failed\n\nnpm ERR! ERESOLVE unable to resolve dependency tree\n',
		);
		expect(issue.labelIds).toEqual([standin.labelsOf('acme', 'widgets')[0].id]);

		const commented = await createOrComment(
			client,
			failureReport({ now: () => SEEN_AGAIN, runUrl: 'https://tekton.example.com/#/pipelineruns/build-43', commentText: 'Same step.' }),
		);
		const [comment] = standin.commentsOf('acme', 'widgets', 1);
		expect(commented).toEqual({
			action: 'commented',
			number: 1,
			url: `${standin.url}/acme/widgets/issues/1`,
			title: 'npm ERESOLVE in build/step-install',
			fingerprint: 'sha256:3f2a9c',
			occurrences: 2,
			commentId: comment.id,
			commentUrl: `${standin.url}/acme/widgets/issues/1#issuecomment-${comment.id}`,
			duplicates: [],
		});
		expect(comment.body).toBe(
			'<!-- fingerprint-occurrence: sha256:3f2a9c -->\n<!-- occurrences: 2 -->\n\n**Seen 2 times** - last seen 2025-05-01T11:30:00.000Z.\n\nNew run: <https://tekton.example.com/#/pipelineruns/build-43>\n\nSame step.\n',
		);
		expect(occurrencesIn(standin.issuesOf('acme', 'widgets')[0].body)).toBe(2);
		expect(standin.issuesOf('acme', 'widgets')[0].body).toContain('<!-- last-seen: 2025-05-01T11:30:00.000Z -->');

		await createOrComment(client, failureReport());
		expect(standin.commentsOf('acme', 'widgets', 1).at(-1)?.body).toContain('\n**Seen 3 times**');
		expect(standin.issuesOf('acme', 'widgets')).toHaveLength(1);
	});

	it('looks issues up by listing, not by keyword search, so a fresh issue is found before the indexer sees it', async () => {
		const lagging = await GiteaStandin.start({ indexDelayMs: 60_000 });
		lagging.addRepo('acme', 'widgets');
		const laggingClient = new GiteaClient({ serverUrl: lagging.url, accessToken: 'test-token' });
		await createOrComment(laggingClient, failureReport({ labels: [] }));
		const second = await createOrComment(laggingClient, failureReport({ labels: [] }));
		expect(second.action).toBe('commented');
		expect(lagging.requests.filter((request) => request.query.q !== undefined)).toEqual([]);
		expect(lagging.issuesOf('acme', 'widgets')).toHaveLength(1);
		await lagging.stop();
	});

	it('makes one issue and one comment when two identical failures arrive together', async () => {
		standin.latencyMs = 40;
		const results = await Promise.all([createOrComment(client, failureReport()), createOrComment(client, failureReport())]);
		expect(results.map((result) => result.action).sort()).toEqual(['commented', 'created']);
		expect(standin.issuesOf('acme', 'widgets')).toHaveLength(1);
		expect(standin.commentsOf('acme', 'widgets', 1)).toHaveLength(1);
	});

	it('runs different fingerprints side by side', async () => {
		standin.latencyMs = 40;
		const results = await Promise.all([
			createOrComment(client, failureReport({ fingerprint: 'a' })),
			createOrComment(client, failureReport({ fingerprint: 'b' })),
		]);
		expect(results.map((result) => result.action)).toEqual(['created', 'created']);
		expect(standin.issuesOf('acme', 'widgets')).toHaveLength(2);
	});

	it('creates a new issue when the one with the fingerprint is closed', async () => {
		standin.addIssue('acme', 'widgets', { title: 'old', body: '<!-- fingerprint: sha256:3f2a9c -->', state: 'closed' });
		const result = await createOrComment(client, failureReport());
		expect([result.action, result.number]).toEqual(['created', 2]);
	});

	it('matches the exact fingerprint only', async () => {
		standin.addIssue('acme', 'widgets', { title: 'other', body: '<!-- fingerprint: sha256:3f2a9c0 -->' });
		expect((await createOrComment(client, failureReport())).action).toBe('created');
	});

	it("ignores other users' issues unless asked to match any author", async () => {
		standin.addIssue('acme', 'widgets', { title: 'filed by hand', body: 'copied\n<!-- fingerprint: sha256:3f2a9c -->', poster: 'alice' });
		expect((await createOrComment(client, failureReport())).action).toBe('created');
		const anyAuthor = await createOrComment(client, failureReport({ fingerprint: 'sha256:3f2a9c', matchAnyAuthor: true }));
		expect([anyAuthor.action, anyAuthor.number, anyAuthor.duplicates]).toEqual(['commented', 1, [2]]);
		expect(standin.requests.filter((request) => request.path === '/repos/acme/widgets/issues' && request.method === 'GET').map((request) => request.query.created_by)).toEqual([
			'ci-bot',
			undefined,
		]);
	});

	it('comments on the oldest open issue and reports the others as duplicates, scanning every page', async () => {
		for (let n = 1; n <= 60; n++) standin.addIssue('acme', 'widgets', { title: `noise ${n}`, poster: 'ci-bot' });
		standin.addIssue('acme', 'widgets', { title: 'dup A', body: '<!-- fingerprint: sha256:3f2a9c -->', poster: 'ci-bot' });
		for (let n = 1; n <= 60; n++) standin.addIssue('acme', 'widgets', { title: `noise b${n}`, poster: 'ci-bot' });
		standin.addIssue('acme', 'widgets', { title: 'dup B', body: '<!-- fingerprint: sha256:3f2a9c -->', poster: 'ci-bot' });
		const result = await createOrComment(client, failureReport());
		expect([result.action, result.number, result.duplicates]).toEqual(['commented', 61, [122]]);
	});

	it('counts from earlier comments when a person removed the count from the body', async () => {
		standin.addIssue('acme', 'widgets', { title: 'edited', body: 'edited by hand\n<!-- fingerprint: sha256:3f2a9c -->', poster: 'ci-bot' });
		standin.state.comments.push({
			id: 999,
			issueNumber: 1,
			repo: 'acme/widgets',
			body: '**Seen 4 times**\n<!-- fingerprint-occurrence: sha256:3f2a9c -->\n<!-- occurrences: 4 -->',
			poster: 'ci-bot',
			createdAt: FIRST_SEEN.toISOString(),
			updatedAt: FIRST_SEEN.toISOString(),
		});
		const result = await createOrComment(client, failureReport());
		expect(result.occurrences).toBe(5);
		expect(occurrencesIn(standin.issuesOf('acme', 'widgets')[0].body)).toBe(5);
	});

	describe('upgrade from a previous fingerprint', () => {
		const legacyIssue = (title = 'filed by 0.1') =>
			standin.addIssue('acme', 'widgets', { title, body: '## What failed\n\n<!-- fingerprint: legacy-1 -->\n<!-- occurrences: 2 -->\n<!-- last-seen: 2025-04-30T10:00:00.000Z -->\n', poster: 'ci-bot' });

		it('comments on the issue carrying the previous fingerprint and moves it to the current one', async () => {
			legacyIssue();
			const first = await createOrComment(client, failureReport({ fingerprint: 'new-1', previousFingerprints: ['legacy-1'], now: () => SEEN_AGAIN }));
			expect([first.action, first.number, first.occurrences, first.replacedFingerprint]).toEqual(['commented', 1, 3, 'legacy-1']);
			expect(fingerprintsIn(standin.issuesOf('acme', 'widgets')[0].body)).toEqual(['new-1']);
			const second = await createOrComment(client, failureReport({ fingerprint: 'new-1', previousFingerprints: ['legacy-1'] }));
			expect([second.action, second.number, second.occurrences, second.replacedFingerprint]).toEqual(['commented', 1, 4, undefined]);
		});

		it('prefers an issue carrying the current fingerprint over an older one carrying a previous fingerprint', async () => {
			legacyIssue();
			standin.addIssue('acme', 'widgets', { title: 'filed by 0.2', body: '<!-- fingerprint: new-1 -->\n<!-- occurrences: 1 -->', poster: 'ci-bot' });
			const result = await createOrComment(client, failureReport({ fingerprint: 'new-1', previousFingerprints: ['legacy-1'] }));
			expect([result.action, result.number, result.duplicates]).toEqual(['commented', 2, []]);
			expect(fingerprintsIn(standin.issuesOf('acme', 'widgets')[0].body)).toEqual(['legacy-1']);
		});

		it('lets a second failure that shared the old fingerprint open its own issue once the first moved it', async () => {
			legacyIssue();
			await createOrComment(client, failureReport({ fingerprint: 'new-1', previousFingerprints: ['legacy-1'] }));
			const other = await createOrComment(client, failureReport({ fingerprint: 'new-2', previousFingerprints: ['legacy-1'] }));
			expect([other.action, other.number]).toEqual(['created', 2]);
		});

		it('matches only the current fingerprint when no previous one is given, and refuses a previous one that cannot be a marker', async () => {
			legacyIssue();
			expect((await createOrComment(client, failureReport({ fingerprint: 'new-1' }))).action).toBe('created');
			const error = await failure(createOrComment(client, failureReport({ fingerprint: 'new-1', previousFingerprints: ['a --> b'] })));
			expect([error.field, error.message]).toEqual(['Previous Fingerprints', expect.stringMatching(/^Previous Fingerprints must not contain/)]);
		});
	});

	describe('markers planted in the text it files', () => {
		const planted = '<!-- finger<!-- occurrences: 1 -->print: deadbeefdeadbeef -->';

		it('files a log line with a nested marker without carrying the foreign fingerprint', async () => {
			await createOrComment(client, failureReport({ body: `## Evidence\n\n\`\`\`text\n${planted}\n\`\`\`\n\n${planted}` }));
			expect(fingerprintsIn(standin.issuesOf('acme', 'widgets')[0].body)).toEqual(['sha256:3f2a9c']);
			const other = await createOrComment(client, failureReport({ fingerprint: 'deadbeefdeadbeef' }));
			expect([other.action, other.number]).toEqual(['created', 2]);
		});

		it('does not take a count planted in an earlier comment', async () => {
			standin.addIssue('acme', 'widgets', { title: 'edited', body: 'edited by hand\n<!-- fingerprint: sha256:3f2a9c -->', poster: 'ci-bot' });
			await createOrComment(client, failureReport({ commentText: `\`\`\`text\n<!-- occurrences: 9999 -->\n\`\`\`\n<!-- occu<!-- x -->rrences: 9999 -->` }));
			standin.state.issues[0].body = 'edited by hand\n<!-- fingerprint: sha256:3f2a9c -->';
			const result = await createOrComment(client, failureReport());
			expect(result.occurrences).toBe(3);
		});
	});

	describe('bad input, refused before anything is written', () => {
		it.each([
			['an empty fingerprint', { fingerprint: '' }, 'Fingerprint', /^Fingerprint is empty/],
			['an empty title', { title: '' }, 'Title', /^Title is empty/],
			['a run URL without a scheme', { runUrl: 'tekton/run/42' }, 'Run URL', /^Run URL "tekton\/run\/42" is not an http\(s\) URL/],
			['an unknown label with "create missing" off', { labels: ['no-such-label'] }, 'Labels', /^Labels: "no-such-label" does not exist in acme\/widgets/],
			['a body over the size limit', { body: 'x'.repeat(1_100_000) }, 'Body', /^Body is \d+ bytes once encoded/],
			['a repository name with spaces', { repo: 'not a repo' }, 'Repository', /^Repository "not a repo" is not a valid Gitea name/],
		])('%s', async (_case, overrides, field, message) => {
			const error = await failure(createOrComment(client, failureReport(overrides)));
			expect(error.field).toBe(field);
			expect(error.message).toMatch(message);
			expect(standin.writes()).toEqual([]);
		});
	});
});
