import { analyseLog } from '../../../nodes/shared/triage/analyser';
import { findFailureRegion } from '../../../nodes/shared/triage/ranking';

/**
 * Whole CI logs: thousands of lines in which the cause sits well before the end, among harmless
 * lines that say "error", and followed by wrappers, summaries and later steps. Each case is a shape
 * of log, not one tool's exact text.
 */
const filler = (n: number, what = 'compiling') => Array.from({ length: n }, (_, i) => `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.0000000Z ${what} unit ${i}`);

describe('whole-log analysis', () => {
	it('finds the single ERROR-level line among 200,000 INFO lines', () => {
		const info = (i: number) => `2024-05-01 10:00:00,${String(i % 1000).padStart(3, '0')} INFO  [worker-${i % 8}] o.a.store.Segment - flushed segment ${i}`;
		const lines = Array.from({ length: 200_000 }, (_, i) => info(i));
		lines[117_321] = '2024-05-01 10:00:01,442 ERROR [worker-3] o.a.store.Segment - checksum mismatch in segment 117321: data corrupted';
		const analysis = analyseLog(lines.join('\n'));
		expect(analysis.evidence[0]).toMatchObject({ line: 117_322, rule: 'log-level-error' });
		expect(analysis.evidence[0].confidence).not.toBe('low');
	});

	it('prefers the compiler error inside a BuildKit step to the "did not complete successfully" wrapper', () => {
		const log = [
			...filler(300, '#9 12.3 transforming'),
			'#9 41.2 src/main.c:17:5: error: implicit declaration of function ‘frobnicate’',
			'#9 41.3 make: *** [Makefile:12: main.o] Error 1',
			'#9 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2',
			'------',
			' > [build 4/6] RUN make:',
			'------',
			'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
		];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].line).toBe(301);
		expect(analysis.logClass).toBe('compile_error');
	});

	it('keeps a wrapper as evidence when it wraps nothing better', () => {
		const log = [...filler(300), 'ERROR: failed to solve: process "/bin/sh -c ./build.sh" did not complete successfully: exit code: 1'];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].line).toBe(301);
		expect(analysis.logClass).toBe('container_build');
	});

	it("takes Gradle's nested cause from the What went wrong block when nothing was printed before", () => {
		const log = [
			...filler(400, '> Task :app:preBuild UP-TO-DATE'),
			'',
			'FAILURE: Build failed with an exception.',
			'',
			'* What went wrong:',
			"Could not determine the dependencies of task ':app:compileDebugJavaWithJavac'.",
			'> SDK location not found. Define a valid SDK location with an ANDROID_HOME environment variable or by setting the sdk.dir path in your project\'s local properties file.',
			'',
			'* Try:',
			'> Run with --stacktrace option to get the stack trace.',
			'',
			'BUILD FAILED in 4s',
		];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].line).toBe(406);
		expect(analysis.logClass).toBe('missing_config');
	});

	it("prefers Kotlin's error line printed earlier to Gradle's block that points at it", () => {
		const log = [
			'> Task :app:compileDebugKotlin',
			"e: file:///home/runner/work/app/src/main/java/com/acme/Main.kt:12:5 Unresolved reference: frobnicate",
			...filler(300, '> Task :app:lint'),
			'FAILURE: Build failed with an exception.',
			'',
			'* What went wrong:',
			"Execution failed for task ':app:compileDebugKotlin'.",
			'> A failure occurred while executing org.jetbrains.kotlin.compilerRunner.GradleCompilerRunnerWithWorkers$GradleKotlinCompilerWorkAction',
			'   > Compilation error. See log for more details',
			'',
			'* Try:',
			'BUILD FAILED in 1m 2s',
		];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].line).toBe(2);
	});

	it('demotes licence text that says "unauthorized" and "failure" in sentences', () => {
		const licence = [
			'---------------------------------------',
			'Terms and Conditions',
			'1.1 The Android Software Development Kit (referred to in the License Agreement as the "SDK") is licensed to you subject to the terms of the License Agreement.',
			'3.4 You may not use the SDK for any purpose not expressly permitted by the License Agreement, and any unauthorized use is a failure to comply.',
			'12.1 In no event shall Google be liable for any indirect, consequential damages, including loss of data, whether or not an error occurred.',
			'13.1 The License Agreement shall be governed by the laws of the State of California without limitation.',
			'Accept? (y/N): y',
		];
		const log = [...filler(200), ...licence, ...filler(200), "src/app.ts(3,1): error TS2304: Cannot find name 'frobnicate'.", 'Found 1 error.'];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].text).toContain('error TS2304');
		expect(analysis.logClass).toBe('compile_error');
	});

	it('prefers an error in the failing step to errors printed in steps that carried on, and to post-job cleanup', () => {
		const log = [
			'##[group]Run actions/checkout@v4',
			'##[endgroup]',
			'warning: could not resolve host cache.internal, falling back',
			'fatal: unable to access cache: Could not resolve host: cache.internal',
			...filler(300, 'Receiving objects'),
			'##[group]Run npm test',
			'##[endgroup]',
			...filler(300, 'PASS src'),
			'  ● Cart › applies the discount',
			'',
			'    expect(received).toBe(expected) // Object.is equality',
			'Tests:       1 failed, 311 passed, 312 total',
			'##[error]Process completed with exit code 1.',
			'Post job cleanup.',
			'##[group]Run actions/cache/save',
			'Error: Cache save failed: connection refused',
		];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].text).toBe('  ● Cart › applies the discount');
		expect(analysis.logClass).toBe('test_failure');
	});

	it('finds where the failure surfaced and the step it belongs to', () => {
		expect(
			findFailureRegion({
				totalLines: 1000,
				terminalLines: [100, 700, 720, 760],
				sectionStarts: [
					{ line: 1, kind: 'github-step' },
					{ line: 500, kind: 'github-step' },
					{ line: 800, kind: 'post-job' },
				],
				toolBlocks: [],
			}),
		).toEqual({ surfacedAt: 700, lastMarker: 760, stepStart: 500, stepEnd: 800 });
		expect(findFailureRegion({ totalLines: 10, terminalLines: [], sectionStarts: [], toolBlocks: [] })).toBeUndefined();
	});

	it('classes a test runner timeout as a timeout, not a crash', () => {
		const log = [...filler(300, '=== RUN TestSync'), 'panic: test timed out after 10m0s', 'running tests:', '\tTestSync (10m0s)', '', 'goroutine 42 [running]:', 'testing.(*M).startAlarm.func1()'];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].line).toBe(301);
		expect(analysis.logClass).toBe('timeout');
	});

	it('does not call a bare SIGKILL an out-of-memory kill', () => {
		const log = [...filler(300), 'exec /usr/local/go/pkg/tool/linux_amd64/compile: signal: killed', 'FAIL\texample.com/pkg [build failed]'];
		expect(analyseLog(log.join('\n')).logClass).not.toBe('oom_killed');
		const oom = [...filler(300), '[ 812.4] Memory cgroup out of memory: Killed process 4242 (node) total-vm:4194304kB', 'Killed'];
		expect(analyseLog(oom.join('\n')).logClass).toBe('oom_killed');
	});

	it("quotes npm's message rather than its code line", () => {
		const log = [...filler(300), 'npm ERR! code ETARGET', 'npm ERR! notarget No matching version found for left-pad@^9.0.0.', 'npm ERR! notarget In most cases you or one of your dependencies are requesting', 'npm ERR! A complete log of this run can be found in:'];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence.map((e) => e.line).slice(0, 2)).toEqual([302, 301]);
		expect(analysis.logClass).toBe('dependency_resolution');
	});

	it('gives a failed log with only weak lines its best weak line, marked low', () => {
		const log = [...filler(50), 'deploy step could not finish', ...filler(5, 'cleanup')];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0]).toMatchObject({ line: 51, confidence: 'low' });
	});

	it('marks a tool error line in the failing step high confidence', () => {
		const log = [...filler(300), "src/app.ts(3,1): error TS2304: Cannot find name 'frobnicate'.", 'Found 1 error.', '##[error]Process completed with exit code 2.'];
		const analysis = analyseLog(log.join('\n'));
		expect(analysis.evidence[0].confidence).toBe('high');
		expect(analysis.classConfidence).toBe('high');
	});
});
