import { analyseLog, LogAnalyser } from '../../../nodes/shared/triage/analyser';
import type { FailureClass } from '../../../nodes/shared/triage/classes';
import { buildDigest } from '../../../nodes/shared/triage/digest';
import { countTokens } from 'gpt-tokenizer';

const noise = (n: number, prefix = 'INFO building module') => Array.from({ length: n }, (_, i) => `${prefix} ${i} of ${n} ok`);

// One realistic log per class: the root cause line, then what tools print after it.
const CASES: Array<[FailureClass, string[], string]> = [
	['dependency_resolution', ['npm ERR! code E404', 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/@acme%2fmissing - Not found', 'npm ERR! A complete log of this run can be found in:', 'npm ERR!     /root/.npm/_logs/2024-01-01T00_00_00_000Z-debug-0.log'], 'npm ERR! 404 Not Found - GET https://registry.npmjs.org/@acme%2fmissing - Not found'],
	['compile_error', ['> tsc -p .', "src/api/handler.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'.", 'Found 1 error.', 'npm ERR! code ELIFECYCLE', 'npm ERR! errno 2'], "src/api/handler.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'."],
	['test_failure', ['=== RUN   TestParse', '    parse_test.go:18: expected 3 items, got 2', '--- FAIL: TestParse (0.00s)', 'FAIL', 'FAIL\texample.com/parser\t0.012s'], '    parse_test.go:18: expected 3 items, got 2'],
	['container_build', ['Step 4/9 : COPY dist/ /app/', 'COPY failed: file not found in build context or excluded by .dockerignore: stat dist/: file does not exist', 'The command returned a non-zero code: 1'], 'COPY failed: file not found in build context or excluded by .dockerignore: stat dist/: file does not exist'],
	['registry_auth', ['INFO[0012] Pushing image to registry.example.com/team/app:1.2.3', 'error pushing image: failed to push to destination registry.example.com/team/app:1.2.3: unauthorized: authentication required'], 'error pushing image: failed to push to destination registry.example.com/team/app:1.2.3: unauthorized: authentication required'],
	['git_auth', ["Cloning into 'repo'...", "remote: Invalid username or password.", "fatal: Authentication failed for 'https://git.example.com/team/repo.git/'"], "fatal: Authentication failed for 'https://git.example.com/team/repo.git/'"],
	['disk_space', ['Extracting layer 3/7', 'error: failed to write /workspace/cache/blob: no space left on device', 'Error: exit status 1'], 'error: failed to write /workspace/cache/blob: no space left on device'],
	['network', ['Collecting requests==2.31.0', "WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError'", "ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded (Caused by NewConnectionError: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution)"], "ERROR: Could not install packages due to an OSError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded (Caused by NewConnectionError: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution)"],
	['permission_denied', ['mkdir: cannot create directory ‘/opt/app/.cache’: Permission denied', 'make: *** [build] Error 1'], 'mkdir: cannot create directory ‘/opt/app/.cache’: Permission denied'],
	['missing_config', ['Starting service', 'Error: environment variable DATABASE_URL is not set', 'exit status 1'], 'Error: environment variable DATABASE_URL is not set'],
	['timeout', ['Waiting for deployment "api" rollout to finish: 0 of 3 updated replicas are available...', 'error: timed out waiting for the condition'], 'error: timed out waiting for the condition'],
	['lint', ['> eslint src', '/app/src/index.js', '  12:5  error  \'unused\' is assigned a value but never used  no-unused-vars', '✖ 1 problem (1 error, 0 warnings)'], "  12:5  error  'unused' is assigned a value but never used  no-unused-vars"],
	['runtime_crash', ['starting worker', 'panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b2c]', 'goroutine 1 [running]:', 'main.main()', '\t/src/main.go:12 +0x2c'], 'panic: runtime error: invalid memory address or nil pointer dereference'],
	['oom_killed', ['[ 1234.5678] Memory cgroup out of memory: Killed process 4242 (java) total-vm:4194304kB', 'Killed'], '[ 1234.5678] Memory cgroup out of memory: Killed process 4242 (java) total-vm:4194304kB'],
	['image_pull', ['  Warning  Failed     12s   kubelet  Failed to pull image "registry.example.com/app:v9": rpc error: code = NotFound desc = manifest unknown', '  Warning  Failed     12s   kubelet  Error: ErrImagePull'], '  Warning  Failed     12s   kubelet  Failed to pull image "registry.example.com/app:v9": rpc error: code = NotFound desc = manifest unknown'],
	['config_error', ['  Warning  Failed  5s  kubelet  Error: secret "db-credentials" not found'], '  Warning  Failed  5s  kubelet  Error: secret "db-credentials" not found'],
	['unschedulable', ['  Warning  FailedScheduling  30s  default-scheduler  0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available'], '  Warning  FailedScheduling  30s  default-scheduler  0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available'],
	['evicted', ['Status: Failed', 'Reason: Evicted', 'Message: The node was low on resource: ephemeral-storage. Container build was using 10Gi, which exceeds its request of 0.'], 'Message: The node was low on resource: ephemeral-storage. Container build was using 10Gi, which exceeds its request of 0.'],
	['probe_failure', ['  Warning  Unhealthy  3s (x5 over 43s)  kubelet  Liveness probe failed: Get "http://10.0.0.5:8080/healthz": dial tcp 10.0.0.5:8080: connect: connection refused'], '  Warning  Unhealthy  3s (x5 over 43s)  kubelet  Liveness probe failed: Get "http://10.0.0.5:8080/healthz": dial tcp 10.0.0.5:8080: connect: connection refused'],
	['crash_loop_backoff', ['NAME         READY   STATUS             RESTARTS   AGE', 'api-7d9f8c   0/1     CrashLoopBackOff   5          3m', 'Error: listen EADDRINUSE: address already in use :::8080'], 'Error: listen EADDRINUSE: address already in use :::8080'],
];

describe('log analysis', () => {
	it.each(CASES)('classifies %s and picks its root-cause line first', (cls, lines, rootCause) => {
		const log = [...noise(30), ...lines, ...noise(5, 'DEBUG cleanup')].join('\n');
		const analysis = analyseLog(log);
		expect(analysis.logClass).toBe(cls);
		expect(analysis.evidence[0].text).toBe(rootCause);
		expect(analysis.evidence[0].line).toBe(31 + lines.indexOf(rootCause));
	});

	it('prefers the first real error over the summary noise after it', () => {
		const log = [
			'[INFO] Compiling 42 source files',
			'[ERROR] /src/main/java/com/acme/App.java:[17,9] cannot find symbol',
			'[ERROR]   symbol:   class Widget',
			'[INFO] BUILD FAILURE',
			'[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.11.0:compile (default-compile) on project app: Compilation failure',
			'[ERROR] -> [Help 1]',
			'make: *** [Makefile:12: build] Error 1',
		].join('\n');
		expect(analyseLog(log).evidence[0].line).toBe(2);
	});

	it('is not fooled by words that only look like errors', () => {
		const log = ['Tests: 0 failed, 12 passed', 'found 0 vulnerabilities', 'using --fail-fast', 'error-prone checks passed', 'Error: Cannot find module \'left-pad\''].join('\n');
		expect(analyseLog(log).evidence[0].line).toBe(5);
	});

	it('finds one root-cause line in the middle of a 200,000-line log', () => {
		const lines = noise(200_000, '2024-05-01T10:00:00Z step output line');
		lines[100_000] = 'src/server.ts(88,3): error TS2304: Cannot find name \'reqeust\'.';
		const analysis = analyseLog(lines.join('\n'));
		expect(analysis.lines).toBe(200_000);
		expect(analysis.evidence[0]).toMatchObject({ line: 100_001, text: lines[100_000] });
		expect(analysis.evidence[0].before.map((l) => l.line)).toEqual([99_998, 99_999, 100_000]);
		expect(analysis.evidence[0].after.map((l) => l.line)).toEqual([100_002, 100_003, 100_004]);
	});

	it('reads a log pushed in arbitrary chunks the same as whole', () => {
		const log = [...noise(50), 'fatal: Authentication failed for \'https://x/y.git/\'', ...noise(50)].join('\n');
		const analyser = new LogAnalyser();
		for (let i = 0; i < log.length; i += 7) analyser.push(log.slice(i, i + 7));
		const chunked = analyser.finish();
		expect(chunked.evidence[0]).toEqual(analyseLog(log).evidence[0]);
		expect(chunked.lines).toBe(101);
	});

	it('handles an empty log, and gives a log with no error its last lines as low-confidence evidence', () => {
		const empty = analyseLog('');
		expect(empty).toMatchObject({ lines: 0, evidence: [], logClass: 'unknown' });
		const clean = analyseLog(noise(40).join('\n'));
		// The last lines say the same thing with other numbers: one of them is enough.
		expect(clean.evidence.map((e) => [e.line, e.rule, e.confidence])).toEqual([[40, 'last-lines', 'low']]);
		expect(clean.logClass).toBe('unknown');
		expect(clean.classConfidence).toBe('low');
		expect(clean.head).toHaveLength(20);
		expect(clean.tail.at(-1)?.line).toBe(40);
	});

	it('replaces binary junk with a marker and still finds the error after it', () => {
		const junk = Array.from({ length: 200 }, (_, i) => String.fromCharCode(i % 32 === 10 ? 65 : i % 32)).join('') + '\ufffd'.repeat(40);
		const analysis = analyseLog([junk, junk, 'Error: no space left on device'].join('\n'));
		expect(analysis.binaryLines).toBe(2);
		expect(analysis.head[0].text).toBe('[binary data omitted]');
		expect(analysis.evidence[0]).toMatchObject({ line: 3, text: 'Error: no space left on device' });
	});

	it('strips ANSI colours and carriage-return progress from lines', () => {
		const analysis = analyseLog('Downloading 10%\rDownloading 100%\n\u001b[31merror\u001b[0m: \u001b[1mcould not compile\u001b[0m `app`\n\u001b[31merror[E0425]\u001b[0m: cannot find value `x` in this scope');
		expect(analysis.head[0].text).toBe('Downloading 100%');
		expect(analysis.evidence[0].text).toBe('error[E0425]: cannot find value `x` in this scope');
	});

	it('keeps very long lines short', () => {
		const analysis = analyseLog(`Error: ${'x'.repeat(10_000)}`);
		expect(analysis.evidence[0].text.length).toBeLessThan(2100);
		expect(analysis.evidence[0].text).toMatch(/line cut, 10007 characters/);
	});
});

describe('digest', () => {
	const lines = [...noise(500, 'progress line'), 'E  AssertionError: expected 200, got 500', ...noise(10, 'teardown'), ...Array(300).fill('WARN retrying connection'), 'done'];
	const analysis = analyseLog(lines.join('\n'));
	const input = { evidence: analysis.evidence, head: analysis.head, tail: analysis.tail, totalLines: analysis.lines };

	it('stays within its token budget and starts with the evidence', () => {
		for (const budget of [64, 256, 2000]) {
			const digest = buildDigest(input, budget);
			expect(countTokens(digest)).toBeLessThanOrEqual(budget);
			expect(digest).toContain('AssertionError: expected 200, got 500');
		}
	});

	it('collapses repeated lines with a count and marks omitted stretches', () => {
		const digest = buildDigest(input, 2000);
		expect(digest).toMatch(/WARN retrying connection {3}\[same line ×\d+, to line 811\]/);
		expect(digest).toMatch(/… \d+ lines omitted/);
		expect(digest).toMatch(/^> +501 \| E {2}AssertionError/m);
	});

	it('cuts an overlong evidence line to fit a tiny budget instead of dropping it', () => {
		const long = analyseLog(`error: ${'very long message '.repeat(200)}`);
		const digest = buildDigest({ evidence: long.evidence, head: long.head, tail: long.tail, totalLines: long.lines }, 40);
		expect(countTokens(digest)).toBeLessThanOrEqual(40);
		expect(digest).toMatch(/error: very long message/);
	});
});

describe('candidate filter', () => {
	it('never hides a line any rule would score (every line of both corpora and every case above)', () => {
		const { readFileSync, readdirSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
		const { join } = jest.requireActual<typeof import('node:path')>('node:path');
		const { scoreLine, scoreLineUnfiltered } = jest.requireActual<typeof import('../../../nodes/shared/triage/rules')>('../../../nodes/shared/triage/rules');
		const dirs = ['triage-corpus', 'triage-corpus-fresh'].map((corpus) => join(__dirname, '../../fixtures', corpus, 'logs'));
		const corpusLines = dirs.flatMap((dir) => readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n')));
		const lines = [...corpusLines, ...CASES.flatMap(([, l]) => l)];
		const hidden = lines.filter((line) => scoreLineUnfiltered(line).score > 0 && scoreLine(line).score === 0);
		expect(hidden).toEqual([]);
	});
});

describe('byte input', () => {
	it('reads UTF-8 bytes, split anywhere (inside a character too), the same as text', () => {
		const log = [...noise(40), 'Érreur: ✖ échec — Error: Cannot find module \'ünïcode\'', '● Suite › renders', ...noise(40)].join('\n');
		const bytes = Buffer.from(log, 'utf8');
		const analyser = new LogAnalyser();
		for (let i = 0; i < bytes.length; i += 5) analyser.push(bytes.subarray(i, i + 5));
		const fromBytes = analyser.finish();
		const fromText = analyseLog(log);
		expect(fromBytes.evidence).toEqual(fromText.evidence);
		expect(fromBytes.tail).toEqual(fromText.tail);
		expect(fromBytes.lines).toBe(fromText.lines);
		expect(fromBytes.evidence[0].text).toBe("Érreur: ✖ échec — Error: Cannot find module 'ünïcode'");
	});

	it('analyses a line longer than a megabyte in pieces instead of holding it', () => {
		const analyser = new LogAnalyser();
		analyser.push('x'.repeat(1_500_000));
		analyser.push('\nfatal: repository not found\n');
		const analysis = analyser.finish();
		expect(analysis.lines).toBe(3);
		expect(analysis.evidence[0]).toMatchObject({ line: 3, text: 'fatal: repository not found' });
	});
});
