import {
	createComment,
	createIssue,
	createLabel,
	deleteComment,
	getIssue,
	GiteaClient,
	listComments,
	listIssues,
	listLabels,
	searchIssues,
	setIssueState,
	updateComment,
	updateIssue,
} from '../../../nodes/shared/gitea';
import { GiteaStandin } from '../../support/gitea-standin';
import { failure } from './giteaError';

const REPO = { owner: 'acme', repo: 'widgets' };

describe('issue, comment and label operations', () => {
	let standin: GiteaStandin;
	let client: GiteaClient;

	beforeEach(async () => {
		standin = await GiteaStandin.start();
		standin.addUser('alice');
		standin.addUser('acme', { isOrg: true, members: ['ci-bot'] });
		standin.addRepo('acme', 'widgets');
		standin.addLabel('acme', 'widgets', 'ci-failure');
		standin.addLabel('acme', 'widgets', 'flaky');
		standin.addOrgLabel('acme', 'team/infra');
		standin.addMilestone('acme', 'widgets', 'v1.2');
		client = new GiteaClient({ serverUrl: standin.url, accessToken: 'test-token' });
	});
	afterEach(() => standin.stop());

	const labelId = (name: string) => standin.state.labels.find((label) => label.name === name)?.id;

	describe('createIssue', () => {
		it('sends label and milestone IDs, assignees and the due date; Gitea answers 201', async () => {
			const issue = await createIssue(client, {
				...REPO,
				title: '  Build failed in step-install ',
				body: 'npm ERR! ERESOLVE',
				labels: ['ci-failure', 'team/infra'],
				assignees: ['alice'],
				milestone: 'v1.2',
				dueDate: '2025-06-30',
			});
			const create = standin.writes().find((request) => request.path === '/repos/acme/widgets/issues');
			expect(create?.status).toBe(201);
			expect(create?.body).toEqual({
				title: 'Build failed in step-install',
				body: 'npm ERR! ERESOLVE',
				labels: [labelId('ci-failure'), labelId('team/infra')],
				assignees: ['alice'],
				milestone: standin.state.milestones[0].id,
				due_date: '2025-06-30T00:00:00.000Z',
			});
			expect(issue.number).toBe(1);
			expect(issue.labels?.map((label) => label.name)).toEqual(['ci-failure', 'team/infra']);
			expect(issue.milestone?.title).toBe('v1.2');
		});

		it('refuses an empty title before sending anything', async () => {
			const error = await failure(createIssue(client, { ...REPO, title: '  ' }));
			expect([error.field, error.message]).toEqual(['Title', 'Title is empty - Gitea needs a title for every issue']);
			expect(standin.requests).toEqual([]);
		});

		it('refuses an unknown label when creating is off, without creating the issue', async () => {
			const error = await failure(createIssue(client, { ...REPO, title: 'x', labels: ['ci-failure', 'nope'] }));
			expect(error.field).toBe('Labels');
			expect(error.message).toMatch(/^Labels: "nope" does not exist in acme\/widgets/);
			expect(standin.writes()).toEqual([]);
		});

		it('creates an unknown label when asked, then the issue', async () => {
			const issue = await createIssue(client, { ...REPO, title: 'x', labels: ['nope'], createMissingLabels: true, labelColor: '#123456' });
			expect(issue.labels?.map((label) => [label.name, label.color])).toEqual([['nope', '123456']]);
		});

		it('refuses a body over the size limit, naming the field, before sending anything', async () => {
			const error = await failure(createIssue(client, { ...REPO, title: 'x', body: 'log line\n'.repeat(120_000) }));
			expect(error.field).toBe('Body');
			expect(error.message).toMatch(/^Body is \d+ bytes once encoded, over the \d+-byte limit/);
			expect(standin.requests).toEqual([]);
		});

		it('names an unknown milestone and lists those that exist', async () => {
			const error = await failure(createIssue(client, { ...REPO, title: 'x', milestone: 'v9' }));
			expect(error.message).toBe('Milestone "v9" does not exist in acme/widgets (available: v1.2)');
		});

		it("passes on Gitea's message for an unknown assignee", async () => {
			const error = await failure(createIssue(client, { ...REPO, title: 'x', assignees: ['nobody'] }));
			expect(error.code).toBe('VALIDATION');
			expect(error.message).toBe('Gitea rejected the request: Assignee does not exist: [name: nobody]');
		});
	});

	describe('updateIssue, close and reopen', () => {
		beforeEach(() => {
			standin.addIssue('acme', 'widgets', { title: 'Old', body: 'old', labels: ['flaky'] });
		});

		it('edits fields with PATCH and replaces labels with PUT, by ID', async () => {
			const issue = await updateIssue(client, {
				...REPO,
				number: 1,
				title: 'New',
				body: 'new',
				state: 'closed',
				labels: ['ci-failure'],
				assignees: ['alice'],
				milestone: 'v1.2',
				dueDate: '2025-07-01T12:00:00Z',
			});
			expect(standin.writes().map((request) => [request.method, request.path, request.body])).toEqual([
				[
					'PATCH',
					'/repos/acme/widgets/issues/1',
					{
						title: 'New',
						body: 'new',
						state: 'closed',
						assignees: ['alice'],
						milestone: standin.state.milestones[0].id,
						due_date: '2025-07-01T12:00:00.000Z',
					},
				],
				['PUT', '/repos/acme/widgets/issues/1/labels', { labels: [labelId('ci-failure')] }],
			]);
			expect([issue.title, issue.state, issue.labels?.map((label) => label.name)]).toEqual(['New', 'closed', ['ci-failure']]);
		});

		it('removes all labels and the due date when asked', async () => {
			const issue = await updateIssue(client, { ...REPO, number: 1, labels: [], removeDueDate: true });
			expect(issue.labels).toEqual([]);
			expect(standin.writes().map((request) => request.body)).toEqual([{ unset_due_date: true }, { labels: [] }]);
		});

		it('refuses an update with no fields', async () => {
			const error = await failure(updateIssue(client, { ...REPO, number: 1 }));
			expect([error.field, error.message]).toEqual(['Update Fields', 'Update Fields is empty - add at least one field to change']);
		});

		it('closes and reopens', async () => {
			expect((await setIssueState(client, { ...REPO, number: 1 }, 'closed')).state).toBe('closed');
			expect((await setIssueState(client, { ...REPO, number: 1 }, 'open')).state).toBe('open');
			expect(standin.writes().map((request) => request.body)).toEqual([{ state: 'closed' }, { state: 'open' }]);
		});

		it('gets one issue', async () => {
			expect((await getIssue(client, { ...REPO, number: 1 })).title).toBe('Old');
		});

		it('refuses a bad owner or repository name before sending anything', async () => {
			expect((await failure(getIssue(client, { owner: 'acme', repo: 'wid/gets', number: 1 }))).field).toBe('Repository');
			expect(standin.requests).toEqual([]);
		});
	});

	describe('listIssues', () => {
		beforeEach(() => {
			standin.addIssue('acme', 'widgets', { title: 'one', labels: ['ci-failure'] });
			standin.addIssue('acme', 'widgets', { title: 'two', labels: ['flaky'] });
			standin.addIssue('acme', 'widgets', { title: 'three', state: 'closed', labels: ['ci-failure'] });
			standin.addIssue('acme', 'widgets', { title: 'four by alice', poster: 'alice' });
		});

		it('filters by state and label names on the server', async () => {
			const issues = await listIssues(client, { ...REPO, state: 'all', labels: ['ci-failure'] });
			expect(issues.map((issue) => issue.title)).toEqual(['three', 'one']);
			expect(standin.requests.at(-1)?.query).toMatchObject({ state: 'all', labels: 'ci-failure', type: 'issues' });
		});

		it('refuses a label that does not exist instead of letting Gitea drop the filter', async () => {
			const error = await failure(listIssues(client, { ...REPO, labels: ['ci-failur'] }));
			expect(error.field).toBe('Labels');
			expect(standin.requests.some((request) => request.path === '/repos/acme/widgets/issues')).toBe(false);
		});

		it('filters by an organization label itself, since the list endpoint only matches repository labels', async () => {
			const issue = standin.state.issues.find((candidate) => candidate.title === 'two');
			issue?.labelIds.push(labelId('team/infra') as number);
			const issues = await listIssues(client, { ...REPO, labels: ['team/infra'] });
			expect(issues.map((found) => found.title)).toEqual(['two']);
			expect(standin.requests.at(-1)?.query.labels).toBeUndefined();
		});

		it('filters by creator, search text and dates, and honours the limit', async () => {
			expect((await listIssues(client, { ...REPO, createdBy: 'alice' })).map((issue) => issue.title)).toEqual(['four by alice']);
			expect((await listIssues(client, { ...REPO, search: 'TWO' })).map((issue) => issue.title)).toEqual(['two']);
			expect(await listIssues(client, { ...REPO, since: '2999-01-01' })).toEqual([]);
			expect(await listIssues(client, { ...REPO, before: '2000-01-01' })).toEqual([]);
			expect(await listIssues(client, { ...REPO, limit: 2 })).toHaveLength(2);
		});

		it('names a bad date', async () => {
			expect((await failure(listIssues(client, { ...REPO, since: 'last week' }))).field).toBe('Updated Since');
		});
	});

	it('searches issues across repositories', async () => {
		standin.addRepo('acme', 'gadgets');
		standin.addIssue('acme', 'widgets', { title: 'timeout in build' });
		standin.addIssue('acme', 'gadgets', { title: 'another timeout' });
		standin.addIssue('acme', 'gadgets', { title: 'unrelated' });
		const issues = await searchIssues(client, { search: 'timeout', owner: 'acme' });
		expect(issues.map((issue) => issue.repository?.full_name).sort()).toEqual(['acme/gadgets', 'acme/widgets']);
		expect(standin.requests.at(-1)).toMatchObject({ path: '/repos/issues/search', query: expect.objectContaining({ q: 'timeout', owner: 'acme' }) });
	});

	describe('comments', () => {
		beforeEach(() => {
			standin.addIssue('acme', 'widgets', { title: 'Old' });
		});

		it('creates, lists, updates and deletes', async () => {
			const first = await createComment(client, { ...REPO, number: 1 }, 'first');
			await createComment(client, { ...REPO, number: 1 }, 'second');
			expect(standin.writes()[0].status).toBe(201);
			expect((await listComments(client, { ...REPO, number: 1 })).map((comment) => comment.body)).toEqual(['first', 'second']);
			expect(await listComments(client, { ...REPO, number: 1, limit: 1 })).toHaveLength(1);
			expect((await updateComment(client, { ...REPO, id: first.id as number }, 'edited')).body).toBe('edited');
			await deleteComment(client, { ...REPO, id: first.id as number });
			expect(standin.commentsOf('acme', 'widgets', 1).map((comment) => comment.body)).toEqual(['second']);
		});

		it('refuses an empty comment, naming the field', async () => {
			const error = await failure(createComment(client, { ...REPO, number: 1 }, '  \n'));
			expect([error.field, error.message]).toEqual(['Comment', 'Comment is empty - Gitea does not accept empty comments']);
		});

		it('names the issue when commenting on one that does not exist', async () => {
			expect((await failure(createComment(client, { ...REPO, number: 7 }, 'hi'))).message).toBe(
				'Issue #7 was not found in acme/widgets - check the Issue number',
			);
		});
	});

	describe('labels', () => {
		it('lists repository and organization labels', async () => {
			expect((await listLabels(client, REPO)).map((label) => label.name)).toEqual(['ci-failure', 'flaky', 'team/infra']);
			expect(await listLabels(client, REPO, 1)).toHaveLength(1);
		});

		it('creates a label with a normalised colour', async () => {
			const label = await createLabel(client, { ...REPO, name: 'regression', color: 'FBCA04', description: 'came back' });
			expect(label).toMatchObject({ name: 'regression', color: 'fbca04', description: 'came back' });
			expect(standin.writes()[0]).toMatchObject({ status: 201, body: { name: 'regression', color: '#fbca04', description: 'came back' } });
		});

		it('refuses a name that exists, since Gitea would make a second label', async () => {
			const error = await failure(createLabel(client, { ...REPO, name: 'flaky', color: '#000000' }));
			expect(error.message).toBe(`Label "flaky" already exists in acme/widgets (ID ${labelId('flaky')}) - use it, or choose another name`);
			expect(standin.writes()).toEqual([]);
		});
	});
});
