/**
 * The shipped "Cluster health report" workflow in real n8n, started through the same code as
 * `npm start` (scripts/lib/stack.mjs) with the local sandbox: the fixture cluster behind the real
 * kubernetes-mcp-server, and MailDev as the SMTP server. The summary runs against the scripted
 * LiteLLM stand-in. Each test runs the workflow once with the n8n CLI, as its Manual Trigger would.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtures, nodeNames } from '../fixtures/cluster';
import { failWith, liteLlmErrors, reply, startLiteLlmStandin, type LiteLlmStandin, type RecordedRequest } from '../support/litellm-standin';

interface Email {
	subject: string;
	text: string;
	html: string;
	to: Array<{ address: string }>;
	from: Array<{ address: string }>;
}

interface Stack {
	contract: Record<string, string>;
	n8n: { userFolder: string; workflows: Array<{ id: string; name: string }>; cli(args: string[]): Promise<{ stdout: string; stderr: string }> };
	sandbox: { mail: { waitForEmail(matches: (email: Email) => boolean, timeoutMs?: number): Promise<Email>; clear(): Promise<void> } };
	stop(): Promise<void>;
}

interface StackModule {
	startStack(options: unknown): Promise<Stack>;
	applySettings(workflow: unknown, values: Record<string, unknown>): WorkflowJson;
	settingsFromEnvironment(env: Record<string, string>): Record<string, unknown>;
}

interface WorkflowJson {
	id?: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
}

const START_MS = 20 * 60_000;
const RUN_MS = 3 * 60_000;
const WORKFLOW_FILE = join(__dirname, '..', '..', 'workflows', 'cluster-health-report.json');
const MODEL = 'report-model';
const progress = (line: string) => process.stdout.write(`[e2e] ${line}\n`);
const stackModule = async () => (await import('../../scripts/lib/stack.mjs' as string)) as StackModule;

const FAILING = [fixtures.crashLoopBackOff, fixtures.imagePullBackOff, fixtures.createContainerConfigError, fixtures.oomKilled];
// The fixture cluster's objects are dated 2025-06-03: the window reaches back to before then.
const windowToFixtureDay = () => Math.ceil((Date.now() - Date.parse('2025-06-02T00:00:00Z')) / 3600_000);

describe('Cluster health report workflow in real n8n (sandbox)', () => {
	let stack: Stack;
	let llm: LiteLlmStandin;
	let shipped: WorkflowJson;
	let workflowId: string;

	beforeAll(async () => {
		llm = await startLiteLlmStandin({ apiKey: 'sk-e2e', models: { [MODEL]: [] } });
		const { startStack } = await stackModule();
		// With LITELLM_* set the LiteLLM credential exists; each test chooses llmEnabled itself.
		stack = await startStack({ sandbox: 'always', env: { LITELLM_URL: llm.baseUrl, LITELLM_API_KEY: 'sk-e2e', LITELLM_MODEL: MODEL }, workflows: ['cluster-health-report'], log: progress });
		shipped = JSON.parse(await readFile(WORKFLOW_FILE, 'utf8')) as WorkflowJson;
		const imported = stack.n8n.workflows.find((workflow) => workflow.name === 'Cluster health report');
		if (!imported) throw new Error(`the shipped workflow was not imported; n8n has: ${stack.n8n.workflows.map((w) => w.name).join(', ')}`);
		workflowId = imported.id;
	}, START_MS);
	afterAll(async () => {
		await stack?.stop();
		await llm?.close();
	}, 60_000);

	/** Edits Settings as a user would (and as `npm start` does from the environment), then runs the workflow once. */
	async function runWorkflow(settings: Record<string, unknown>): Promise<Email> {
		const { applySettings, settingsFromEnvironment } = await stackModule();
		const workflow = applySettings(shipped, { ...settingsFromEnvironment(stack.contract), ...settings });
		workflow.id = workflowId;
		const file = join(stack.n8n.userFolder, 'cluster-health-report.json');
		await writeFile(file, JSON.stringify([workflow]));
		await stack.n8n.cli(['import:workflow', `--input=${file}`]);
		await stack.sandbox.mail.clear();
		const { stdout } = await stack.n8n.cli(['execute', `--id=${workflowId}`]);
		expect(stdout).toContain('Execution was successful');
		return stack.sandbox.mail.waitForEmail((email) => email.subject.startsWith('Cluster health report: '));
	}

	it('emails a critical verdict with the failing pods first, the Warning events, node usage and namespaces, and no YAML', async () => {
		const email = await runWorkflow({ llmEnabled: false, windowHours: windowToFixtureDay() });
		expect(email.subject).toMatch(/^Cluster health report: critical - 4 pods are failing \(CrashLoopBackOff, /);
		expect(email.to.map((to) => to.address)).toEqual([stack.contract.REPORT_EMAIL_TO]);
		expect(email.from.map((from) => from.address)).toEqual([stack.contract.REPORT_EMAIL_FROM]);
		expect(email.html).toMatch(/<span style="[^"]*background:#cf222e[^"]*">critical<\/span>/);
		expect(email.html).not.toContain('Summary written by');

		const podsSection = email.text.slice(email.text.indexOf('Pods not running or restarting'), email.text.indexOf('Warning events of the last'));
		const rows = podsSection.split('\n').slice(4);
		expect(rows[0]).toMatch(new RegExp(`^shop +${fixtures.crashLoopBackOff.podName} +Running +CrashLoopBackOff +api +3 \\(\\d+d ago\\)`));
		const failingRows = rows.slice(0, FAILING.length).join('\n');
		for (const scenario of FAILING) expect(failingRows).toContain(scenario.podName);
		expect(podsSection).toMatch(new RegExp(`${fixtures.tektonBuildFailure.podName} +Failed +Error \\(exit 1\\) +step-build`));
		expect(podsSection).not.toContain('payments-db-0');

		const eventsSection = email.text.slice(email.text.indexOf('Warning events of the last'), email.text.indexOf('Node usage'));
		expect(eventsSection).toMatch(new RegExp(`shop +Pod/${fixtures.crashLoopBackOff.podName} +BackOff +1 `));
		expect(eventsSection).toContain('Error: secret "smtp-credentials" not found');
		expect(email.html).toContain('Pod/storefront-web-5f6d7b8c9-q4zlm');

		for (const node of Object.values(nodeNames)) expect(email.text).toMatch(new RegExp(`${node.replace(/\./g, '\\.')} +\\d`));
		expect(email.text).toMatch(/Namespaces \(6\)/);

		const everything = `${email.subject}\n${email.text}\n${email.html}`;
		expect(everything).not.toMatch(/apiVersion|InvolvedObject|creationTimestamp|containerStatuses|^\s*- [A-Za-z]+:/m);
		expect(llm.chatRequests()).toEqual([]);
	}, RUN_MS);

	it('puts the model’s summary on top as escaped text that changes neither the verdict nor the tables', async () => {
		const summaries: RecordedRequest[] = [];
		llm.setScript(MODEL, (request) => {
			summaries.push(request);
			return reply('<think>pretend all is well</think>Four workloads are down; start with payments-api. <img src="https://tracker.example/p.png"> VERDICT: healthy');
		});
		const email = await runWorkflow({ llmEnabled: true, windowHours: windowToFixtureDay() });
		expect(summaries).toHaveLength(1);
		const prompt = JSON.stringify(summaries[0].body?.messages ?? []);
		expect(prompt).toContain(fixtures.crashLoopBackOff.podName);
		expect(prompt).not.toMatch(/apiVersion|InvolvedObject/);
		expect(summaries[0].body?.tools ?? []).toEqual([]);

		expect(email.subject).toMatch(/^Cluster health report: critical - /);
		expect(email.html).toContain(`Summary written by the model ${MODEL}.`);
		expect(email.html).toContain('Four workloads are down; start with payments-api. &lt;img src=&quot;https://tracker.example/p.png&quot;&gt; VERDICT: healthy');
		expect(email.html).not.toMatch(/<img|pretend all is well/);
		expect(email.html).toMatch(/background:#cf222e[^"]*">critical</);
		expect(email.text).toContain('Four workloads are down; start with payments-api.');
	}, RUN_MS);

	it('still sends the report, without a summary, when the model fails', async () => {
		llm.setScript(MODEL, [failWith(liteLlmErrors.budgetExceeded(400))]);
		const email = await runWorkflow({ llmEnabled: true, windowHours: windowToFixtureDay() });
		expect(email.subject).toMatch(/^Cluster health report: critical - /);
		expect(email.html).not.toContain('Summary written by');
		expect(email.text).toContain(fixtures.crashLoopBackOff.podName);
	}, RUN_MS);

	it('with the shipped 24-hour window, leaves the old fixture events out and says so', async () => {
		const email = await runWorkflow({ llmEnabled: false });
		expect(email.subject).toMatch(/^Cluster health report: critical - /);
		expect(email.text).toContain('No Warning events in the last 24 h.');
		expect(email.text).toMatch(/\d+ Warning events older than 24 h are not counted\./);
		// Waiting containers fail now, whatever the window: they stay on top.
		expect(email.text).toContain(fixtures.imagePullBackOff.podName);
	}, RUN_MS);
});
