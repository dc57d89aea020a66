import { computeFingerprint, fingerprintLines, fullLinesOf, normaliseForFingerprint, type FailureIdentity } from '../../../nodes/shared/triage/failure-fingerprint';
import { generatedNamesOf, replaceGeneratedNames } from '../../../nodes/shared/triage/generated-names';
import { legacyFingerprint } from '../../../nodes/shared/triage/legacy-fingerprint';
import { buildReportFromLog } from '../../../nodes/shared/triage/report';
import { loadPairs, reportOf, type FailureSpec } from '../../support/fingerprint-pairs';

const tekton = (pipelineRun: string) => ({ tekton: { pipeline: 'build', pipelineTask: 'compile', pipelineRun }, container: 'step-make', exitCode: 1 }) satisfies FailureSpec;

describe('the labelled pairs in test/fixtures/fingerprint-pairs', () => {
	const pairs = loadPairs();

	it('hold at least 150 pairs, each with a reason, in both labels', () => {
		expect(pairs.length).toBeGreaterThanOrEqual(150);
		expect(pairs.filter((pair) => pair.label === 'same').length).toBeGreaterThan(50);
		expect(pairs.filter((pair) => pair.label === 'different').length).toBeGreaterThan(50);
	});

	it('keep at least 95 % of same pairs together and 95 % of different pairs apart', async () => {
		const missed = { same: [] as string[], different: [] as string[] };
		for (const pair of pairs) {
			const [a, b] = [await reportOf(pair.a), await reportOf(pair.b)];
			const together = a.fingerprint === b.fingerprint;
			if (together !== (pair.label === 'same')) missed[pair.label].push(`${pair.id}: ${pair.why}`);
		}
		const total = (label: 'same' | 'different') => pairs.filter((pair) => pair.label === label).length;
		const kept = (label: 'same' | 'different') => (total(label) - missed[label].length) / total(label);
		expect({ same: kept('same') >= 0.95, different: kept('different') >= 0.95, missed }).toEqual({ same: true, different: true, missed: expect.anything() });
	});
});

describe('the failures the issue names', () => {
	const line = (text: string): FailureSpec => ({ ...tekton('build-run-x2f9k'), log: [text] });
	const fingerprintOf = async (spec: FailureSpec) => (await reportOf(spec)).fingerprint;

	it.each([
		['HTTP 500 vs 404', 'smoke: GET /api/orders answered HTTP 500', 'smoke: GET /api/orders answered HTTP 404'],
		['ports after an address', 'Error: connect ECONNREFUSED 10.96.0.15:5432', 'Error: connect ECONNREFUSED 10.96.0.15:6379'],
		['versions', 'ERROR: No matching distribution found for numpy==1.26.4', 'ERROR: No matching distribution found for numpy==2.0.1'],
		['test names that differ by a number', 'FAILED tests/test_api.py::test_status[api_1] - assert 500 == 200', 'FAILED tests/test_api.py::test_status[api_2] - assert 500 == 200'],
		['files under /tmp', "cp: cannot stat '/tmp/cosign.key': No such file or directory", "cp: cannot stat '/tmp/release-notes.md': No such file or directory"],
		['StatefulSet pods named in the line', 'error: replica db-1 is not in sync', 'error: replica db-2 is not in sync'],
	])('keeps %s apart', async (_name, a, b) => {
		expect(await fingerprintOf(line(a))).not.toBe(await fingerprintOf(line(b)));
	});

	it.each([
		['syslog dates', 'Nov 30 23:59:58 api[1]: Error: connect ECONNREFUSED 10.96.0.15:5432', 'Dec  1 00:00:03 api[1]: Error: connect ECONNREFUSED 10.96.0.15:5432'],
		['letters-only request ids', 'Error: status 429: rate limited (request id: QWKZJMXVBNTRPLSD)', 'Error: status 429: rate limited (request id: HFDKSLQWPZMXNCVB)'],
		['IPv6 addresses', 'error: connection to server at "fd00:10:96::a3f1", port 5432 failed: Connection refused', 'error: connection to server at "fd00:10:96::1b07", port 5432 failed: Connection refused'],
		['mixed-case temporary names', 'error: open /var/folders/x7/k2m9q1v5/T/cli-AbCdEf/cli: permission denied', 'error: open /var/folders/9d/b8w1x6tq/T/cli-QwErTy/cli: permission denied'],
	])('keeps the same failure together across %s', async (_name, a, b) => {
		expect(await fingerprintOf(line(a))).toBe(await fingerprintOf(line(b)));
	});

	it('keeps two runs together when their generated suffixes have no digit', async () => {
		const a = { ...tekton('build-run-qwxzb'), log: ['error: upload to s3://ci-reports/build-run-qwxzb/junit.xml failed: AccessDenied'] };
		const b = { ...tekton('build-run-kdtnm'), log: ['error: upload to s3://ci-reports/build-run-kdtnm/junit.xml failed: AccessDenied'] };
		expect(await fingerprintOf(a)).toBe(await fingerprintOf(b));
	});

	it('keeps bare pods apart whose names end in five letters', async () => {
		const pod = (name: string): FailureSpec => ({ pod: name, container: 'nginx', exitCode: 1, log: ['nginx: [emerg] host not found in upstream "backend:8080"'] });
		expect(await fingerprintOf(pod('web-proxy'))).not.toBe(await fingerprintOf(pod('web-cache')));
	});

	it('keeps lines apart that differ only after 2,000 characters', async () => {
		const prefix = `Error: template failed: ${'{"section":"two-column"},'.repeat(100)}`;
		expect(prefix.length).toBeGreaterThan(2000);
		const a = await buildReportFromLog(`${prefix} field=title\n`, { pipelineTask: 'render', container: 'step-render', exitCode: 1 });
		const b = await buildReportFromLog(`${prefix} field=author\n`, { pipelineTask: 'render', container: 'step-render', exitCode: 1 });
		expect(a.fingerprint).not.toBe(b.fingerprint);
	});

	it('tells apart Pipelines, exit codes and termination reasons with the same line', async () => {
		const base = { ...tekton('build-run-x2f9k'), log: ['make: *** [Makefile:23: all] Error 2'] };
		const fingerprints = await Promise.all([
			fingerprintOf(base),
			fingerprintOf({ ...base, tekton: { ...base.tekton, pipeline: 'release' } }),
			fingerprintOf({ ...base, exitCode: 2 }),
			fingerprintOf({ ...base, exitCode: 137, reason: 'DeadlineExceeded' }),
			fingerprintOf({ ...base, exitCode: 137, reason: 'Completed' }),
		]);
		expect(new Set(fingerprints).size).toBe(fingerprints.length);
	});
});

describe('fingerprintLines', () => {
	it('reads the last non-empty lines of the log when no line reached the evidence score', async () => {
		const a = await buildReportFromLog('rendering chapter 1 of 12\nwriting index\n\n', { pipelineTask: 'render', container: 'step-render', exitCode: 3 });
		const b = await buildReportFromLog('rendering chapter 1 of 12\nuploading assets\n', { pipelineTask: 'render', container: 'step-render', exitCode: 3 });
		// Only the log's last lines stand as (low-confidence) evidence; they tell the two apart.
		expect(a.evidence.every((e) => e.confidence === 'low')).toBe(true);
		expect(a.fingerprint).not.toBe(b.fingerprint);
		expect(fingerprintLines([], [{ line: 1, text: 'a' }, { line: 2, text: 'b' }, { line: 3, text: ' ' }, { line: 4, text: 'c' }, { line: 5, text: 'd' }])).toEqual([
			{ line: 2, text: 'b' },
			{ line: 4, text: 'c' },
			{ line: 5, text: 'd' },
		]);
	});

	it('takes the evidence lines shown with the best one and the line a colon announces, not evidence further away', () => {
		const context = [1, 2, 3, 4, 5].map((line) => ({ line, text: `line ${line}` }));
		const evidence = [
			{ line: 2, text: 'ERROR: unable to select packages:', context: context.slice(0, 4) },
			{ line: 4, text: 'npm ERR! also shown', context: context.slice(2, 5) },
			{ line: 90, text: 'far away', context: [] },
		];
		expect(fingerprintLines(evidence, []).map((line) => line.line)).toEqual([2, 3, 4]);
	});
});

describe('fullLinesOf', () => {
	it('returns the whole lines asked for, by 1-based number', () => {
		expect([...fullLinesOf('one\ntwo\n\nfour', [4, 2, 0])]).toEqual([
			[2, 'two'],
			[4, 'four'],
		]);
	});
});

describe('normaliseForFingerprint', () => {
	it.each([
		['syslog dates', 'Dec  6 10:21:37 ingest[1]: fatal', 'Dec 16 04:02:11 ingest[7]: fatal'],
		['ISO times with an offset', '2026-11-20T10:21:37.412+01:00 WARN x', '2026-11-21T02:00:01.871+01:00 WARN x'],
		["npm's debug-log names", 'see /root/.npm/_logs/2026-11-20T10_21_37_123Z-debug-0.log', 'see /root/.npm/_logs/2026-11-21T08_02_11_987Z-debug-0.log'],
		['klog headers', 'E1120 10:21:39.000872       1 reflector.go:147] failed', 'E1121 08:00:04.129004       7 reflector.go:147] failed'],
		["Go's log dates", '2026/11/20 10:21:37 Error executing command', '2026/11/21 14:03:59 Error executing command'],
		['HTTP dates', 'date: Fri, 20 Nov 2026 10:21:37 GMT', 'date: Sat, 21 Nov 2026 02:00:02 GMT'],
		['access-log dates', '[20/Nov/2026:10:21:37 +0000] "POST /ingest" 413', '[21/Nov/2026:02:00:01 +0000] "POST /ingest" 413'],
		['bracketed times', '[10:21:38.517] ERROR 409', '[22:04:12.940] ERROR 409'],
		['epoch seconds under a time key', '{"ts":1763634097.4128,"msg":"x"}', '{"ts":1763720531.0086,"msg":"x"}'],
		['epoch milliseconds', '{"time":1763634097412,"msg":"x"}', '{"time":1763720530961,"msg":"x"}'],
		['measured durations', 'poll took 3.2s; BUILD FAILED in 58s; Completed in 512ms', 'poll took 4.87s; BUILD FAILED in 1m 12s; Completed in 498ms'],
		['UUIDs', 'lock 2f3b7c1e-8d4a-4e6b-9c1f-0a5d7e3b9c21 held', 'lock 91c4d2a7-3e5f-4b1c-8d6a-7f2e0b9c4a13 held'],
		['long hex', 'container 4f2a9c81e7d3 exited', 'container b81c07d5aa49 exited'],
		['commit hashes after a commit word or in an image tag', 'HEAD is now at 3f9c2e1; push registry.acme.internal/api:3f9c2e1', 'HEAD is now at a71d0b4; push registry.acme.internal/api:a71d0b4'],
		['IPv4 addresses, keeping the port', 'dial tcp 10.96.41.9:5432: refused', 'dial tcp 10.96.188.20:5432: refused'],
		['ports the kernel chose', 'connect ECONNREFUSED 127.0.0.1:41237', 'connect ECONNREFUSED 127.0.0.1:38811'],
		['process ids', '(node:412) Warning; daemon process 731 died; pid=12', '(node:389) Warning; daemon process 688 died; pid=7'],
		["Go's temporary folders", 'open /tmp/goreleaser-dist2381907465/config.yaml', 'open /tmp/goreleaser-dist771204456/config.yaml'],
		["macOS's temporary folders", '/var/folders/x7/k2m9q1v53p7g8h0wz4r6c2y40000gn/T/cli-build-AbC123/cli', '/var/folders/9d/b8w1x6tq4hz2n7c5s0m3j1f80000gp/T/cli-build-Zy9Xw8/cli'],
		["Python's temporary folders", "'/tmp/tmpk3j2_a9x/checkpoint.pt'", "'/tmp/tmpq0wzhv7e/checkpoint.pt'"],
		['keyed request ids', 'RequestId: 4Q8R2ZK1T6W9YB3M, requestId=AJOdHZkq8d3Jv2XbN1rLcQ', 'RequestId: 9XJ7A2MC5PLV0DN4, requestId=Wt7pQm3kVzR9sYbE2nHcLg'],
		['random seeds', 'Using --randomly-seed=3482919042', 'Using --randomly-seed=771204456'],
	])('makes %s equal', (_name, a, b) => {
		expect(normaliseForFingerprint(a)).toBe(normaliseForFingerprint(b));
	});

	it.each([
		['status codes', 'returned error: 500', 'returned error: 404'],
		['ports', 'ECONNREFUSED 10.0.0.1:5432', 'ECONNREFUSED 10.0.0.1:6379'],
		['versions', 'okhttp:5.0.0-alpha.14', 'okhttp:5.0.0-alpha.16'],
		['four-part versions', 'numpy==1.2.3.4', 'numpy==1.2.3.5'],
		['file paths and line numbers', 'src/api/client.ts(42,7): error', 'src/api/client.ts(43,7): error'],
		['test names', 'FAIL: TestUpstreams/api_1', 'FAIL: TestUpstreams/api_2'],
		['configured timeouts', 'Error: Timeout of 2000ms exceeded', 'Error: Timeout of 5000ms exceeded'],
		['short hex codes that are not commits', 'HRESULT 0x80070005', 'HRESULT 0x80070057'],
		['case', 'Error: Permission denied', 'Error: permission denied'],
	])('keeps %s', (_name, a, b) => {
		expect(normaliseForFingerprint(a)).not.toBe(normaliseForFingerprint(b));
	});

	it('hashes the whole line: a difference after the first 2,000 characters stays', () => {
		const prefix = 'x'.repeat(5000);
		expect(normaliseForFingerprint(`${prefix} a`)).not.toBe(normaliseForFingerprint(`${prefix} b`));
	});
});

describe('generated names', () => {
	it('are known from generateName, the pod-template-hash, owner references, Tekton labels and the node', () => {
		const names = generatedNamesOf({
			podName: 'checkout-7d9f8c6b5-qwxzb',
			generateName: 'checkout-7d9f8c6b5-',
			labels: { 'pod-template-hash': '7d9f8c6b5' },
			ownerReferences: [{ kind: 'ReplicaSet', name: 'checkout-7d9f8c6b5' }],
			nodeName: 'worker-3',
		});
		expect(replaceGeneratedNames('pod checkout-7d9f8c6b5-qwxzb of checkout-7d9f8c6b5 on worker-3', names)).toBe('pod checkout-<pod-template-hash>-<suffix> of checkout-<pod-template-hash> on <node>');
	});

	it("replace Tekton's run names, a retry's pod and a CronJob's scheduled minute", () => {
		const tektonNames = generatedNamesOf({
			podName: 'build-run-qwxzb-compile-pod-retry1',
			labels: { 'tekton.dev/pipeline': 'build', 'tekton.dev/pipelineRun': 'build-run-qwxzb', 'tekton.dev/taskRun': 'build-run-qwxzb-compile', 'tekton.dev/pipelineTask': 'compile' },
		});
		expect(replaceGeneratedNames('build-run-qwxzb-compile-pod-retry1 build-run-qwxzb-compile build-run-qwxzb-lint build', tektonNames)).toBe('<taskrun>-pod <taskrun> <pipelinerun>-lint build');
		const cronNames = generatedNamesOf({ podName: 'nightly-backup-29403360-x8j2q', generateName: 'nightly-backup-29403360-', ownerReferences: [{ kind: 'Job', name: 'nightly-backup-29403360' }] });
		expect(replaceGeneratedNames('backup nightly-backup-29403360-x8j2q failed', cronNames)).toBe('backup nightly-backup-<scheduled>-<suffix> failed');
	});

	it('leave names alone that the metadata does not prove generated: bare pods and StatefulSet ordinals', () => {
		expect(generatedNamesOf({ podName: 'web-proxy' })).toEqual([]);
		expect(generatedNamesOf({ podName: 'db-1', ownerReferences: [{ kind: 'StatefulSet', name: 'db' }] })).toEqual([]);
	});

	it('are replaced only as whole names', () => {
		const names = generatedNamesOf({ podName: 'api-7d9f8c6b5-qwxzb', generateName: 'api-7d9f8c6b5-' });
		expect(replaceGeneratedNames('myapi-7d9f8c6b5-qwxzbx', names)).toBe('myapi-7d9f8c6b5-qwxzbx');
	});
});

describe('computeFingerprint', () => {
	const identity: FailureIdentity = { pipeline: 'build', task: 'compile', container: 'step-make', failureClass: 'compile_error', exitCode: 2, reason: 'Error', line: 'x', generatedNames: [] };

	it('is 16 hex characters and treats the moments of one failure as one reason', () => {
		expect(computeFingerprint(identity)).toMatch(/^[0-9a-f]{16}$/);
		expect(computeFingerprint({ ...identity, reason: 'ErrImagePull' })).toBe(computeFingerprint({ ...identity, reason: 'ImagePullBackOff' }));
		expect(computeFingerprint({ ...identity, reason: 'CrashLoopBackOff' })).toBe(computeFingerprint({ ...identity, reason: 'Error' }));
		expect(computeFingerprint({ ...identity, reason: 'OOMKilled' })).not.toBe(computeFingerprint(identity));
	});
});

describe('legacyFingerprint', () => {
	// Values the fingerprint of version 0.1 gave; open issues carry them, so they must not change.
	it.each([
		[{ pipelineTask: 'compile', container: 'step-make', failureClass: 'compile_error', evidence: "src/parser.c:118:5: error: implicit declaration of function 'strlcpy'" }, 'a700be0b98b684c0'],
		[
			{ podName: 'checkout-7d9f8c6b5-x2x4z', container: 'checkout', failureClass: 'image_pull', evidence: 'Warning Failed: Failed to pull image "registry.acme.internal/shop/checkout:2.8.1": not found at 2026-11-20T10:21:37Z from 10.0.0.5:5432' },
			'93eff7ac2bac5731',
		],
		[{ failureClass: 'unknown' }, '7321b70b31133f8b'],
	])('gives %j the value version 0.1 gave: %s', (input, expected) => {
		expect(legacyFingerprint(input)).toBe(expected);
	});

	it('is in every report beside the new fingerprint', async () => {
		const report = await reportOf({ ...tekton('build-run-x2f9k'), log: ["src/parser.c:118:5: error: implicit declaration of function 'strlcpy'"] });
		expect(report.legacyFingerprint).toBe(
			legacyFingerprint({ pipelineTask: 'compile', podName: report.location.pod, container: 'step-make', failureClass: report.category, evidence: report.evidence[0]?.text }),
		);
		expect(report.legacyFingerprint).not.toBe(report.fingerprint);
	});
});
