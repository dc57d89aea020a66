import { cutToCharBudget, prepareToolResultText } from '../../../nodes/shared/agent/tool-results';
import { classifyHttpFailure, LlmError, toLlmError } from '../../../nodes/shared/llm/errors';
import { authError, classifyMcpError, McpClientError } from '../../../nodes/shared/mcp/errors';
import { MAX_REDACTION_CHARS, redactAndCut, redactErrorText, redactModelText, redactSecrets, redactSecretsSync } from '../../../nodes/shared/redact/redact';
import { analyseLog } from '../../../nodes/shared/triage/analyser';
import { buildReportFromLog } from '../../../nodes/shared/triage/report';
import { SAMPLE } from './shapes';

const filler = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `2026-05-01T10:00:${String(i % 60).padStart(2, '0')}Z INFO step ${from + i} compiling module ${from + i}`);

/** An 8192-bit RSA key's body: 100 full lines of 64 base64 characters and a short last one. */
function longKeyBody(): string[] {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	let seed = 7;
	const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
	const lines = Array.from({ length: 100 }, () => Array.from({ length: 64 }, () => alphabet[next() % 64]).join(''));
	lines.push('Xk9+AbC2dE==');
	return lines;
}

describe('redaction where text is cut', () => {
	it('leaves no line of a PEM key that spans the gap between the head and the tail of the digest', async () => {
		const body = longKeyBody();
		const log = [...filler(15), '-----BEGIN RSA PRIVATE KEY-----', ...body, '-----END RSA PRIVATE KEY-----', ...filler(5, 100), 'error: deploy failed with exit code 1'].join('\n');
		const analysis = analyseLog(log);
		// The key does span the gap: its start is in the head, its end in the tail.
		expect(analysis.head.some((line) => line.text.includes('BEGIN RSA'))).toBe(true);
		expect(analysis.tail.some((line) => line.text.includes('END RSA'))).toBe(true);
		expect(analysis.lines - analysis.tail.length).toBeGreaterThan(analysis.head.length);

		const report = await buildReportFromLog(log, { namespace: 'ci', pod: 'deploy-pod', container: 'step-deploy', exitCode: 1 });
		const everything = JSON.stringify(report);
		for (const line of body) expect(everything).not.toContain(line);
		expect(report.digest).toContain('deploy failed');
	});

	it('redacts a token that straddles the analyser cut at 2,000 characters instead of leaving its first half', async () => {
		const token = SAMPLE.github;
		const line = `error: push rejected ${'x'.repeat(1_990 - 21)}${token} after retry`;
		expect(line.indexOf(token)).toBeLessThan(2_000);
		expect(line.indexOf(token) + token.length).toBeGreaterThan(2_000);
		const report = await buildReportFromLog(`${line}\nexit code 1`, { namespace: 'ci', pod: 'p', container: 'step-push', exitCode: 1 });
		const everything = JSON.stringify(report);
		expect(everything).not.toContain(token.slice(0, 8));
		expect(everything).toContain('[line cut, ');
	});

	it('redactAndCut never splits a marker and reads no more than twice the cut', () => {
		const text = `${'a '.repeat(45)}password=${'S3cr3t'.repeat(10)} and more ${'z'.repeat(10_000)}`;
		const cut = redactAndCut(text, 100);
		expect(cut.cut).toBe(true);
		expect(cut.text).not.toContain('S3cr3t');
		expect(cut.text).toMatch(/\[REDACTED:key-value\]$/);
	});

	it('drops text beyond the redaction cap instead of passing it unread', () => {
		const secret = `password=${'Q1w2e3r4'}`;
		const text = `${'a'.repeat(MAX_REDACTION_CHARS)}\n${secret}`;
		const result = redactSecretsSync(text);
		expect(result.text).not.toContain('Q1w2e3r4');
		expect(result.text).toContain('characters not shown: over the redaction limit');
	});
});

describe('redaction switches and forms', () => {
	it('cannot be switched off by a secretlint comment directive in the log', async () => {
		const log = `// secretlint-disable\nusing ${SAMPLE.github}\n<!-- secretlint-disable-line -->${SAMPLE.slack}`;
		const result = await redactSecrets(log);
		expect(result.text).not.toContain(SAMPLE.github);
		expect(result.text).not.toContain(SAMPLE.slack);
	});

	it('gives the model text a helper of its own that redacts like any output', () => {
		const answer = `Root cause: the job used ${SAMPLE.awsId} and DB_PASSWORD=Hunter2x9 from the Secret.`;
		const result = redactModelText(answer);
		expect(result.text).not.toMatch(/AKIA|Hunter2x9/);
		expect(result.text).toContain('Root cause: the job used');
		expect(result.total).toBe(2);
	});
});

describe('error text', () => {
	const URL = 'https://ci-bot:pa55w0rd@mcp.example.com:8443/mcp?token=tok-7f3a9c&key=k3y-42&auth=au-9&page=2';

	it('loses the userinfo and every query value of every URL, keeping host, path and names', () => {
		const text = redactErrorText(`Cannot reach the MCP server at ${URL}: connection refused`);
		for (const secret of ['ci-bot', 'pa55w0rd', 'tok-7f3a9c', 'k3y-42', 'au-9', 'page=2']) expect(text).not.toContain(secret);
		expect(text).toContain('mcp.example.com:8443/mcp?token=');
		expect(text).toContain('&page=');
		expect(text).toContain(': connection refused');
	});

	it('is what McpClientError messages and hints carry, however they are built', () => {
		const built = [
			authError(URL, 401),
			classifyMcpError(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), { url: URL, action: 'connecting' }),
			classifyMcpError(new Error(`unexpected answer from ${URL}`), { url: URL, action: 'listing tools' }),
			new McpClientError('TOOL', `tool failed`, { hint: `retry against ${URL}` }),
		];
		for (const error of built) {
			const shown = `${error.message} ${error.hint ?? ''}`;
			expect(shown).not.toMatch(/pa55w0rd|tok-7f3a9c|k3y-42|au-9/);
		}
		expect(built[0].message).toContain('mcp.example.com');
	});

	it('is what an LLM error carries when the endpoint echoes the API key', () => {
		const key = 'sk-Zx81mQ4vL9pT2wR7yB3n';
		const failure = classifyHttpFailure({
			status: 401,
			body: { error: { message: `Authentication Error, Invalid proxy server token passed. Received API Key = ${key}, Key Hash (Token) = 9a8b7c`, type: 'auth_error' } },
		});
		expect(failure.code).toBe('auth');
		expect(failure.message).not.toContain(key);
		expect(failure.serverMessage).not.toContain(key);
		expect(failure.forModel('llama').message).not.toContain(key);
		const wrapped = toLlmError(new Error(`request to https://proxy.example.com/v1?api_key=${key} failed`));
		expect(wrapped).toBeInstanceOf(LlmError);
		expect(wrapped.message).not.toContain(key);
	});
});

describe('tool results', () => {
	it('are cut to a size bounded by the budget before they are read whole, keeping head, error lines and tail', () => {
		const lines = ['START npm ci', ...filler(200_000), 'npm ERR! code E404 left-pad', ...filler(200_000, 300_000), 'END exit code 1'];
		const text = lines.join('\n');
		const cut = cutToCharBudget(text, 12_000);
		expect(cut.length).toBeLessThan(13_000);
		expect(cut.startsWith('START npm ci')).toBe(true);
		expect(cut).toContain('npm ERR! code E404 left-pad');
		expect(cut.endsWith('END exit code 1')).toBe(true);
		expect(cut).toMatch(/\[… \d+ lines omitted …\]/);
	});

	it('keep the start and the end of one over-long line, redacted before the cut', () => {
		const token = SAMPLE.github;
		const head = 'a'.repeat(2_990);
		const text = `${head}${token}${'b'.repeat(100_000)}${token}${'c'.repeat(2_990)}`;
		const cut = cutToCharBudget(text, 12_000);
		expect(cut.length).toBeLessThan(13_000);
		expect(cut).not.toContain(token.slice(0, 8));
		expect(cut).not.toContain(token.slice(-8));
	});

	it('are redacted after the cut, and a cancelled run stops between the steps', async () => {
		const text = `${'password.'.repeat(1_000_000)}\nDB_PASSWORD=Hunter2x9`;
		const started = process.cpuUsage();
		const prepared = await prepareToolResultText(text, { budgetTokens: 1_500 });
		const used = process.cpuUsage(started);
		expect((used.user + used.system) / 1e6).toBeLessThan(1);
		expect(prepared).not.toContain('Hunter2x9');
		const controller = new AbortController();
		controller.abort(new Error('total timeout reached'));
		await expect(prepareToolResultText(text, { budgetTokens: 1_500, signal: controller.signal })).rejects.toThrow('total timeout reached');
	});
});
