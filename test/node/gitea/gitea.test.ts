import { join } from 'node:path';

import type { ICredentialDataDecryptedObject, IDataObject, INodeType } from 'n8n-workflow';

import { GiteaApi } from '../../../credentials/GiteaApi.credentials';
import { Gitea } from '../../../nodes/Gitea/Gitea.node';
import { GiteaStandin, refusingAddress, selfSignedCertificate } from '../../support/gitea-standin';
import { callListSearch, loadWorkflowFixture, runWorkflow, type WorkflowJson } from '../../support/n8n-engine';

const gitea = new Gitea();
const nodeTypes = { 'n8n-nodes-mcp-devops.gitea': gitea };
const credentialTypes = [new GiteaApi()];
const fixture = (name: string) => loadWorkflowFixture(join(__dirname, 'workflows', `${name}.json`));

const TOKENS = {
	'bot-token': { user: 'ci-bot', scopes: ['all' as const] },
	'read-only-token': { user: 'viewer', scopes: ['read:issue' as const, 'read:repository' as const, 'read:user' as const] },
};

describe('Gitea node in n8n’s engine', () => {
	let standin: GiteaStandin;
	let credentials: { giteaApi: ICredentialDataDecryptedObject };

	beforeEach(async () => {
		standin = await GiteaStandin.start({ subPath: '/gitea', tokens: TOKENS });
		standin.addUser('alice');
		standin.addUser('acme', { isOrg: true, members: ['ci-bot'] });
		standin.addRepo('acme', 'widgets');
		standin.addLabel('acme', 'widgets', 'ci-failure');
		standin.addOrgLabel('acme', 'team/infra');
		standin.addMilestone('acme', 'widgets', 'v1.2');
		credentials = { giteaApi: { server: `${standin.url}/`, accessToken: 'bot-token' } };
	});
	afterEach(() => standin.stop());

	const run = (workflow: WorkflowJson, inputItems: IDataObject[] = [{}], creds: { giteaApi: ICredentialDataDecryptedObject } = credentials) =>
		runWorkflow({ workflow, nodeTypes, credentials: creds, credentialTypes, inputItems });

	const labelId = (name: string) => standin.state.labels.find((label) => label.name === name)?.id;
	const writes = () => standin.writes().map((request) => `${request.method} ${request.path}`);

	describe('Issue', () => {
		it('Create: labels by name become IDs, with assignee, milestone and due date', async () => {
			const result = await run(fixture('issue-create'), [{ title: 'Build failed in step-install', body: 'npm ERR! ERESOLVE' }]);
			expect(result.status).toBe('success');
			const [item] = result.outputOf('Gitea');
			expect(item.json).toMatchObject({
				number: 1,
				title: 'Build failed in step-install',
				html_url: `${standin.url}/acme/widgets/issues/1`,
				labels: [expect.objectContaining({ name: 'ci-failure' }), expect.objectContaining({ name: 'team/infra' })],
				assignees: [expect.objectContaining({ login: 'alice' })],
				milestone: expect.objectContaining({ title: 'v1.2' }),
			});
			expect(item.pairedItem).toEqual({ item: 0 });
			const create = standin.writes()[0];
			expect(create).toMatchObject({ method: 'POST', path: '/repos/acme/widgets/issues', status: 201, authorization: 'token bot-token' });
			expect(create.body).toMatchObject({ labels: [labelId('ci-failure'), labelId('team/infra')], assignees: ['alice'] });
			expect((create.body as IDataObject).due_date).toMatch(/^2025-06-30T/);
		});

		it('Create or Comment: creates, then comments on the same failure with the count and run link', async () => {
			const report = {
				fingerprint: 'sha256:3f2a9c',
				title: 'npm ERESOLVE in build/step-install',
				body: 'npm ERR! ERESOLVE unable to resolve dependency tree',
				runUrl: 'https://tekton.example.com/#/pipelineruns/build-42',
			};
			const first = await run(fixture('issue-create-or-comment'), [report]);
			expect(first.outputOf('Gitea')[0].json).toEqual({
				action: 'created',
				number: 1,
				url: `${standin.url}/acme/widgets/issues/1`,
				title: 'npm ERESOLVE in build/step-install',
				fingerprint: 'sha256:3f2a9c',
				occurrences: 1,
				duplicates: [],
			});
			expect(standin.issuesOf('acme', 'widgets')[0].body).toContain('<!-- fingerprint: sha256:3f2a9c -->');

			const second = await run(fixture('issue-create-or-comment'), [{ ...report, runUrl: 'https://tekton.example.com/#/pipelineruns/build-43' }]);
			const [comment] = standin.commentsOf('acme', 'widgets', 1);
			expect(second.outputOf('Gitea')[0].json).toMatchObject({
				action: 'commented',
				number: 1,
				occurrences: 2,
				commentId: comment.id,
				commentUrl: `${standin.url}/acme/widgets/issues/1#issuecomment-${comment.id}`,
			});
			expect(comment.body).toMatch(/^\*\*Seen 2 times\*\* - last seen \d{4}-\d\d-\d\dT[\d:.]+Z\./m);
			expect(comment.body).toContain('New run: <https://tekton.example.com/#/pipelineruns/build-43>');
			expect(standin.issuesOf('acme', 'widgets')).toHaveLength(1);
		});

		it('Create or Comment: two items with one fingerprint in one execution make one issue and one comment', async () => {
			const report = { fingerprint: 'fp-1', title: 'Same failure', body: 'log', runUrl: 'https://ci.example.com/run/1' };
			const result = await run(fixture('issue-create-or-comment'), [report, { ...report, runUrl: 'https://ci.example.com/run/2' }]);
			expect(result.outputOf('Gitea').map((item) => [item.json.action, item.json.number, item.pairedItem])).toEqual([
				['created', 1, { item: 0 }],
				['commented', 1, { item: 1 }],
			]);
		});

		it('Create or Comment: two executions with one fingerprint arriving together make one issue and one comment', async () => {
			standin.latencyMs = 40;
			const report = { fingerprint: 'fp-race', title: 'Same failure', body: 'log', runUrl: 'https://ci.example.com/run/1' };
			const results = await Promise.all([run(fixture('issue-create-or-comment'), [report]), run(fixture('issue-create-or-comment'), [report])]);
			expect(results.map((result) => result.outputOf('Gitea')[0].json.action).sort()).toEqual(['commented', 'created']);
			expect(standin.issuesOf('acme', 'widgets')).toHaveLength(1);
			expect(standin.commentsOf('acme', 'widgets', 1)).toHaveLength(1);
		});

		it('Get: by number from an expression', async () => {
			standin.addIssue('acme', 'widgets', { title: 'First' });
			const result = await run(fixture('issue-get'), [{ number: 1 }]);
			expect(result.outputOf('Gitea')[0].json).toMatchObject({ number: 1, title: 'First', state: 'open' });
		});

		it('Get Many: every page of 120 issues, filtered by label name', async () => {
			for (let n = 1; n <= 120; n++) standin.addIssue('acme', 'widgets', { title: `Issue ${n}`, labels: ['ci-failure'] });
			standin.addIssue('acme', 'widgets', { title: 'unlabelled' });
			const result = await run(fixture('issue-get-many'));
			const numbers = result.outputOf('Gitea').map((item) => item.json.number);
			expect(numbers).toHaveLength(120);
			expect(new Set(numbers).size).toBe(120);
			const listCalls = standin.requests.filter((request) => request.path === '/repos/acme/widgets/issues');
			expect(listCalls.map((request) => [request.query.page, request.query.labels, request.query.state])).toEqual([
				['1', 'ci-failure', 'all'],
				['2', 'ci-failure', 'all'],
				['3', 'ci-failure', 'all'],
			]);
		});

		it('Update: by URL, labels by name with a missing one created, and assignee, milestone, due date', async () => {
			standin.addIssue('acme', 'widgets', { title: 'Old', labels: ['ci-failure'] });
			const result = await run(fixture('issue-update'), [{ url: `${standin.url}/acme/widgets/issues/1` }]);
			expect(result.status).toBe('success');
			expect(result.outputOf('Gitea')[0].json).toMatchObject({
				title: 'Flaky: npm registry timeouts',
				labels: [expect.objectContaining({ name: 'flaky', color: 'fbca04' }), expect.objectContaining({ name: 'regression' })],
				assignees: [expect.objectContaining({ login: 'alice' })],
				milestone: expect.objectContaining({ title: 'v1.2' }),
			});
			expect(writes()).toEqual([
				'POST /repos/acme/widgets/labels',
				'POST /repos/acme/widgets/labels',
				'PATCH /repos/acme/widgets/issues/1',
				'PUT /repos/acme/widgets/issues/1/labels',
			]);
		});

		it('Close and Reopen', async () => {
			standin.addIssue('acme', 'widgets', { title: 'Flaky' });
			expect((await run(fixture('issue-close'))).outputOf('Gitea')[0].json.state).toBe('closed');
			expect(standin.issuesOf('acme', 'widgets')[0].state).toBe('closed');
			expect((await run(fixture('issue-reopen'))).outputOf('Gitea')[0].json.state).toBe('open');
			expect(standin.writes().map((request) => request.body)).toEqual([{ state: 'closed' }, { state: 'open' }]);
		});

		it('Search: across repositories of an owner', async () => {
			standin.addRepo('acme', 'gadgets');
			standin.addIssue('acme', 'widgets', { title: 'timeout in build' });
			standin.addIssue('acme', 'gadgets', { title: 'registry timeout' });
			standin.addIssue('acme', 'gadgets', { title: 'unrelated' });
			const result = await run(fixture('issue-search'));
			expect(result.outputOf('Gitea').map((item) => item.json.title)).toEqual(['registry timeout', 'timeout in build']);
			expect(standin.requests.at(-1)).toMatchObject({ path: '/repos/issues/search', query: expect.objectContaining({ q: 'timeout', owner: 'acme', limit: '10' }) });
		});
	});

	describe('Comment', () => {
		beforeEach(() => {
			standin.addIssue('acme', 'widgets', { title: 'Flaky' });
		});

		it('Create, Get Many, Update and Delete', async () => {
			const created = await run(fixture('comment-create'), [{ text: 'Seen on main too' }, { text: 'And on release-1.2' }]);
			expect(created.outputOf('Gitea').map((item) => item.json.body)).toEqual(['Seen on main too', 'And on release-1.2']);
			expect(standin.writes().map((request) => request.status)).toEqual([201, 201]);

			const listed = await run(fixture('comment-get-many'));
			expect(listed.outputOf('Gitea').map((item) => item.json.body)).toEqual(['Seen on main too', 'And on release-1.2']);

			const commentId = created.outputOf('Gitea')[0].json.id;
			const updated = await run(fixture('comment-update'), [{ commentId }]);
			expect(updated.outputOf('Gitea')[0].json).toMatchObject({ id: commentId, body: 'Edited: still failing' });

			const deleted = await run(fixture('comment-delete'), [{ commentId }]);
			expect(deleted.outputOf('Gitea')[0].json).toEqual({ deleted: true, commentId });
			expect(standin.commentsOf('acme', 'widgets', 1).map((comment) => comment.body)).toEqual(['And on release-1.2']);
		});

		it('Update: refuses a comment ID that is not a number, naming the field', async () => {
			const result = await run(fixture('comment-update'), [{ commentId: 'latest' }]);
			expect(result.errorOf('Gitea')).toMatchObject({
				message: 'Comment ID must be a positive whole number (the comment ID, e.g. 1234), not "latest"',
			});
		});
	});

	describe('Label', () => {
		it('Get Many: repository and organization labels', async () => {
			const result = await run(fixture('label-get-many'));
			expect(result.outputOf('Gitea').map((item) => item.json.name)).toEqual(['ci-failure', 'team/infra']);
		});

		it('Create: with colour and description; Gitea answers 201', async () => {
			const result = await run(fixture('label-create'));
			expect(result.outputOf('Gitea')[0].json).toMatchObject({ name: 'needs-triage', color: '0e8a16', description: 'Filed by n8n' });
			expect(standin.writes()[0]).toMatchObject({ status: 201, body: { name: 'needs-triage', color: '#0e8a16', description: 'Filed by n8n' } });
		});
	});

	describe('errors a user can act on', () => {
		it('401: token wrong or expired', async () => {
			const result = await run(fixture('error-unauthorized'), [{}], { giteaApi: { ...credentials.giteaApi, accessToken: 'expired-token' } });
			expect(result.status).toBe('error');
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeApiError',
				httpCode: '401',
				message: expect.stringMatching(/^Authorization failed - please check your credentials: Gitea did not accept the access token/),
				description: expect.stringContaining('Gitea said: token is required'),
			});
		});

		it('403: names the write:issue scope', async () => {
			standin.addIssue('acme', 'widgets', { title: 'Flaky' });
			const result = await run(fixture('error-forbidden'), [{}], { giteaApi: { ...credentials.giteaApi, accessToken: 'read-only-token' } });
			expect(result.errorOf('Gitea')).toMatchObject({
				httpCode: '403',
				message: expect.stringMatching(/^Forbidden - the access token lacks the "write:issue" scope/),
			});
		});

		it('404: names the repository', async () => {
			const result = await run(fixture('error-repository-not-found'));
			expect(result.errorOf('Gitea')).toMatchObject({
				httpCode: '404',
				message: "Repository acme/gadgets was not found - check Owner and Repository (the token's user must be able to see it)",
			});
		});

		it('404: names the issue', async () => {
			const result = await run(fixture('error-issue-not-found'));
			expect(result.errorOf('Gitea')).toMatchObject({
				httpCode: '404',
				message: 'Issue #404 was not found in acme/widgets - check the Issue number',
			});
		});

		it("422: passes on Gitea's validation message", async () => {
			const result = await run(fixture('error-validation'));
			expect(result.errorOf('Gitea')).toMatchObject({
				httpCode: '422',
				message: 'Gitea rejected the request: Assignee does not exist: [name: nobody]',
			});
		});

		it('network: names the address that did not answer', async () => {
			const { url, release } = await refusingAddress();
			const result = await run(fixture('error-network'), [{}], { giteaApi: { server: url, accessToken: 'bot-token' } });
			await release();
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeApiError',
				message: `Nothing is listening at ${url} (connection refused) - check the Server URL and port in the Gitea credential, and that Gitea is running`,
			});
		});

		it('continue on fail: every item is processed and failures become items', async () => {
			standin.addIssue('acme', 'widgets', { title: 'First' });
			standin.addIssue('acme', 'widgets', { title: 'Second' });
			const result = await run(fixture('error-continue-on-fail'), [{ number: 1 }, { number: 99 }, { number: 'abc' }, { number: 2 }]);
			expect(result.status).toBe('success');
			expect(result.outputOf('Gitea').map((item) => [item.json.title ?? item.json.error, item.pairedItem])).toEqual([
				['First', { item: 0 }],
				['Issue #99 was not found in acme/widgets - check the Issue number', { item: 1 }],
				['Issue must be a positive whole number (the issue number, e.g. 42), not "abc"', { item: 2 }],
				['Second', { item: 3 }],
			]);
			expect(result.outputOf('Gitea')[1].json).toMatchObject({ details: { code: 'NOT_FOUND', field: 'Issue', httpCode: 404 } });
		});
	});

	describe('bad input', () => {
		it('empty title', async () => {
			const result = await run(fixture('bad-input-empty-title'), [{ title: '   ' }]);
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeOperationError',
				message: 'Title is empty - Gitea needs a title for every issue',
				description: 'Check the "Title" field.',
			});
			expect(standin.writes()).toEqual([]);
		});

		it('unknown label with "create missing" off', async () => {
			const result = await run(fixture('bad-input-unknown-label'));
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeOperationError',
				message:
					'Labels: "does-not-exist" does not exist in acme/widgets (available: ci-failure, team/infra) - fix the name, or turn on "Create Missing Labels"',
			});
			expect(standin.writes()).toEqual([]);
		});

		it('issue number that is not a number', async () => {
			const result = await run(fixture('bad-input-issue-number'), [{ number: 'twelve' }]);
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeOperationError',
				message: 'Issue must be a positive whole number (the issue number, e.g. 42), not "twelve"',
			});
			expect(standin.requests).toEqual([]);
		});

		it('server URL without a scheme', async () => {
			const result = await run(fixture('bad-input-server-url'), [{}], { giteaApi: { server: 'git.example.com/gitea', accessToken: 'bot-token' } });
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeOperationError',
				message: 'Server URL "git.example.com/gitea" has no http:// or https:// scheme - write it in full, e.g. https://git.example.com/gitea',
				description: 'Check the "Server URL" field.',
			});
		});

		it('body over the size limit', async () => {
			const result = await run(fixture('bad-input-body-too-large'));
			expect(result.errorOf('Gitea')).toMatchObject({
				name: 'NodeOperationError',
				message: expect.stringMatching(/^Body is \d+ bytes once encoded, over the \d+-byte limit \(Gitea usually sits behind a proxy that refuses requests over 1 MiB\)/),
			});
			expect(standin.writes()).toEqual([]);
		});
	});

	describe('editor methods', () => {
		const parameters = {
			resource: 'issue',
			operation: 'get',
			owner: { __rl: true, mode: 'list', value: 'acme' },
			repository: { __rl: true, mode: 'list', value: 'widgets' },
		};

		it('lists the token user and their organizations as owners', async () => {
			const result = await callListSearch(gitea, 'searchOwners', { credentials, credentialTypes, parameters });
			expect(result.results.map((owner) => owner.value)).toEqual(['ci-bot', 'acme']);
			expect((await callListSearch(gitea, 'searchOwners', { credentials, credentialTypes, parameters, filter: 'ac' })).results).toEqual([
				{ name: 'acme', value: 'acme', url: `${standin.url}/acme` },
			]);
		});

		it("lists the owner's repositories, page by page", async () => {
			for (let n = 1; n <= 60; n++) standin.addRepo('acme', `service-${n}`);
			const first = await callListSearch(gitea, 'searchRepositories', { credentials, credentialTypes, parameters });
			expect(first.results).toHaveLength(50);
			expect(first.paginationToken).toBe('2');
			const second = await callListSearch(gitea, 'searchRepositories', { credentials, credentialTypes, parameters, paginationToken: '2' });
			expect(second.results).toHaveLength(11);
			expect(second.paginationToken).toBeUndefined();
			const filtered = await callListSearch(gitea, 'searchRepositories', { credentials, credentialTypes, parameters, filter: 'widg' });
			expect(filtered.results).toEqual([{ name: 'widgets', value: 'widgets', url: `${standin.url}/acme/widgets` }]);
		});

		it('reads the owner from a URL under the sub-path', async () => {
			const byUrl = { ...parameters, owner: { __rl: true, mode: 'url', value: `${standin.url}/acme` } };
			const result = await callListSearch(gitea, 'searchRepositories', { credentials, credentialTypes, parameters: byUrl });
			expect(result.results.map((repo) => repo.value)).toEqual(['widgets']);
		});

		it('lists issues of the repository, with their state', async () => {
			standin.addIssue('acme', 'widgets', { title: 'Flaky build' });
			standin.addIssue('acme', 'widgets', { title: 'Old failure', state: 'closed' });
			const result = await callListSearch(gitea, 'searchIssues', { credentials, credentialTypes, parameters });
			expect(result.results).toEqual([
				{ name: '#2 Old failure (closed)', value: '2', url: `${standin.url}/acme/widgets/issues/2` },
				{ name: '#1 Flaky build', value: '1', url: `${standin.url}/acme/widgets/issues/1` },
			]);
		});

		it('asks for the owner before listing repositories', async () => {
			const noOwner = { ...parameters, owner: { __rl: true, mode: 'list', value: '' } };
			await expect(callListSearch(gitea, 'searchRepositories', { credentials, credentialTypes, parameters: noOwner })).rejects.toThrow(
				'Choose the Owner first, then its repositories are listed here',
			);
		});
	});
});

/** What n8n's credential tester does for a declarative `test.request`: run it through a RoutingNode. */
function credentialTestNode(): INodeType {
	return {
		description: {
			displayName: 'Credential Test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: 'Runs the Gitea credential test request',
			defaults: { name: 'Credential Test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'giteaApi', required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: new GiteaApi().test.request } }],
		},
	};
}

const credentialTestWorkflow: WorkflowJson = {
	nodes: [
		{ id: '1', name: 'Start', type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: '2',
			name: 'Credential Test',
			type: 'test.credentialTest',
			typeVersion: 1,
			position: [220, 0],
			parameters: {},
			credentials: { giteaApi: { id: '1', name: 'Gitea account' } },
		},
	],
	connections: { Start: { main: [[{ node: 'Credential Test', type: 'main', index: 0 }]] } },
};

describe('Gitea API credential', () => {
	const testCredential = (giteaApi: ICredentialDataDecryptedObject) =>
		runWorkflow({
			workflow: credentialTestWorkflow,
			nodeTypes: { 'test.credentialTest': credentialTestNode() },
			credentials: { giteaApi },
			credentialTypes: [new GiteaApi()],
		});

	it('tests GET /api/v1/user with `Authorization: token …`, below a sub-path given with /api/v1/', async () => {
		const standin = await GiteaStandin.start({ subPath: '/gitea', tokens: TOKENS });
		const result = await testCredential({ server: `${standin.url}/api/v1/`, accessToken: 'bot-token' });
		expect(result.status).toBe('success');
		expect(result.outputOf('Credential Test')[0].json).toMatchObject({ login: 'ci-bot' });
		expect(standin.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/user', authorization: 'token bot-token', status: 200 })]);
		await standin.stop();
	});

	it('fails the test for a wrong token', async () => {
		const standin = await GiteaStandin.start({ tokens: TOKENS });
		const result = await testCredential({ server: standin.url, accessToken: 'wrong' });
		expect(result.status).toBe('error');
		expect(result.errorOf('Credential Test')?.httpCode).toBe('401');
		await standin.stop();
	});

	it('accepts a self-signed certificate only when "Ignore SSL Issues" is on, in the test and in the node', async () => {
		const standin = await GiteaStandin.start({ tls: selfSignedCertificate(), tokens: TOKENS });
		standin.addRepo('acme', 'widgets');
		standin.addIssue('acme', 'widgets', { title: 'Over TLS' });
		expect((await testCredential({ server: standin.url, accessToken: 'bot-token' })).status).toBe('error');
		expect((await testCredential({ server: standin.url, accessToken: 'bot-token', allowUnauthorizedCerts: true })).status).toBe('success');

		const node = (allowUnauthorizedCerts: boolean) =>
			runWorkflow({
				workflow: fixture('issue-get'),
				nodeTypes,
				credentials: { giteaApi: { server: standin.url, accessToken: 'bot-token', allowUnauthorizedCerts } },
				credentialTypes,
				inputItems: [{ number: 1 }],
			});
		expect((await node(false)).errorOf('Gitea')?.message).toMatch(/^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ was not accepted/);
		expect((await node(true)).outputOf('Gitea')[0].json.title).toBe('Over TLS');
		await standin.stop();
	});
});
