import { checkSync } from 'recheck';
import { BLOCK_HELP, GRADLE_BLOCK_END, GRADLE_BLOCK_START, LEGAL_TEXT, POINTS_ELSEWHERE, SECTION_STARTS, TERMINAL_MARKERS } from '../../../nodes/shared/triage/log-structure';
import { WRAPPER } from '../../../nodes/shared/triage/ranking';
import { ERROR_RULES, LINE_PREFIXES, NOISE_RULES, scoreLineUnfiltered } from '../../../nodes/shared/triage/rules';

/**
 * Logs are untrusted: every pattern the analyser runs on a line must take time linear in the line,
 * whatever the line holds. recheck (a ReDoS checker) proves each pattern has no super-linear
 * backtracking; a 2,000-character line (the analyser's cut) built against each pattern shows it.
 */
const PATTERNS: Array<[string, RegExp]> = [
	...ERROR_RULES.flatMap((rule, index) => [rule.pattern, ...(rule.also ?? [])].map((pattern, part): [string, RegExp] => [`rule ${index} ${rule.id} ${part}`, pattern])),
	...NOISE_RULES.flatMap((rule, index) => [rule.pattern, ...(rule.also ?? [])].map((pattern, part): [string, RegExp] => [`noise ${index} ${rule.id} ${part}`, pattern])),
	...LINE_PREFIXES.map((pattern, index): [string, RegExp] => [`prefix ${index}`, pattern]),
	...SECTION_STARTS.map(({ kind, pattern }): [string, RegExp] => [`section ${kind}`, pattern]),
	...TERMINAL_MARKERS.map((pattern, index): [string, RegExp] => [`terminal ${index}`, pattern]),
	['gradle block start', GRADLE_BLOCK_START],
	['gradle block end', GRADLE_BLOCK_END],
	['points elsewhere', POINTS_ELSEWHERE],
	['block help', BLOCK_HELP],
	['legal text', LEGAL_TEXT],
	['wrapper', WRAPPER],
];

describe('the analyser\'s patterns run in linear time', () => {
	it.each(PATTERNS)('recheck finds no super-linear backtracking in %s', (_name, pattern) => {
		const result = checkSync(pattern.source, pattern.flags.replace('g', ''), { timeout: 30_000 });
		expect({ status: result.status, attack: result.status === 'vulnerable' ? result.attack.string.slice(0, 40) : undefined }).toEqual({ status: 'safe', attack: undefined });
	});

	it('scores 2,000-character lines of every rule\'s own alphabet in well under a second each', () => {
		const alphabets = ['a', ' ', '0', '.', ':', '/', '-', '|', 'error ', 'exit code 137 ', 'Cannot install ', 'go: x: reading ', '.go:3:3: ', '[ERROR] Tests run:', 'TIMEOUT OF 0', '= 0 failed', 'THE PROCESS \'', "thread '"];
		for (const unit of alphabets) {
			const line = unit.repeat(Math.ceil(2000 / unit.length)).slice(0, 2000);
			const started = process.cpuUsage();
			scoreLineUnfiltered(line);
			const used = process.cpuUsage(started);
			expect({ unit, fast: (used.user + used.system) / 1e6 < 0.2 }).toEqual({ unit, fast: true });
		}
	});
});
