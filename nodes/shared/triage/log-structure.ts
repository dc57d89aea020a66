/**
 * What an engineer sees in a whole CI log besides its error lines: where each CI step starts, the
 * lines that say the build or step failed (terminal markers), and the blocks in which a tool states
 * its own error. The analyser records them while it streams; `ranking.ts` uses them to prefer the
 * first cause inside the failing step over what comes before, around and after it.
 *
 * Every pattern here runs on one line already cut to the analyser's line limit, and is written
 * without nested or adjacent unbounded quantifiers, so it runs in linear time.
 */

/**
 * Lines that start a CI step or section. Words that find them are added to the analyser's cheap
 * first pass, so only these lines are decoded to check.
 */
export const SECTION_WORDS = ['##[group]', 'section_start:', '[pipeline] {', '[pipeline] stage', 'post job cleanup', '##[section]starting:'];

export const SECTION_STARTS: Array<{ kind: string; pattern: RegExp }> = [
	// GitHub Actions: `##[group]Run npm test` opens each step (the group wraps only its header).
	{ kind: 'github-step', pattern: /^##\[group\](?:Run |Post |Set up |Complete |Cleaning up|Getting |Runner |Operating |Virtual |GITHUB_TOKEN)/ },
	// Azure Pipelines: `##[section]Starting: Build`.
	{ kind: 'azure-step', pattern: /^##\[section\]Starting: / },
	// GitLab CI: `section_start:1700000000:step_script` (an escape code may follow).
	{ kind: 'gitlab-section', pattern: /section_start:\d+:[\w.-]+/ },
	// Jenkins pipeline: `[Pipeline] { (Build)` opens a stage's body.
	{ kind: 'jenkins-stage', pattern: /^\[Pipeline\] \{ \(/ },
	// GitHub Actions post steps run after the failed step, whatever happened.
	{ kind: 'post-job', pattern: /^Post job cleanup\.?$/ },
];

export function sectionStartOf(text: string): string | undefined {
	for (const { kind, pattern } of SECTION_STARTS) if (pattern.test(text)) return kind;
	return undefined;
}

/**
 * Lines in which a build tool or CI system says that the build or step has failed, as a consequence
 * of an error printed before (or, for Gradle and Maven, summarised right after). The first line of
 * the last run of such lines is where the failure surfaced.
 */
export const TERMINAL_MARKERS: RegExp[] = [
	/##\[error\]Process completed with exit code [1-9]/,
	/^ERROR: Job failed\b/,
	/^\[ERROR\] BUILD FAILURE$|^\[INFO\] BUILD FAILURE$|^BUILD FAILURE$/,
	/^FAILURE: Build (?:completed with \d+ failures|failed with an exception)\.?$/,
	/^BUILD FAILED(?: in |$)/,
	/^npm (?:ERR!|error) (?:code ELIFECYCLE|Lifecycle script `|command failed)/,
	/^error Command failed with exit code [1-9]/,
	/^ELIFECYCLE\b|ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL|^ {0,2}ELIFECYCLE /,
	/^make(?:\[\d+\])?: \*\*\* \[/,
	/did not complete successfully: exit code: [1-9]|returned a non-zero code: [1-9]|^error building at STEP /,
	/^ERROR: failed to solve: /,
	/^Error: building at STEP /,
	/script returned exit code [1-9]|^ERROR: script returned exit code/,
	/^Build step '[^']+' marked build as failure$/,
	/^Finished: FAILURE$/,
	/"step-[\w.-]+" exited with code [1-9]/,
	/^error: could not compile `/,
	/^FAIL\t\S+\t/,
	/^=+ (?:\d+ (?:failed|error)|FAILURES)\b/,
	/^Test Suites: \d+ failed/,
	/^Tests: +\d+ failed/,
	/^Error: Process completed with exit code [1-9]/,
	/^The command '.*' returned a non-zero code/,
	/^Exited with code (?:exit status )?[1-9]/,
	/^🚨 Error: The command exited with status [1-9]/,
	/^Unsuccessful task run with exit code: [1-9]/,
];

export function isTerminalMarker(text: string): boolean {
	for (const pattern of TERMINAL_MARKERS) if (pattern.test(text)) return true;
	return false;
}

/**
 * Gradle's "* What went wrong:" block: the lines up to "* Try:" are Gradle's own statement of the
 * failure. The nested `> …` lines are the causes, most specific last; some only point elsewhere.
 */
export const GRADLE_BLOCK_START = /^\* What went wrong:$/;
export const GRADLE_BLOCK_END = /^\* (?:Try|Exception is|Get more help):?$|^BUILD FAILED\b|^\d+: Task failed with an exception\.$/;
/** Nested lines that only point at output printed earlier: the cause is up there, not here. */
export const POINTS_ELSEWHERE = /See (?:the )?(?:log|compiler error output|report at)|There were failing tests|Compilation (?:error|failed)[.;]|Run with --|for more details$|see the report at|finished with non-zero exit value|A failure occurred while executing|Execution failed for|Lint found (?:fatal )?errors/i;
/** Lines inside the block that are help, not cause. */
export const BLOCK_HELP = /^\s*(?:Required by:|Searched in the following locations:|project :|> Run with|Possible solution:|- \S+|\* Try:)/;

/**
 * Licence and legal text printed by installers (Android's sdkmanager, EULAs, `--licenses`): it
 * says "unauthorized", "liable", "failure" in sentences that are not errors.
 */
export const LEGAL_TEXT =
	/\b(?:hereby|herein|hereunder|thereof|warrant(?:y|ies)|merchantability|indemnif\w*|liabilit(?:y|ies)|licensor|licensee|sublicens\w*|shall (?:not )?(?:be|have|not)|terms and conditions|this (?:license )?agreement|copyright holders?|without limitation|consequential damages|non-?infringement|you may not)\b/i;
