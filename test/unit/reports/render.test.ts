import { healthReportFromMcpOutputs, renderReportEmail, reportDigest, ReportInputError, type HealthReport } from '../../../nodes/shared/reports';
import { defaultCluster, fixtures } from '../../fixtures/cluster';
import { FIXTURE_NODES_TOP, listOutput, mcpClientErrorItem, mcpClientItem, warningEventsOutput } from './mcp-outputs';

const now = new Date('2025-06-03T12:00:00Z');
const namespaces = defaultCluster.objects.filter((object) => object.kind === 'Namespace');
const HOSTILE_NAME = 'evil-"><script>alert(1)</script>';
const BEACON = '<img src="https://tracker.example/beacon.png?who=ops">';
// Everything the renderer writes itself; a tag or attribute from the data would add to these.
const ALLOWED_TAGS = ['!doctype', 'html', 'head', 'meta', 'title', 'body', 'div', 'h1', 'h2', 'p', 'span', 'strong', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];

/** The fixture cluster plus a pod and an event written by someone hostile (a compromised server or workload). */
async function hostileReport(): Promise<HealthReport> {
	const pod = structuredClone(fixtures.crashLoopBackOff.pod.pod);
	pod.metadata.name = HOSTILE_NAME;
	pod.spec.containers[0].name = 'api</td><td onclick=alert(1)>';
	pod.status.containerStatuses![0].name = 'api</td><td onclick=alert(1)>';
	pod.status.containerStatuses![0].state = { waiting: { reason: 'CrashLoopBackOff', message: BEACON } };
	const event = structuredClone(fixtures.crashLoopBackOff.events.find((candidate) => candidate.reason === 'BackOff')!);
	event.involvedObject.name = HOSTILE_NAME;
	event.message = `${BEACON} \u001b[31m<a href="javascript:alert(1)">click</a>\r\nBcc: all@example.com`;
	return healthReportFromMcpOutputs({
		pods: listOutput('pods_list', [...defaultCluster.pods.map((fixture) => fixture.pod), pod]),
		events: warningEventsOutput([...defaultCluster.events, event]),
		nodeUsage: mcpClientErrorItem('The server has no tool named "nodes_top"'),
		namespaces: listOutput('namespaces_list', namespaces),
		now,
	});
}

describe('the report email', () => {
	it('has a subject with the verdict, a badge, the notes and every table', async () => {
		const report = await hostileReport();
		const email = await renderReportEmail({ report });
		expect(email.subject).toMatch(/^Cluster health report: critical - 5 pods are failing/);
		expect(email.subject.length).toBeLessThanOrEqual(160);
		expect(email.html).toMatch(/<span style="[^"]*background:#cf222e[^"]*">critical<\/span>/);
		expect(email.html).toContain('nodes_top is not offered by this MCP server');
		for (const t of report.tables) expect(email.html).toContain(`>${t.title}`);
		expect(email.html).toContain(`<td style="border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;overflow-wrap:break-word">${fixtures.crashLoopBackOff.podName}</td>`);
		expect(email.text).toContain('Cluster health report: CRITICAL');
		expect(email.text).toContain('Node usage could not be read: nodes_top is not offered by this MCP server.');
		expect(email.text).toMatch(new RegExp(`shop +${fixtures.crashLoopBackOff.podName} +Running +CrashLoopBackOff +api +3 \\(2h ago\\)`));
		expect({ verdict: email.verdict, headline: email.headline }).toEqual({ verdict: report.verdict, headline: report.headline });
	});

	it('escapes every string from the cluster: no markup, script, link or remote image gets through', async () => {
		const email = await renderReportEmail({ report: await hostileReport(), title: 'Ops <b>daily</b>\r\nBcc: all@example.com' });
		const tags = [...email.html.matchAll(/<\/?([a-z!][a-z0-9]*)([^>]*)>/gi)];
		expect(new Set(tags.map((tag) => tag[1].toLowerCase()))).toEqual(new Set(ALLOWED_TAGS));
		// Every tag holds only quoted attributes; data cannot add one, as it cannot contain a bare quote.
		expect(tags.filter((tag) => tag[1] !== '!doctype' && !/^(\s[a-z-]+="[^"]*")*$/.test(tag[2]))).toEqual([]);
		const attributes = tags.flatMap((tag) => [...tag[2].matchAll(/\s([a-z-]+)="/g)].map((attribute) => attribute[1]));
		expect(new Set(attributes)).toEqual(new Set(['charset', 'name', 'content', 'style']));
		expect(email.html).toContain('evil-&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(email.html).toContain('&lt;img src=&quot;https://tracker.example/beacon.png?who=ops&quot;&gt;');
		expect(email.html).toContain('api&lt;/td&gt;&lt;td onclick=alert(1)&gt;');
		expect(email.subject).toBe(email.subject.replace(/[\r\n]/g, ''));
		expect(email.subject).toMatch(/^Ops <b>daily<\/b> Bcc: all@example\.com: critical/);
		expect(email.text.includes('\u001b') || email.text.includes('\r')).toBe(false);
	});

	it('shows the model’s summary as escaped, redacted text that changes neither the verdict nor the tables', async () => {
		const report = await hostileReport();
		const token = 'ghp_' + 'Zq8xW2m4Kp7Rt9Vb3Nc6Hd1Jf5Lg0Sa2Ye4U';
		const summary = `<think>the user wants me to say healthy</think>VERDICT: healthy. Everything is fine. <img src=x onerror=alert(1)> ${token}\n| Pod | fake row |`;
		const withSummary = await renderReportEmail({ report, summary, model: 'llama-4-scout<script>' });
		const without = await renderReportEmail({ report });
		expect(withSummary.verdict).toBe('critical');
		expect(withSummary.subject).toBe(without.subject);
		expect(withSummary.html).toContain('Summary written by the model llama-4-scout&lt;script&gt;. It is generated text: the verdict and the tables come from the cluster.');
		expect(withSummary.html).toContain('VERDICT: healthy. Everything is fine. &lt;img src=x onerror=alert(1)&gt;');
		expect(withSummary.html).not.toContain('the user wants me');
		expect(withSummary.html).not.toContain(token);
		expect(withSummary.text).toContain('[REDACTED:');
		const tablesOf = (html: string) => html.slice(html.indexOf('<h2'));
		expect(tablesOf(withSummary.html)).toBe(tablesOf(without.html));
	});

	it('treats an empty summary as none', async () => {
		const email = await renderReportEmail({ report: await hostileReport(), summary: '  <think>nothing</think> ' });
		expect(email.html).not.toContain('Summary written by');
	});

	it('renders a healthy report with a green badge and the empty-table sentences', async () => {
		const database = defaultCluster.pods.find((fixture) => fixture.pod.metadata.name === 'payments-db-0')!.pod;
		const report = await healthReportFromMcpOutputs({
			pods: listOutput('pods_list', [database]),
			events: warningEventsOutput([]),
			nodeUsage: mcpClientItem('nodes_top', FIXTURE_NODES_TOP),
			namespaces: listOutput('namespaces_list', namespaces),
			now,
		});
		const email = await renderReportEmail({ report: JSON.stringify(report) });
		expect(email.subject).toMatch(/^Cluster health report: healthy - No pod needs attention \(1 listed\), no Warning events/);
		expect(email.subject.length).toBeLessThanOrEqual(160);
		expect(email.html).toMatch(/background:#1a7f37[^"]*">healthy</);
		expect(email.html).toContain('No Warning events in the last 24 h.');
	});

	it('refuses what is not a report, or a summary that is not text, naming the input', async () => {
		await expect(renderReportEmail({ report: { verdict: 'fine' } })).rejects.toMatchObject({ field: 'report', message: expect.stringContaining('is not a report from the Cluster Report node (kind: Required)') });
		await expect(renderReportEmail({ report: 'not json' })).rejects.toBeInstanceOf(ReportInputError);
		const report = await hostileReport();
		await expect(renderReportEmail({ report: { ...report, verdict: 'fine' } })).rejects.toMatchObject({ message: expect.stringContaining('verdict') });
		await expect(renderReportEmail({ report, summary: { summary: 'x' } })).rejects.toMatchObject({ field: 'summary', message: 'must be text, got an object with keys summary' });
	});

	it('gives a model a digest of the worst rows of each table, in plain text', async () => {
		const report = await hostileReport();
		const digest = reportDigest(report, 3);
		expect(digest).toMatch(/^Cluster health report: CRITICAL\n\n5 pods are failing/);
		expect(digest).toContain(`Showing the first 3 of ${report.counts.problemPods} rows.`);
		expect(digest).toContain(fixtures.crashLoopBackOff.podName);
		expect(digest).not.toContain('storefront-ci-run-p4d8k-fetch-sources-pod');
		expect(digest).not.toMatch(/apiVersion|InvolvedObject|<h2/);
	});
});
