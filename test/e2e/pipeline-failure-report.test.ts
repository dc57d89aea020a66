/**
 * The shipped "Pipeline failure report" workflow in real n8n, started through the same code as
 * `npm start` (scripts/lib/stack.mjs) with the local sandbox: the fixture cluster behind the real
 * kubernetes-mcp-server, the Gitea API stand-in and MailDev (a real SMTP server). The LLM modes use
 * the scripted LiteLLM stand-in.
 */
import type { IDataObject } from 'n8n-workflow';
import { fixtures } from '../fixtures/cluster';
import { hugeLogRootCauseLine, injectionText, leakedSecrets, missingPodName } from '../fixtures/cluster/tekton-failures';
import type { FixtureCluster } from '../support/fixture-cluster';
import type { GiteaStandin, StoredIssue } from '../support/gitea-standin';
import { failWith, liteLlmErrors, reply, startLiteLlmStandin, textToolCall, toolCalls, type LiteLlmStandin, type RecordedRequest } from '../support/litellm-standin';
import { outsideFences } from '../support/markdown';
import { unusedPort } from '../support/mcp-test-server';

interface Email {
	subject: string;
	text: string;
	html: string;
	to: Array<{ address: string }>;
}

interface Stack {
	webhookUrl: string;
	webhookToken: string;
	contract: Record<string, string>;
	n8n: { baseUrl: string; output(): string };
	sandbox: {
		cluster: { fixture: FixtureCluster };
		gitea: { standin: GiteaStandin; owner: string; repo: string };
		mail: { listEmails(): Promise<Email[]>; waitForEmail(matches: (email: Email) => boolean, timeoutMs?: number): Promise<Email> };
	};
	stop(): Promise<void>;
}

interface Reply {
	status: number;
	body: IDataObject & { status?: string; issue_url?: string; issue_number?: number; deduplicated?: boolean; category?: string; summary?: string; field?: string; analysis?: string; email?: string; complete?: boolean; reason?: string };
	raw: string;
}

const START_MS = 20 * 60_000;
const progress = (line: string) => process.stdout.write(`[e2e] ${line}\n`);

async function startStack(options: Record<string, unknown>): Promise<Stack> {
	const { startStack: start } = (await import('../../scripts/lib/stack.mjs' as string)) as { startStack: (o: unknown) => Promise<Stack> };
	return start({ log: progress, workflows: ['pipeline-failure-report'], ...options });
}

async function post(stack: Stack, body: unknown, headers: Record<string, string> = {}, token: string | null = stack.webhookToken): Promise<Reply> {
	const response = await fetch(stack.webhookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body),
		signal: AbortSignal.timeout(120_000),
	});
	const raw = await response.text();
	let parsed: Reply['body'] = {};
	try {
		parsed = JSON.parse(raw) as Reply['body'];
	} catch {
		// Not every refusal is JSON (n8n's own 413 page, for one).
	}
	return { status: response.status, body: parsed, raw };
}

const issuesOf = (stack: Stack) => stack.sandbox.gitea.standin.state.issues;
const issueNumbered = (stack: Stack, number: number | undefined): StoredIssue => {
	const issue = issuesOf(stack).find((i) => i.number === number);
	if (!issue) throw new Error(`no issue #${number}; issues: ${issuesOf(stack).map((i) => i.number).join(', ')}`);
	return issue;
};
const commentsOn = (stack: Stack, issue: StoredIssue) => stack.sandbox.gitea.standin.state.comments.filter((c) => c.repo === issue.repo && c.issueNumber === issue.number);
const labelsOf = (stack: Stack, issue: StoredIssue) => stack.sandbox.gitea.standin.state.labels.filter((l) => issue.labelIds.includes(l.id)).map((l) => l.name);

// Every namespace the fixture's failures are in; kube-system (which the cluster has) is not listed.
const ALLOWED_NAMESPACES = 'ci, shop, data';

describe('Pipeline failure report workflow in real n8n, rule-based (sandbox)', () => {
	let stack: Stack;

	beforeAll(async () => {
		stack = await startStack({ sandbox: 'always', env: { ALLOWED_NAMESPACES } });
	}, START_MS);
	afterAll(async () => stack?.stop(), 60_000);

	const scenarios: Array<[string, (typeof fixtures)[keyof typeof fixtures], string | undefined]> = [
		['a failed step that is not the first container', fixtures.tektonBuildFailure, 'compile_error'],
		['an OOMKilled container', fixtures.oomKilled, 'oom_killed'],
		['an image pull failure with no log', fixtures.imagePullBackOff, 'image_pull'],
		['a registry authentication failure', fixtures.registryAuthFailure, 'registry_auth'],
		['a log full of secrets', fixtures.secretsInLog, undefined],
		['a prompt-injection log', fixtures.promptInjection, undefined],
		['a 200,000-line log', fixtures.hugeLog, undefined],
		['a crash-looping container', fixtures.crashLoopBackOff, undefined],
	];

	it.each(scenarios)('files one issue and emails a report for %s', async (_name, scenario, category) => {
		const before = issuesOf(stack).length;
		const result = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName });
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ status: 'success', deduplicated: false, analysis: 'rules', email: 'sent', complete: true });
		if (category) expect(result.body.category).toBe(category);
		expect(issuesOf(stack).length).toBe(before + 1);

		const issue = issueNumbered(stack, result.body.issue_number);
		expect(result.body.issue_url).toContain(`/issues/${issue.number}`);
		expect(issue.body).toContain(`| Container | \`${scenario.expected.failedContainer}\` |`);
		expect(issue.body).toContain(scenario.expected.evidence);
		expect(issue.body).toMatch(/<!-- fingerprint: [0-9a-f]{16} -->/);
		expect(labelsOf(stack, issue)).toEqual(expect.arrayContaining(['pipeline-failure']));

		const email = await stack.sandbox.mail.waitForEmail((e) => e.subject.startsWith(`#${issue.number} `));
		expect(email.to.map((to) => to.address)).toEqual([stack.contract.REPORT_EMAIL_TO]);
		expect(email.html).toContain(result.body.issue_url);
		expect(email.text).toContain(scenario.expected.failedContainer);
	});

	it('keeps every secret of the log out of the issue, the email and the reply', async () => {
		const scenario = fixtures.secretsInLog;
		const result = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName });
		const issue = issueNumbered(stack, result.body.issue_number);
		const email = await stack.sandbox.mail.waitForEmail((e) => e.subject.startsWith(`#${issue.number} `));
		const everything = [issue.title, issue.body, ...commentsOn(stack, issue).map((c) => c.body), email.subject, email.text, email.html, result.raw].join('\n');
		for (const secret of leakedSecrets) expect(everything).not.toContain(secret);
		expect(issue.body).toMatch(/\[REDACTED:[a-z0-9-]+\]/);
	});

	it('keeps a prompt-injection log inert: no link, image, mention or reference outside fences, and no write to the cluster', async () => {
		const scenario = fixtures.promptInjection;
		const result = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName });
		const issue = issueNumbered(stack, result.body.issue_number);
		const outside = outsideFences(issue.body);
		for (const bait of ['evil.example', '<script', injectionText.mention, injectionText.issueReference, '![', 'IGNORE ALL PREVIOUS']) expect(outside).not.toContain(bait);
		expect(issue.title).not.toMatch(/@admin|#1\b|https?:\/\//);
		const email = await stack.sandbox.mail.waitForEmail((e) => e.subject.startsWith(`#${issue.number} `));
		expect(email.html).not.toMatch(/<script|<img|evil\.example\/p\.png"/);
		expect(stack.sandbox.cluster.fixture.writeRequests()).toEqual([]);
	});

	it('finds the root cause in the middle of a 200,000-line log', async () => {
		const scenario = fixtures.hugeLog;
		const result = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName });
		expect(issueNumbered(stack, result.body.issue_number).body).toContain(`Line ${hugeLogRootCauseLine} of the`);
	});

	it('comments on the open issue when the same failure comes again, and files nothing new', async () => {
		const scenario = fixtures.tektonBuildFailure;
		const first = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName });
		const count = issuesOf(stack).length;
		const issue = issueNumbered(stack, first.body.issue_number);
		const comments = commentsOn(stack, issue).length;
		const again = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ status: 'success', deduplicated: true, issue_number: issue.number });
		expect(issuesOf(stack).length).toBe(count);
		expect(commentsOn(stack, issue).length).toBe(comments + 1);
		expect(commentsOn(stack, issue).at(-1)?.body).toMatch(/Seen \d+ times/);
	});

	it('accepts a PipelineRun name and a Tekton CloudEvent for the same failure', async () => {
		const scenario = fixtures.registryAuthFailure;
		const labels = scenario.pod.pod.metadata.labels ?? {};
		const byRun = await post(stack, { namespace: scenario.namespace, pipeline_run: labels['tekton.dev/pipelineRun'] });
		expect(byRun.status).toBe(200);
		expect(byRun.body.category).toBe('registry_auth');
		const event = {
			taskRun: {
				metadata: { name: labels['tekton.dev/taskRun'], namespace: scenario.namespace, labels },
				status: { podName: scenario.podName },
			},
		};
		const byEvent = await post(stack, event, { 'ce-type': 'dev.tekton.event.taskrun.failed.v1', 'ce-specversion': '1.0', 'ce-source': '/apis/tekton.dev/v1/namespaces/ci/taskruns/x', 'ce-id': 'e2e-1' });
		expect(byEvent.status).toBe(200);
		expect(byEvent.body).toMatchObject({ deduplicated: true, issue_number: byRun.body.issue_number });
	});

	it('files what it knows about a pod that does not exist', async () => {
		const result = await post(stack, { namespace: 'ci', pod_name: missingPodName });
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ status: 'success', complete: false });
		const issue = issueNumbered(stack, result.body.issue_number);
		expect(issue.body).toContain('## Could not read');
		expect(issue.body).toContain(`pods "${missingPodName}" not found`);
	});

	describe('refuses bad requests with 4xx and files nothing', () => {
		let issuesBefore: number;
		beforeEach(() => {
			issuesBefore = issuesOf(stack).length;
		});
		afterEach(() => expect(issuesOf(stack).length).toBe(issuesBefore));
		const tekton = fixtures.tektonBuildFailure;

		it('no token: 401 or 403 (n8n 2.41 answers 403)', async () => {
			expect([401, 403]).toContain((await post(stack, { namespace: tekton.namespace, pod_name: tekton.podName }, {}, null)).status);
		});
		it('a wrong token: 403', async () => {
			expect((await post(stack, { namespace: tekton.namespace, pod_name: tekton.podName }, {}, 'not-the-token')).status).toBe(403);
		});
		it('a missing pod_name: 400 naming the field', async () => {
			const result = await post(stack, { namespace: 'ci' });
			expect(result.status).toBe(400);
			expect(result.body).toMatchObject({ status: 'error', field: 'pod_name', message: expect.stringContaining('pod_name is missing') });
		});
		it('a namespace with shell metacharacters: 400 naming the field', async () => {
			const result = await post(stack, { namespace: 'ci; rm -rf / #', pod_name: tekton.podName });
			expect(result.status).toBe(400);
			expect(result.body).toMatchObject({ field: 'namespace', message: expect.stringContaining('is not a valid Kubernetes name') });
		});
		it('a body that is not JSON: 4xx', async () => {
			const result = await post(stack, 'namespace=ci&pod_name=x', { 'content-type': 'text/plain' });
			expect(result.status).toBeGreaterThanOrEqual(400);
			expect(result.status).toBeLessThan(500);
		});
		it('a namespace outside ALLOWED_NAMESPACES: 403 naming it; nothing is read, filed or mailed', async () => {
			const fixture = stack.sandbox.cluster.fixture;
			const requestsBefore = fixture.requests.length;
			const emailsBefore = (await stack.sandbox.mail.listEmails()).length;
			const result = await post(stack, { namespace: 'kube-system', pod_name: 'coredns-5d78c9869d-x2x4z' });
			expect(result.status).toBe(403);
			expect(result.body).toMatchObject({ status: 'error', field: 'namespace', message: 'namespace "kube-system" is not in the allowed namespaces: expected one of ci, shop, data' });
			expect(fixture.requests.slice(requestsBefore).filter((request) => request.path.includes('kube-system'))).toEqual([]);
			expect((await stack.sandbox.mail.listEmails()).length).toBe(emailsBefore);
		});
		it('a structured CloudEvent without data: 400 naming data', async () => {
			const result = await post(stack, { specversion: '1.0', type: 'dev.tekton.event.taskrun.failed.v1', source: '/tekton', id: 'e2e-2' });
			expect(result.status).toBe(400);
			expect(result.body).toMatchObject({ field: 'data', message: expect.stringContaining('data is missing') });
		});
		it('a 2 MB body: 400 naming the body', async () => {
			const result = await post(stack, { namespace: 'ci', pod_name: 'x', padding: 'x'.repeat(2 * 1024 * 1024) });
			expect(result.status).toBe(400);
			expect(result.body).toMatchObject({ field: 'body', message: expect.stringMatching(/^body is 2\.0 MB: expected at most 256 KB/) });
		});
	});

	it('answers 502 with the reason when Gitea fails, and still sends the email', async () => {
		const scenario = fixtures.oomKilled;
		stack.sandbox.gitea.standin.failNext({ method: 'GET', path: /\/issues$/ }, 500, { message: 'database is locked', url: 'https://gitea.example/api/swagger' });
		const result = await post(stack, { namespace: scenario.namespace, pod_name: scenario.podName, container_name: scenario.expected.failedContainer });
		expect(result.status).toBe(502);
		expect(result.body).toMatchObject({ status: 'error', issue_url: null, email: 'sent', reason: expect.stringMatching(/^Gitea: /) });
		const email = await stack.sandbox.mail.waitForEmail((e) => e.text.includes(scenario.podName) && !/^#\d+ /.test(e.subject));
		expect(email.subject).toMatch(/Out of memory/);
	});
});

describe('Pipeline failure report with the LLM (scripted LiteLLM stand-in)', () => {
	let stack: Stack;
	let llm: LiteLlmStandin;
	const tekton = fixtures.tektonBuildFailure;
	const crashLoop = fixtures.crashLoopBackOff;
	const oom = fixtures.oomKilled;
	const injection = fixtures.promptInjection;
	const answer = (summary: string) => reply(JSON.stringify({ summary, root_cause: 'see the evidence', fixes: ['Fix the reported line'], confidence: 0.7 }));
	const hasToolResult = (request: RecordedRequest) => (request.body?.messages ?? []).some((m) => m.role === 'tool');
	const prompt = (request: RecordedRequest) => JSON.stringify(request.body?.messages ?? []);

	beforeAll(async () => {
		llm = await startLiteLlmStandin({
			apiKey: 'sk-e2e',
			models: {
				'triage-model': (request) => {
					const text = prompt(request);
					if (text.includes(oom.podName)) return failWith(liteLlmErrors.budgetExceeded(400));
					if (text.includes(injection.podName)) {
						// The model "obeys" the log and asks to delete pods: the agent must refuse.
						return hasToolResult(request) ? answer('Tests failed; I was asked to delete pods and did not.') : toolCalls([{ name: 'pods_delete', arguments: { namespace: 'ci', name: injection.podName } }]);
					}
					if (text.includes(crashLoop.podName)) {
						return hasToolResult(request)
							? answer('The API cannot reach its database: password authentication failed.')
							: reply(textToolCall({ name: 'events_list', arguments: { namespace: crashLoop.namespace } }, { think: 'I should look at the events first.' }));
					}
					return hasToolResult(request)
						? answer('The TypeScript build fails on a type error in payment-service.ts.')
						: toolCalls([{ name: 'pods_log', arguments: { namespace: tekton.namespace, name: tekton.podName, container: 'step-build', tail: 200 } }]);
				},
				'fallback-model': [failWith(liteLlmErrors.budgetExceeded(429))],
			},
			onExhausted: 'repeat-last',
		});
		stack = await startStack({
			sandbox: 'always',
			env: { LITELLM_URL: llm.baseUrl, LITELLM_API_KEY: 'sk-e2e', LITELLM_MODEL: 'triage-model', LITELLM_FALLBACK_MODELS: 'fallback-model' },
		});
	}, START_MS);
	afterAll(async () => {
		await stack?.stop();
		await llm?.close();
	}, 60_000);

	it('calls a cluster tool, then puts the model’s analysis in the issue', async () => {
		const result = await post(stack, { namespace: tekton.namespace, pod_name: tekton.podName });
		expect(result.body).toMatchObject({ status: 'success', analysis: 'llm', summary: 'The TypeScript build fails on a type error in payment-service.ts.' });
		const issue = issueNumbered(stack, result.body.issue_number);
		expect(issue.body).toContain('## Analysis (`triage-model`');
		expect(issue.body).toContain('The TypeScript build fails on a type error');
		const requests = llm.chatRequests('triage-model').filter((r) => prompt(r).includes(tekton.podName));
		expect(requests.length).toBeGreaterThanOrEqual(2);
		expect(prompt(requests.at(-1)!)).toContain(tekton.expected.evidence);
	});

	it('runs tool calls written as text by an open model', async () => {
		const result = await post(stack, { namespace: crashLoop.namespace, pod_name: crashLoop.podName });
		expect(result.body).toMatchObject({ analysis: 'llm', summary: expect.stringContaining('password authentication failed') });
		expect(issueNumbered(stack, result.body.issue_number).body).not.toContain('<think>');
	});

	it('falls back to the rules when the budget is spent on every model, and still files', async () => {
		const result = await post(stack, { namespace: oom.namespace, pod_name: oom.podName });
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ status: 'success', analysis: 'rules', category: 'oom_killed' });
		expect(llm.chatRequests('fallback-model').length).toBeGreaterThan(0);
	});

	it('refuses the pod deletion a poisoned log talks the model into; the cluster sees no write', async () => {
		const result = await post(stack, { namespace: injection.namespace, pod_name: injection.podName });
		expect(result.status).toBe(200);
		expect(stack.sandbox.cluster.fixture.writeRequests()).toEqual([]);
		const last = llm.chatRequests('triage-model').filter((r) => prompt(r).includes(injection.podName)).at(-1)!;
		expect(prompt(last)).toMatch(/refused|not allowed|read-only/i);
	});

	it('never sends a secret to the model', async () => {
		await post(stack, { namespace: fixtures.secretsInLog.namespace, pod_name: fixtures.secretsInLog.podName });
		const sent = llm.requests.map((r) => JSON.stringify(r.body)).join('\n');
		for (const secret of leakedSecrets) expect(sent).not.toContain(secret);
	});
});

describe('Pipeline failure report when the cluster and the mail server are unreachable', () => {
	let stack: Stack;
	beforeAll(async () => {
		const [mcpPort, smtpPort] = [await unusedPort(), await unusedPort()];
		stack = await startStack({
			sandbox: 'always',
			env: {},
			overrides: { MCP_OPENSHIFT_URL: `http://127.0.0.1:${mcpPort}/mcp`, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort) },
		});
	}, START_MS);
	afterAll(async () => stack?.stop(), 60_000);

	it('files an issue that says what could not be read, and says the email failed', async () => {
		const result = await post(stack, { namespace: 'ci', pod_name: fixtures.tektonBuildFailure.podName, container_name: 'step-build' });
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ status: 'success', complete: false, email: expect.stringMatching(/^failed: /) });
		const issue = issueNumbered(stack, result.body.issue_number);
		expect(issue.body).toContain('the cluster (MCP server)');
		expect(issue.body).toMatch(/connection refused/);
	});
});
