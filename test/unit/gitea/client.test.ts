import { GiteaClient } from '../../../nodes/shared/gitea';
import { GiteaStandin, refusingAddress, selfSignedCertificate } from '../../support/gitea-standin';
import { failure } from './giteaError';

describe('GiteaClient against the stand-in', () => {
	let standin: GiteaStandin;

	beforeAll(async () => {
		standin = await GiteaStandin.start({
			subPath: '/gitea',
			tokens: {
				'rw-token': { user: 'ci-bot', scopes: ['write:issue', 'read:repository', 'read:user', 'read:organization'] },
				'read-only-token': { user: 'viewer', scopes: ['read:issue', 'read:repository', 'read:user'] },
			},
		});
		standin.addRepo('acme', 'widgets');
		standin.addIssue('acme', 'widgets', { title: 'Existing' });
	});
	afterAll(() => standin.stop());
	beforeEach(() => {
		standin.requests.length = 0;
	});

	const client = (token = 'rw-token', serverUrl = standin.url) => new GiteaClient({ serverUrl, accessToken: token });

	it('sends the token as `Authorization: token …` below the sub-path', async () => {
		const user = await client('rw-token', `${standin.url}/api/v1/`).getCurrentUser();
		expect(user.login).toBe('ci-bot');
		expect(standin.requests).toEqual([expect.objectContaining({ method: 'GET', path: '/user', authorization: 'token rw-token', status: 200 })]);
	});

	it('caches the current user', async () => {
		const gitea = client();
		await gitea.getCurrentUser();
		await gitea.getCurrentUser();
		expect(standin.requests).toHaveLength(1);
	});

	it('refuses an empty token before sending anything', () => {
		expect(() => client('  ')).toThrow('Access Token is empty');
		expect(standin.requests).toHaveLength(0);
	});

	it('401: says the token is wrong or expired', async () => {
		const error = await failure(client('expired-token').getCurrentUser());
		expect(error.code).toBe('AUTH');
		expect(error.status).toBe(401);
		expect(error.giteaMessage).toBe('token is required');
		expect(error.message).toMatch(/^Authorization failed - please check your credentials: Gitea did not accept the access token \(wrong, expired or revoked\)/);
	});

	it('403: names the scope the token lacks', async () => {
		const error = await failure(client('read-only-token').createComment('acme', 'widgets', 1, 'hello'));
		expect(error.code).toBe('FORBIDDEN');
		expect(error.giteaMessage).toBe('token does not have at least one of required scope(s): [write:issue]');
		expect(error.message).toMatch(/^Forbidden - the access token lacks the "write:issue" scope/);
		expect(standin.commentsOf('acme', 'widgets', 1)).toHaveLength(0);
	});

	it('403 without a scope message: says what the write needs', async () => {
		standin.failNext({ method: 'PATCH', path: /issues\/1$/ }, 403, { message: '', url: 'x' });
		const error = await failure(client().editIssue('acme', 'widgets', 1, { title: 'x' }));
		expect(error.message).toBe(
			'Forbidden - Gitea refused access to issue #1 in acme/widgets: the token needs the "write:issue" scope and its user needs write access to the repository',
		);
	});

	it('404: names the repository when it is the repository that is missing', async () => {
		const error = await failure(client().getIssue('acme', 'gadgets', 1));
		expect(error.code).toBe('NOT_FOUND');
		expect(error.field).toBe('Repository');
		expect(error.message).toBe(
			"Repository acme/gadgets was not found - check Owner and Repository (the token's user must be able to see it)",
		);
	});

	it('404: names the issue when the repository exists', async () => {
		const error = await failure(client().getIssue('acme', 'widgets', 999));
		expect(error.field).toBe('Issue');
		expect(error.giteaMessage).toBe("The target couldn't be found.");
		expect(error.message).toBe('Issue #999 was not found in acme/widgets - check the Issue number');
	});

	it('404: names a missing comment', async () => {
		const error = await failure(client().deleteComment('acme', 'widgets', 4242));
		expect(error.message).toBe('Comment 4242 was not found in acme/widgets - check the Comment ID');
	});

	it('404 outside the API: the Server URL lacks its sub-path', async () => {
		const withoutSubPath = standin.url.replace(/\/gitea$/, '');
		const error = await failure(client('rw-token', withoutSubPath).getRepository('acme', 'widgets'));
		expect(error.code).toBe('UNEXPECTED_RESPONSE');
		expect(error.message).toMatch(/check the Server URL in the Gitea credential \(include the sub-path/);
	});

	it('200 with an HTML page: the Server URL points at something that is not Gitea', async () => {
		standin.failNext({ path: /^\/user$/ }, 200, '<html>Welcome to nginx!</html>', 'text/html');
		const error = await failure(client().getCurrentUser());
		expect(error.code).toBe('UNEXPECTED_RESPONSE');
		expect(error.message).toMatch(/answered HTTP 200 without Gitea's JSON \(text\/html\) - check the Server URL/);
	});

	it("422: passes on Gitea's validation message and names the field", async () => {
		const error = await failure(client().createIssue('acme', 'widgets', { title: '' }));
		expect(error.code).toBe('VALIDATION');
		expect(error.field).toBe('Title');
		expect(error.message).toBe('Gitea rejected the "Title" value: [Title]: Required');
	});

	it('422: the stand-in refuses label names where Gitea takes IDs', async () => {
		const error = await failure(client().createIssue('acme', 'widgets', { title: 'x', labels: ['bug'] as unknown as number[] }));
		expect(error.field).toBe('Labels');
		expect(error.message).toMatch(/cannot unmarshal string into Go struct field CreateIssueOption.labels of type int64/);
	});

	it('413 from a proxy in front of Gitea with a smaller limit', async () => {
		standin.maxRequestBytes = 64 * 1024;
		try {
			const error = await failure(client().createComment('acme', 'widgets', 1, 'x'.repeat(100 * 1024)));
			expect(error.code).toBe('BODY_TOO_LARGE');
			expect(error.status).toBe(413);
			expect(error.message).toMatch(/^The request is too large for the server \(HTTP 413\) - a proxy in front of Gitea limits the request size/);
			expect(standin.commentsOf('acme', 'widgets', 1)).toHaveLength(0);
		} finally {
			standin.maxRequestBytes = 1024 * 1024;
		}
	});

	it('5xx and other refusals', async () => {
		standin.failNext({ path: /^\/repos\/acme\/widgets$/ }, 500, { message: '', url: 'x' });
		expect((await failure(client().getRepository('acme', 'widgets'))).message).toMatch(/^Gitea failed to process the request \(HTTP 500\) - try again later/);
		standin.failNext({ path: /issues$/ }, 423, { message: 'repo is archived', url: 'x' });
		expect((await failure(client().createIssue('acme', 'widgets', { title: 'x' }))).message).toBe(
			'Gitea refused the request (HTTP 423): repo is archived',
		);
	});

	it('refuses a request over the size limit before sending it', async () => {
		const error = await failure(client().createComment('acme', 'widgets', 1, 'x'.repeat(1024 * 1024 + 1)));
		expect(error.code).toBe('BODY_TOO_LARGE');
		expect(standin.requests).toHaveLength(0);
	});
});

describe('GiteaClient without an answer', () => {
	it('connection refused: names the address to check', async () => {
		const address = await refusingAddress();
		try {
			const error = await failure(new GiteaClient({ serverUrl: address.url, accessToken: 't' }).getCurrentUser());
			expect(error.code).toBe('NETWORK');
			expect(error.message).toBe(
				`Nothing is listening at ${address.url} (connection refused) - check the Server URL and port in the Gitea credential, and that Gitea is running`,
			);
			expect(error.causeDetail).toMatch(/^ECONNREFUSED/);
		} finally {
			await address.release();
		}
	});

	it('a port that fetch refuses: says to use another port', async () => {
		const error = await failure(new GiteaClient({ serverUrl: 'http://127.0.0.1:6000', accessToken: 't' }).getCurrentUser());
		expect([error.code, error.field]).toEqual(['INVALID_URL', 'Server URL']);
		expect(error.message).toBe(
			'Port 6000 of http://127.0.0.1:6000 is on the list of ports web clients refuse to connect to - serve Gitea on another port (e.g. 3000 or 443) and update the Server URL',
		);
	});

	it('timeout: says how long it waited', async () => {
		const slow = await GiteaStandin.start({ latencyMs: 1_000 });
		const error = await failure(new GiteaClient({ serverUrl: slow.url, accessToken: 'test-token', timeoutMs: 200 }).getCurrentUser());
		expect(error.code).toBe('TIMEOUT');
		expect(error.message).toBe(`Gitea at ${new URL(slow.url).origin} did not answer within 200 ms - check that the server is up and reachable from n8n`);
		await slow.stop();
	});
});

describe('self-signed certificates', () => {
	let standin: GiteaStandin;

	beforeAll(async () => {
		standin = await GiteaStandin.start({ tls: selfSignedCertificate() });
	});
	afterAll(() => standin.stop());

	it('are refused by default, with the option to turn on', async () => {
		const error = await failure(new GiteaClient({ serverUrl: standin.url, accessToken: 'test-token' }).getCurrentUser());
		expect(error.code).toBe('TLS');
		expect(error.message).toMatch(/turn on "Ignore SSL Issues \(Insecure\)" in the Gitea credential/);
		expect(error.causeDetail).toMatch(/SELF_SIGNED|self-signed/i);
	});

	it('are accepted when allowUnauthorizedCerts is on', async () => {
		const gitea = new GiteaClient({ serverUrl: standin.url, accessToken: 'test-token', allowUnauthorizedCerts: true });
		expect((await gitea.getCurrentUser()).login).toBe('ci-bot');
	});
});
