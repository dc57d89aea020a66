import type { FailureClass } from './classes';
import { KeywordScanner } from './keyword-scanner';
import { SECTION_WORDS } from './log-structure';

/**
 * How much a log line looks like a root cause. Scores: 12–14 a tool's own error line (compiler,
 * resolver, registry, kernel); 8–11 a specific failure phrase; 4–6 a generic error word. Noise rules
 * subtract: summaries printed after the real error, stack frames, warnings, and words that only
 * look like errors ("0 errors", "--fail-fast").
 */
export interface LineRule {
	id: string;
	pattern: RegExp;
	/**
	 * Patterns the line must also hold, anywhere. "A, and later B" written as one `A.*B` backtracks
	 * over every start of A (quadratic on a hostile line); two separate tests are linear.
	 */
	also?: RegExp[];
	score: number;
	class?: FailureClass;
}

const holds = (rule: { pattern: RegExp; also?: RegExp[] }, text: string) => rule.pattern.test(text) && (rule.also ?? []).every((pattern) => pattern.test(text));

export const ERROR_RULES: LineRule[] = [
	// Pod and scheduler messages (events, kubectl describe, kubelet)
	// Only what says memory. The shell's bare "Killed" line is the kernel's OOM kill of a build tool;
	// "signal: killed" or exit 137 alone is any SIGKILL (a context timeout, a cancel) and names no class.
	{ id: 'oom-killed', pattern: /\bOOMKilled\b|Out of memory: Kill(?:ed)? process|\boom[-_]kill|Memory cgroup out of memory|Killed signal terminated program|\bOOM[- ]killer\b/i, score: 14, class: 'oom_killed' },
	{ id: 'oom-killed', pattern: /(?:exit code|errno|code|status) 137\b/i, also: [/\b(?:memory|OOM)\b/i], score: 14, class: 'oom_killed' },
	{ id: 'shell-killed', pattern: /^Killed$|^fatal error: Killed\b/, score: 12, class: 'oom_killed' },
	{ id: 'killed', pattern: /signal: killed|(?:exit code|errno|code|status) 137\b/i, score: 10 },
	{ id: 'image-pull', pattern: /\b(?:ErrImagePull|InvalidImageName)\b|Failed to pull image/, score: 13, class: 'image_pull' },
	// The back-off is the consequence; the pull error above says why.
	{ id: 'image-pull-backoff', pattern: /\bImagePullBackOff\b|Back-off pulling image/, score: 11, class: 'image_pull' },
	{ id: 'config-error', pattern: /CreateContainerConfigError|CreateContainerError|couldn't find key \S+ in (?:Secret|ConfigMap)|(?:secrets?|configmaps?) "[^"]+" not found|container has runAsNonRoot and image will run as root|invalid volume|MountVolume\.SetUp failed|FailedMount|Unable to (?:attach or )?mount volumes/i, score: 13, class: 'config_error' },
	{ id: 'unschedulable', pattern: /FailedScheduling|(?<!\d)\d+\/\d+ nodes are available|Insufficient (?:cpu|memory|nvidia)|had untolerated taint|didn't match Pod's node affinity/, score: 13, class: 'unschedulable' },
	{ id: 'evicted', pattern: /eviction manager|must evict pod|[Ee]victing pod|The node was low on resource|The node had condition: \[\w+Pressure\]|Pod ephemeral local storage usage exceeds/, score: 13, class: 'evicted' },
	{ id: 'evicted-state', pattern: /\bEvicted\b/, score: 10, class: 'evicted' },
	// A failing liveness probe restarts the container; a readiness probe only takes it out of service.
	{ id: 'probe', pattern: /(?:Liveness|Startup) probe (?:failed|errored)|failed (?:liveness|startup) probe/i, score: 13, class: 'probe_failure' },
	{ id: 'readiness-probe', pattern: /Readiness probe (?:failed|errored)|failed readiness probe/i, score: 12, class: 'probe_failure' },
	{ id: 'crash-loop', pattern: /CrashLoopBackOff|Back-off restarting failed container/, score: 8, class: 'crash_loop_backoff' },

	// Credentials
	{ id: 'git-auth', pattern: /Authentication failed for '|Permission denied \(publickey|could not read (?:Username|Password) for|remote: (?:Invalid username or password|HTTP Basic: Access denied|Support for password authentication was removed)|Host key verification failed|terminal prompts disabled|fatal: could not read from remote repository/i, score: 14, class: 'git_auth' },
	{ id: 'registry-auth', pattern: /unauthorized: (?:authentication required|incorrect username or password|access to the requested resource is not authorized)|denied: requested access to the resource is denied|\bUNAUTHORIZED\b|insufficient_scope|no basic auth credentials|pull access denied|requested access to the resource is denied|authentication required|unauthorized to access repository|401 Unauthorized|403 Forbidden/i, score: 13, class: 'registry_auth' },

	// Resources
	{ id: 'disk-full', pattern: /no space left on device|\bENOSPC\b|disk quota exceeded|not enough (?:free )?(?:disk )?space|Insufficient (?:disk|storage) space|There is not enough space on the disk/i, score: 14, class: 'disk_space' },
	{ id: 'heap-oom', pattern: /JavaScript heap out of memory|java\.lang\.OutOfMemoryError|OutOfMemoryError: Java heap space|fatal error: runtime: out of memory|\bMemoryError\b|Cannot allocate memory/, score: 13, class: 'runtime_crash' },

	// Network, DNS, TLS
	{ id: 'dns', pattern: /Could not resolve host|getaddrinfo (?:ENOTFOUND|EAI_AGAIN)|\bEAI_AGAIN\b|Temporary failure in name resolution|no such host|Name or service not known|Name does not resolve|nodename nor servname|UnknownHostException|[Uu]nknown host\b|Could not resolve proxy|server misbehaving|lookup \S+ on \S+: /i, score: 13, class: 'network' },
	{ id: 'tls', pattern: /x509: certificate|certificate verify failed|SSL certificate problem|unable to get local issuer certificate|self[- ]signed certificate|SSLError|SSLHandshakeException|PKIX path building failed|CERT_HAS_EXPIRED|UNABLE_TO_VERIFY_LEAF_SIGNATURE|tls: failed to verify|certificate has expired/i, score: 13, class: 'network' },
	{ id: 'connect', pattern: /\bECONNREFUSED\b|Connection refused|\bECONNRESET\b|Connection reset by peer|\bETIMEDOUT\b|i\/o timeout|network is unreachable|TLS handshake timeout|Connection timed out|read operation timed out|Failed to connect to|ConnectException|ConnectTimeoutException|Read timed out|Could not connect to|Network is unreachable|socket hang up|EHOSTUNREACH|no route to host|dial tcp (?:\[[^\]\s]*\]|[^\s:[]+)(?::\d+)?: connect|Client\.Timeout exceeded|request canceled while waiting for connection|connection (?:was )?closed by (?:remote|peer)/i, score: 11, class: 'network' },

	// Permissions
	{ id: 'permission', pattern: /\bEACCES\b|\bEPERM\b|Permission denied|Operation not permitted|Access is denied|PermissionError|AccessDeniedException|is not writable|cannot create directory|Read-only file system|must be run as root|detected dubious ownership in repository|unsafe repository \(/i, score: 12, class: 'permission_denied' },
	{ id: 'permission', pattern: /unable to open /i, also: [/ for writing/i], score: 12, class: 'permission_denied' },

	// Dependency resolution
	{ id: 'npm-code', pattern: /^npm (?:ERR!|error) code (?:E(?!LIFECYCLE|ACCES|PERM|NOSPC|NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT)[A-Z0-9]+|ERR_\w+)/, score: 13, class: 'dependency_resolution' },
	{ id: 'npm-resolve', pattern: /^npm (?:ERR!|error) (?:404|ERESOLVE|notarget|Could not resolve dependency|While resolving|peer dep|code ETARGET|No matching version found|Conflicting peer dependency)/i, score: 11, class: 'dependency_resolution' },
	{ id: 'yarn-pnpm', pattern: /Couldn't find (?:package|any versions for)|ERR_PNPM_\w+|YN0001|YN0035|Unable to resolve dependency tree|No matching version found for|ERESOLVE/, score: 12, class: 'dependency_resolution' },
	{ id: 'maven-resolve', pattern: /Could not resolve dependencies for project|Could not (?:find|resolve) artifact|Failure to find \S+ in|Could not transfer artifact|Non-resolvable (?:parent|import) POM|was cached in the local repository, resolution will not be reattempted/, score: 13, class: 'dependency_resolution' },
	{ id: 'gradle-resolve', pattern: /Could not resolve all (?:files|dependencies|artifacts) for configuration|Could not find [\w.-]+:[\w.-]+(?::[\w.-]+)?\.|Could not resolve [\w.-]+:[\w.-]+:[\w.-]+/, score: 12, class: 'dependency_resolution' },
	{ id: 'pip-resolve', pattern: /No matching distribution found for|Could not find a version that satisfies the requirement|ResolutionImpossible|conflicting dependencies|pip's dependency resolver/i, score: 13, class: 'dependency_resolution' },
	{ id: 'pip-resolve', pattern: /Cannot install /i, also: [/because these package versions have conflicting/i], score: 13, class: 'dependency_resolution' },
	{ id: 'go-resolve', pattern: /\bgo: /, also: [/unknown revision|no matching versions|: 404\b|\bmodule \S+ not found|cannot find module providing package|missing go\.sum entry|: checksum mismatch/], score: 13, class: 'dependency_resolution' },
	{ id: 'go-resolve', pattern: /cannot find package "[^"]*" in any of|no required module provides package|no Go files in|is not in GOROOT|malformed module path/, score: 13, class: 'dependency_resolution' },
	{ id: 'cargo-resolve', pattern: /failed to select a version for|no matching package named|failed to load source for dependency|failed to get `[^`]+` as a dependency|version solving failed/, score: 13, class: 'dependency_resolution' },
	{ id: 'bundler-module', pattern: /Cannot find module: '|Module not found: Error: Can't resolve|Module not found: Can't resolve/, score: 12, class: 'compile_error' },
	{ id: 'module-missing', pattern: /Cannot find module '[^']+'|Module not found: Error: Can't resolve|ModuleNotFoundError: No module named|ImportError: cannot import name|ERR_MODULE_NOT_FOUND/, score: 12, class: 'dependency_resolution' },

	// Compilers
	{ id: 'tsc', pattern: /\berror TS\d{4,5}:/, score: 14, class: 'compile_error' },
	{ id: 'java-compile', pattern: /\.(?:java|kt|kts|scala|groovy):\[?\d+(?:[,:]\d+)?\]?:? (?:error:|e:)|\[ERROR\] \S+\.(?:java|kt|scala):\[\d+,\d+\]|^e: \S+\.kt/, score: 14, class: 'compile_error' },
	{ id: 'compile-header', pattern: /COMPILATION ERROR|^Failed to compile\.?$/, score: 7, class: 'compile_error' },
	{ id: 'tool-error', pattern: /^(?:g\+\+|gcc|cc|c\+\+|clang(?:\+\+)?|cc1(?:plus)?|ld|as|ar|javac|kotlinc|scalac|swiftc|rustc|go|nvcc|cmake|ninja|msbuild|dotnet|protoc): (?:fatal )?error: /, score: 12, class: 'compile_error' },
	// Android lint's fatal findings: `File.kt:23: Error: message [IssueId]`.
	{ id: 'android-lint', pattern: /\.(?:kt|java|xml|gradle|kts):\d+: Error: /, score: 13, class: 'lint' },
	{ id: 'dart-compile', pattern: /^[^\s:]+\.dart:\d+:\d+: Error: /, score: 14, class: 'compile_error' },
	{ id: 'c-compile', pattern: /\.(?:c|cc|cpp|cxx|h|hh|hpp|m|mm|swift|cs):\d+(?::\d+)?: (?:fatal )?error:|\): error C\d{4}:|\.cs\(\d+,\d+\): error CS\d+|undefined reference to|ld: symbol\(s\) not found|collect2: error/, score: 14, class: 'compile_error' },
	{ id: 'go-compile', pattern: /^(?:\.\/)?[^\s:]+\.go:\d+:\d+: (?!warning)\S/, score: 13, class: 'compile_error' },
	{ id: 'rust-compile', pattern: /\berror\[E\d{4}\]: |^\s+--> \S+\.rs:\d+:\d+/, score: 13, class: 'compile_error' },
	{ id: 'compile-phrase', pattern: /cannot find symbol|incompatible types|undeclared identifier|has no member named|is not assignable to type|does not exist on type|Unresolved reference|cannot find name|SyntaxError: |syntax error|unexpected token|expected ';'|not declared in this scope|fatal error: \S+: No such file or directory|Compilation failed|error: unknown type name|imported and not used|declared and not used|undefined: \w+/i, score: 10, class: 'compile_error' },

	// Tests
	{ id: 'pytest-failed', pattern: /^FAILED \S+::\S+|^E\s{2,}\S|^_{3,} \S+ _{3,}$/, score: 12, class: 'test_failure' },
	{ id: 'go-test', pattern: /^\s*--- FAIL: \S+|^\s*\S+_test\.go:\d+:|^\s*Error:\s+(?:Not equal|Should|Received unexpected|Expected|An error is expected|\S+\.go:\d+)/, score: 12, class: 'test_failure' },
	// Jest's `● Suite › test` header (not its `● Console` blocks) and the assertion under it; vitest's
	// and mocha's failed-test marks; the `FAIL <file>` line only names the file, so it ranks below them.
	{ id: 'jest-fail', pattern: /^\s*●\s+\S[^›]*› |^\s*● (?!Console\b)\S|expect\(received\)|^\s*(?:Expected|Received)(?: value)?:\s|toMatchSnapshot|Snapshot `[^`]*` mismatched/, score: 11, class: 'test_failure' },
	{ id: 'jest-fail', pattern: /^\s*[×✕✗✘] \S/, also: [/(?<![\d.])\d+ ?ms\)?$/], score: 11, class: 'test_failure' },
	// The same cross without a test's duration in milliseconds is some tool's failed item (docker compose's `✘ db Error … 15.1s`).
	{ id: 'cross-mark', pattern: /^\s*(?:[×✕✗✘]|❌) ?\S/, score: 10 },
	{ id: 'test-file-failed', pattern: /^FAIL\s+\S+\.(?:test|spec)\.[cm]?[jt]sx?/, score: 9, class: 'test_failure' },
	// A diagnostic with its position after a cross (tsd, xo, standard).
	{ id: 'diagnostic-mark', pattern: /^\s*✖\s+\d+:\d+\s+\S/, score: 12 },
	{ id: 'junit-fail', pattern: /^Failed tests:|^Tests in error:|\[ERROR\]\s+[\w$]+\.[\w$.]*:\d+ |\[ERROR\] Failures:\s*$|There (?:are|were) test failures|Tests run: \d+, Failures: [1-9]|\bFAILED\s*$|> Task :\S+test FAILED|tests completed, \d+ failed/, score: 11, class: 'test_failure' },
	{ id: 'assertion', pattern: /AssertionError|AssertionFailedError|assert(?:ion)? failed|ComparisonFailure/i, score: 12, class: 'test_failure' },
	{ id: 'assertion', pattern: /expected:</i, also: [/> but was:</i], score: 12, class: 'test_failure' },
	{ id: 'assertion', pattern: /\bExpected /, also: [/ to (?:equal|be|have)\b/], score: 12, class: 'test_failure' },
	{ id: 'assertion', pattern: /\bexpected /i, also: [/ (?:to equal|but got)\b/i], score: 12, class: 'test_failure' },
	{ id: 'assertion', pattern: /\bassert /i, also: [/ == /], score: 12, class: 'test_failure' },
	// Test protocols: TAP's `not ok N` (not a TODO or SKIP), Mozilla's harness results.
	{ id: 'tap-not-ok', pattern: /^not ok \d+\b(?!.*# (?:TODO|SKIP))/i, score: 9, class: 'test_failure' },
	{ id: 'test-unexpected', pattern: /\bTEST-UNEXPECTED-(?:FAIL|ERROR|CRASH|NOTRUN)\b/, score: 13, class: 'test_failure' },
	{ id: 'process-crash', pattern: /\bPROCESS-CRASH\b/, score: 13, class: 'runtime_crash' },
	{ id: 'test-unexpected-timeout', pattern: /\bTEST-UNEXPECTED-TIMEOUT\b/, score: 13, class: 'timeout' },
	// Surefire and Failsafe mark each failed or erroring test class and method.
	{ id: 'surefire-test', pattern: /<<< (?:FAILURE|ERROR)!$/, score: 12, class: 'test_failure' },
	{ id: 'test-generic', pattern: /\btests? failed\b|\bfailing tests?\b|\b\d+ failing\b|Test Suites: \d+ failed/i, score: 7, class: 'test_failure' },

	// Container builds
	{ id: 'dockerfile', pattern: /Dockerfile parse error|unknown instruction:|COPY failed|ADD failed|failed to compute cache key|"\/[^"]*": not found|failed to read dockerfile|invalid reference format|manifest unknown|manifest for \S+ not found|failed to resolve source metadata|error building at STEP|error building image|error building stage|failed to get destination image|unable to parse Dockerfile/i, score: 12, class: 'container_build' },
	{ id: 'http-404', pattern: /\b404 Not Found\b|ERROR 404\b|returned error: 404|status code 404/, score: 10, class: 'dependency_resolution' },
	{ id: 'tekton-step-exit', pattern: /"step-[\w.-]+" exited with code [1-9]\d*/, score: 9 },
	{ id: 'kaniko-push-check', pattern: /error checking push permissions/, score: 9, class: 'container_build' },
	{ id: 'node-gyp', pattern: /gyp ERR! (?:build error|stack Error: `(?:make|msbuild)` failed)/, score: 7, class: 'compile_error' },
	{ id: 'docker-step', pattern: /failed to solve:|did not complete successfully: exit code|returned a non-zero code: \d+|Error: building at STEP|executor failed running/i, score: 7, class: 'container_build' },

	// Configuration
	{ id: 'missing-env', pattern: /\benv(?:ironment variable| var)?\s+\S+\s+(?:is )?(?:not set|missing|required|undefined|must be set)|Missing required (?:environment|env|config|configuration|parameter|argument|option)|(?:is|must be) set in the environment|KeyError: '[A-Z][A-Z0-9_]+'|required (?:environment variable|config(?:uration)?|setting) \S* ?(?:is )?(?:not set|missing)/i, score: 12, class: 'missing_config' },
	{ id: 'missing-env', pattern: /Unable to load config|could not find (?:a )?(?:config|configuration|\.env)|Error: (?:Config|Configuration) validation error|is required but was not provided|Could not resolve placeholder|SDK location not found|No value (?:given|present) for|undefined (?:environment )?variable/i, score: 12, class: 'missing_config' },
	{ id: 'missing-env', pattern: /(?:give|provide|set|define|specify) (?:the |an? )?'?[A-Z][A-Z0-9_]{2,}'? (?:environment|env) variable|\b[A-Z][A-Z0-9_]{2,} must be set\b|\b[A-Z][A-Z0-9_]{2,}: unbound variable/i, score: 12, class: 'missing_config' },
	{ id: 'missing-env', pattern: /not set\b/i, also: [/\b(?:env|environment)\b/i], score: 12, class: 'missing_config' },
	{ id: 'missing-config-file', pattern: /\bconfig(?:uration)? file /i, also: [/not found|does not exist|missing/i], score: 12, class: 'missing_config' },
	{ id: 'missing-config-file', pattern: /No such file or directory/i, also: [/\.(?:ya?ml|json|env|conf|cfg|ini|properties|toml)\b/i], score: 12, class: 'missing_config' },
	{ id: 'missing-env', pattern: /\bproperty /i, also: [/ is required\b/i], score: 12, class: 'missing_config' },

	// Timeouts
	// A test runner's timeout is a timeout, even when the runner reports it as a panic or an exception.
	{ id: 'test-timeout', pattern: /^panic: test timed out after|Exceeded timeout of \d+ ?ms for a (?:test|hook)|Timeout - Async callback was not invoked|^(?:E\s+)?Failed: Timeout >|(?<!\+)\+{5,} Timeout \+{5}|Timeout of \d+ms exceeded|Test timed out (?:after|in) \d|TestTimedOutException|test timed out after \d+|timed out after \d+ (?:milli)?seconds/i, score: 14, class: 'timeout' },
	{ id: 'timeout', pattern: /context deadline exceeded|in the time allotted|timed out waiting for|\btimed out\b|TaskRun "?[\w-]+"? failed to finish within|PipelineRun "?[\w-]+"? failed to finish within|exceeded (?:the )?(?:timeout|deadline)|Timeout of \d+[a-z]* exceeded|took longer than|deadline exceeded|\bTimeoutError\b|operation timed out|Timed out after/i, score: 10, class: 'timeout' },

	// Linters
	{ id: 'linter-suffix', pattern: /\((?:errcheck|ineffassign|govet|staticcheck|unused|gosimple|revive|golint|stylecheck|gofmt|goimports|deadcode|misspell|gocritic|gosec|typecheck|structcheck|varcheck|lll|dupl|goconst|gocyclo|unparam|prealloc)\)$/, score: 14, class: 'lint' },
	// A GitHub Actions error annotation with a file and line: a tool's diagnostic, whatever the tool.
	{ id: 'annotation', pattern: /^::error file=[^\s,]+,line=\d+/, score: 13 },
	{ id: 'helm-lint', pattern: /\[ERROR\] [\w./-]+: render error|\[ERROR\] Chart\.yaml:|chart\(s\) linted, \d+ chart\(s\) failed/, score: 11, class: 'lint' },
	{ id: 'golangci', pattern: /\.go:\d+:\d+: /, also: [/ \((?:ineffassign|errcheck|govet|staticcheck|unused|gosimple|revive|golint|stylecheck|gofmt|goimports|deadcode|misspell|gocritic|gosec|lll|dupl|goconst|gocyclo|unparam|nakedret|prealloc|exhaustive|godot|whitespace|wsl|nlreturn|varnamelen|goerr113|wrapcheck|typecheck)\)$/], score: 14, class: 'lint' },
	{ id: 'eslint', pattern: /^(?:Error:)?\s*\d+:\d+\s+(?:error|✖)\s+\S|✖ \d+ problems? \(\d+ errors?|^[^\s:]+\.pyi?:\d+:\d+: [A-Z]{1,3}\d{2,4}\b|would reformat|had format violations|Code style issues found|Lint errors found|Found \d+ errors? \(\d+ fixable|\b\d+ errors? found\. *$|code has been rated at|\[warn\] Code style issues/i, score: 12, class: 'lint' },

	// apt and dpkg: a package that cannot be found, configured or installed.
	{ id: 'apt-dpkg', pattern: /^dpkg: error processing |^E: Unable to locate package |^E: Package '[^']*' has no installation candidate|^E: Unable to correct problems, you have held broken packages|^E: Version '[^']*' for '[^']*' was not found|^E: Failed to fetch /, score: 12, class: 'dependency_resolution' },
	// A shell's own error names the script line and the command that failed.
	{ id: 'shell-error', pattern: /^(?:\S+: )?line \d+: (?:[^:\n]{1,200}: ){1,3}(?:No such file or directory|Permission denied|Is a directory|Not a directory|Bad substitution|unbound variable|syntax error)/, score: 12 },
	{ id: 'maven-no-project', pattern: /requires a project to execute but there is no POM in this directory|The specified user settings file does not exist|Non-readable POM/, score: 12, class: 'missing_config' },

	// Crashes
	{ id: 'container-start', pattern: /^exec \S+: no such file or directory|exec format error|exec user process caused|executable file not found in \$PATH|OCI runtime (?:create|exec) failed|failed to create shim task|starting container process caused|command not found|Command not found|: not found$|is not recognized as an internal or external command|is not recognized as the name of a cmdlet/, score: 12 },
	{ id: 'address-in-use', pattern: /EADDRINUSE|address already in use|bind: address already in use/i, score: 12, class: 'runtime_crash' },
	{ id: 'panic', pattern: /^panic: |Observed a panic|\bruntime error: |^fatal error: |goroutine \d+ \[running\]|Segmentation fault|SIGSEGV|SIGABRT|core dumped|Aborted \(core dumped\)|Exception in thread "|Unhandled(?:Promise)?Rejection|uncaught exception|Uncaught \w*Error|FATAL EXCEPTION|Fatal Python error|thread '[^']*' panicked at/i, score: 12, class: 'runtime_crash' },
	{ id: 'exception-line', pattern: /^(?:[A-Za-z_][\w$]*\.)*(?!Assertion)[A-Z]\w*(?:Error|Exception|Exit|Interrupt)(?::\s+\S.*)?$/, score: 12, class: 'runtime_crash' },
	{ id: 'caused-by', pattern: /^Caused by: \S+(?:Error|Exception)/, score: 11, class: 'runtime_crash' },
	{ id: 'traceback', pattern: /^Traceback \(most recent call last\):/, score: 7, class: 'runtime_crash' },

	// A line a program logged at error level: in a long log of INFO lines, the one ERROR is news.
	{ id: 'log-level-error', pattern: /^(?:ERRO|FATA|PANI)\[\d+\] |^(?:\[[^\]]{1,40}\] ?){0,2}(?:<?(?:ERROR|FATAL|SEVERE|CRITICAL|CRIT|EMERG|ALERT|PANIC)>?|\[(?:ERROR|FATAL|SEVERE|CRITICAL|E)\]|E\/[\w.-]{1,40}(?:\(\s*\d+\))?:) |^\S{1,40} (?:ERROR|FATAL|SEVERE|CRITICAL) |\blevel=(?:error|fatal|crit)\b|"(?:level|severity|lvl)"\s*:\s*"(?:error|fatal|critical|err)"|\bseverity=(?:ERROR|FATAL|CRITICAL)\b| \| (?:ERROR|FATAL) +\| /, score: 9 },

	// Generic error words: a floor, so unknown tools still get evidence.
	{ id: 'error-prefix', pattern: /^(?:\[?(?:ERROR|FATAL|CRITICAL|Error|error|fatal|FAIL|FAILED|Failed)\]?(?:\[[^\]]*\])?[:!]|(?:ERROR|FATAL|CRITICAL|PANIC)\s{2,}|##\[error\](?!Process completed)|::error\b|level=(?:error|fatal)\b|"level":\s*"(?:error|fatal)"|\b[EF]\d{4} \d{2}:\d{2}:\d{2})/, score: 8 },
	{ id: 'error-word', pattern: /\b(?:error|errors|fatal|failed|failure|exception|cannot|can't|could not|couldn't|unable to|not found|invalid|refused|denied|forbidden|unauthori[sz]ed)\b/i, score: 4 },
	{ id: 'exit-code', pattern: /exit(?:ed)? (?:with )?(?:code|status) [1-9]\d*|non-zero exit/i, score: 3 },
];

export interface NoiseRule {
	id: string;
	pattern: RegExp;
	/** Subtracted from the line's score. */
	penalty: number;
	/** Matched on the line with only its timestamps and step names removed (indentation and code frames kept). */
	raw?: boolean;
	also?: RegExp[];
}

/** Lines tools print after the real error, and words that only look like errors. */
export const NOISE_RULES: NoiseRule[] = [
	{ id: 'npm-aftermath', pattern: /^npm (?:ERR!|error) (?:A complete log of this run|\s+\/\S*_logs\/|code ELIFECYCLE|errno (?!137)\d|Exit status \d|Failed at the \S+ script|This is probably not a problem with npm|Lifecycle script .* failed|command failed|command sh -c|path \/|Log files were not written|Fix the upstream|this command with --force|to accept an incorrect|See \S+ for a full report|\s*$|$)/, penalty: 10 },
	{ id: 'maven-aftermath', pattern: /\[ERROR\] (?:-> \[Help 1\]|Re-run Maven|To see the full stack trace|\s+mvn <\w+> |For more information about the errors|\[Help 1\]|After correcting the problems|\s*$)|BUILD FAILURE|\[INFO\] (?:BUILD FAILURE|Total time|Finished at)/, penalty: 8 },
	{ id: 'maven-aftermath', pattern: /\[ERROR\]\s+mvn /, also: [/ -rf :/], penalty: 8 },
	{ id: 'maven-aftermath', pattern: /\[ERROR\] Failed to execute goal /, also: [/Compilation failure|There are test failures/], penalty: 8 },
	{ id: 'gradle-aftermath', pattern: /^BUILD FAILED(?: in|$)|^> Task :\S+ FAILED$|^FAILURE: Build failed with an exception|^\* (?:Try|Get more help|What went wrong):?|Run with --(?:stacktrace|info|debug|scan)|Compilation failed; see the compiler error output/, penalty: 8 },
	{ id: 'make-aftermath', pattern: /^make(?:\[\d+\])?: \*\*\* |recipe for target ['`][^'`]*' failed|^error: Recipe for target/, penalty: 9 },
	{ id: 'script-aftermath', pattern: /error: script "[^"]*" exited with code|error Command failed with exit code|info Visit https:\/\/yarnpkg|\bELIFECYCLE\b|Command failed with exit code|Process completed with exit code|##\[error\]Process completed|^ERROR: Job failed|script returned exit code|Error: Process completed|exited with code \d+$|^Error: exit status \d+$|^exit status \d+$|The process '[^']*' failed with exit code/i, penalty: 9 },
	// pytest's closing line: `===== 1 failed, 2 passed in 0.12s =====`.
	{ id: 'compiler-summary', pattern: /^={3,} /, also: [/\b\d+ failed\b/, /(?<!=)={3,}$/], penalty: 7 },
	{ id: 'compiler-summary', pattern: /✖ \d+ problems? \(|For more information about this error, try|error: could not compile `|error: aborting due to|Found \d+ errors? in \d+ files?|^Found \d+ errors?\.?$|\b\d+ errors? generated\.|^\d+ errors?$|Errors: \d+$|make: \*\*\*|^Tests: +\d+ failed|^Test Suites: +\d+ failed|^=+ short test summary info =+$|^FAIL\t\S+\t|^FAIL\s*$|^ok\s+\S+\s+\d|Tests run: \d+, Failures: \d+, Errors: \d+, Skipped: \d+, Time elapsed/, penalty: 7 },
	// Test runners echo the failing test's source around the error: pytest's indented `    assert x == y`
	// and `>   assert …`, the code frames of Jest, Babel and tsc (`  12 |   expect(…)`). Matched on
	// the line with its indentation and frame kept (`raw`).
	{ id: 'source-echo', pattern: /^(?:>| ) {3,}(?:assert\b|self\.assert)|^\s*(?:>\s*)?\d+ \|(?:\s|$)/, penalty: 6, raw: true },
	{ id: 'stack-frame', pattern: /\bnew \w*Error\(|^\s*throw |\$\{\w+\}|^\s*\^+\s*$|^\s+at [\w$.<>[\]/ -]+[(:]|^\s+File "[^"]+", line \d+|^\s+\.\.\. \d+ more$|^\s*at (?:async )?\S+ \(|^\s+\/\S+\.go:\d+ \+0x|^\s+[\w.]+\(.*\)$|^goroutine \d+ \[(?!running)/, penalty: 6 },
	{ id: 'looks-like-error', pattern: /\b0 (?:errors?|failures?|failed|problems?)\b|\berrors?: 0\b|failures?: 0\b|\bno errors?\b|without errors|--fail-fast|error-prone|errorprone|\bonerror\b|\berror\.log\b|\berror_log\b|if-no-files-found|ignore-errors|continue-on-error|\berrexit\b|fail_fast|failfast|allow_failure|--no-fail|ErrorHandler|errorCount|\bretrying\b|will retry|trying again|retry \d+\/\d+|\[\d+\/\d+\] Retrying|error_reporting|Failures: 0, Errors: 0/i, penalty: 10 },
	// Passing tests whose names hold error words (TAP `ok 209 test-cluster-eaddrinuse`), and pip's
	// famous notice that it printed as ERROR while the install carried on.
	{ id: 'passing-test', pattern: /^ok \d+ |^(?:PASS|PASSED|✓|✔)\s|\bPASSED\b|pip's dependency resolver does not currently take into account/, penalty: 10 },
	// A test that skipped itself says why, often in words that look like errors.
	{ id: 'test-skip', pattern: /_test\.go:\d+: (?:skipping|skipped)\b|\bSKIP(?:PED)?\b|\bskipping (?:test|this)\b/i, penalty: 6 },
	{ id: 'warning', pattern: /^\s*(?:npm )?WARN\b|\bwarning[:\]]|[a-z]Warning: |\[WARNING\]|\[warn\]|level=warn|^W\d{4} |DeprecationWarning|\bdeprecated\b/i, penalty: 6 },
	{ id: 'informational', pattern: /^\s*(?:\[INFO\]|INFO\b|level=info|DEBUG\b|\[DEBUG\]|\+ )|^\s*(?:Step \d+\/\d+ :|#\d+ \[|Running |Downloading |Downloaded |Fetching |Collecting |Requirement already satisfied)/, penalty: 4 },
];

// Cheap first pass: a line must contain one of these to be scored at all. It keeps analysis of big
// logs fast (the analyser scans whole chunks for them); every error rule above needs one of these
// words, which a test checks against every line of the labelled corpus.
const CANDIDATE_WORDS = [
	'err', 'fail', 'fatal', 'panic', 'exception', 'denied', 'unauthori', 'forbidden', 'timeout', 'timed out',
	'deadline', 'no space', 'enospc', 'killed', 'oom', 'out of memory', 'refused', 'reset by', 'closed by',
	'not found', 'cannot', 'can\'t', 'could not', 'couldn\'t', 'unable', 'invalid', 'missing', 'x509',
	'certificate', 'ssl', 'eacces', 'eperm', 'permission', 'not permitted', 'eresolve', 'traceback',
	'segmentation', 'sigsegv', 'sigabrt', 'abort', 'assert', 'expected', 'expect(', 'received:', 'unresolved',
	'undefined', 'no such', 'no module', 'unknown', 'backoff', 'evicted', 'insufficient', 'probe', 'not set',
	'required', 'no matching', 'conflict', 'impossible', 'incompatible', 'syntax', 'unexpected', 'exit code',
	'exit status', 'exited with', 'non-zero', 'unreachable', 'no route', 'hang up', 'reformat', 'style issue',
	'caused by', 'quota', 'crash', 'goroutine', 'low on resource', 'ephemeral', 'pressure',
	'nodes are available', 'eaddrinuse', 'address already', 'taint', 'affinity', 'read-only', 'not writable',
	'checksum', 'must be', 'rated at', 'environment', 'env var', 'runasnonroot', 'not used', 'authentication',
	'took longer', 'must be set', 'unbound variable', 'time allotted', 'evict', '404', 'no go files',
	// Structure without an error word: file:line references of Python and Go tools, jest and eslint marks.
	'.py:', '.go:', '.kt:', '.kts:', '●', '✖', '×', '✕', '✗', '✘', '❌', 'not ok', '::error', '.dart:',
];

/** Decides in one pass whether a line (or each line of a chunk) holds a candidate word. */
export const CANDIDATE_SCANNER = new KeywordScanner(CANDIDATE_WORDS);

/** The analyser's first pass: candidate words, plus the words of lines that show the log's shape (log-structure.ts). */
export const ANALYSER_SCANNER = new KeywordScanner([...CANDIDATE_WORDS, ...SECTION_WORDS, 'what went wrong']);

export interface LineScore {
	score: number;
	class?: FailureClass;
	rule?: string;
}

/** Prefixes that carry no meaning for matching: timestamps, Tekton step names, BuildKit step numbers. */
// Each takes one separating blank at most: the indentation after it is the line's own layout.
export const LINE_PREFIXES = [
	// `gh run view --log`: the job and the step, each followed by a tab, before the timestamp.
	/^[^\t\n]{1,120}\t[^\t\n]{1,120}\t(?=\d{4}-\d{2}-\d{2}T)/,
	/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?[ \t]/,
	/^\[\d{2}:\d{2}:\d{2}(?:\.\d+)?\][ \t]?/,
	/^\[\d{4}-\d{2}-\d{2}[T ][^\]]*\][ \t]?/,
	// fastlane's `[08:38:44]: ▸ ` and Terraform's diagnostic box `│ `.
	/^\[\d{2}:\d{2}:\d{2}\]: (?:▸ )?/,
	/^[│╷╵] ?/,
	// A job-phase tag with a time (`[task 2025-02-13T11:00:27.837Z] `), then a bare time of day.
	/^\[[\w-]{1,20} \d{4}-\d{2}-\d{2}T[^\]]{1,40}\][ \t]?/,
	/^\d{2}:\d{2}:\d{2}(?:[.,]\d+)?[ \t]+(?=[A-Z])/,
	// Tekton's tkn prefixes: `[step-build]`, `[build : step-build]`; not `[ERROR]` or `[INFO]`.
	/^\[(?:[\w.-]+ : [\w.-]+|step-[\w.-]+)\][ \t]/,
	// syslog (`kubelet[123]: `) and klog (`E0903 15:42:11.286116    5950 file.go:12] `) headers
	/^[\w.-]+\[\d+\]: /,
	/^[IWEF]\d{4}(?: \d{2}:\d{2}:\d{2}\.\d+)?\s+(?:\d+ )?[\w.-]+:\d+\] /,
	/^#\d+ (?:\d+(?:\.\d+)? )?/,
	/^\s*\d+\s+\|\s/,
	/^(?:remote: )?\s*(?=\S)/,
];

/** The last two prefixes are a code frame's line number and indentation: they carry layout, not noise. */
const LAYOUT_PREFIXES = 2;

export function stripMeaninglessPrefixes(line: string): string {
	let text = line;
	for (const prefix of LINE_PREFIXES) text = text.replace(prefix, '');
	return text;
}

function stripPrefixesKeepingLayout(line: string): string {
	let text = line;
	for (let i = 0; i < LINE_PREFIXES.length - LAYOUT_PREFIXES; i++) text = text.replace(LINE_PREFIXES[i], '');
	return text;
}

/**
 * Classes that name a cause win over classes that name the stage that failed when one line matches
 * both: "npm ERR! code EACCES" is a permission problem, not a dependency problem; a Maven resolution
 * error caused by an unknown host is a network problem.
 */
const CAUSE_CLASSES = new Set<FailureClass>([
	'oom_killed',
	'disk_space',
	'network',
	'registry_auth',
	'git_auth',
	'permission_denied',
	'missing_config',
	'image_pull',
	'config_error',
	'unschedulable',
	'evicted',
	'probe_failure',
	// A test that failed because it ran out of time is a timeout (the issue's class rule).
	'timeout',
]);

const ERROR_PREFIX = /^\[?(?:ERROR|FATAL|Error|error|fatal)\]?[:!]/;

/**
 * GitHub Actions' error annotation (`##[error]…`, written by problem matchers and `core.error`): the
 * text after it is the tool's own message and is scored as such; an annotated line is at least a
 * specific failure phrase.
 */
const ERROR_ANNOTATION = '##[error]';
const ANNOTATION_FLOOR: LineRule = { id: 'error-annotation', pattern: /^##\[error\]/, score: 9 };

export function scoreLine(line: string): LineScore {
	if (!CANDIDATE_SCANNER.test(line)) return { score: 0 };
	return scoreLineUnfiltered(line);
}

/** scoreLine without the cheap first pass; tests use it to prove the pass hides nothing. */
export function scoreLineUnfiltered(line: string): LineScore {
	const stripped = stripMeaninglessPrefixes(line);
	const annotated = stripped.startsWith(ERROR_ANNOTATION);
	const text = annotated ? stripped.slice(ERROR_ANNOTATION.length) : stripped;
	let best: LineRule | undefined;
	let bestClassed: LineRule | undefined;
	for (const rule of ERROR_RULES) {
		if (!holds(rule, text)) continue;
		if (!best || rule.score > best.score) best = rule;
		if (rule.class && (!bestClassed || outranksForClass(rule, bestClassed))) bestClassed = rule;
	}
	if (annotated && (!best || best.score < ANNOTATION_FLOOR.score)) best = ANNOTATION_FLOOR;
	if (!best) return { score: 0 };
	let penalty = 0;
	let layout: string | undefined;
	for (const noise of NOISE_RULES) {
		if (noise.penalty <= penalty) continue;
		if (holds(noise, noise.raw ? (layout ??= stripPrefixesKeepingLayout(line)) : text)) penalty = noise.penalty;
	}
	// "Error: Cannot find module" beats a source excerpt quoting the same words.
	const prefixBonus = best.score >= 10 && ERROR_PREFIX.test(text) ? 1 : 0;
	return { score: best.score + prefixBonus - penalty, class: bestClassed?.class, rule: best.id };
}

function outranksForClass(rule: LineRule, current: LineRule): boolean {
	const ruleIsCause = CAUSE_CLASSES.has(rule.class!);
	const currentIsCause = CAUSE_CLASSES.has(current.class!);
	if (ruleIsCause !== currentIsCause) return ruleIsCause;
	return rule.score > current.score;
}
