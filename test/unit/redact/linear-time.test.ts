import { checkSync } from 'recheck';
import { MAX_REDACTION_CHARS, redactErrorText, redactSecretsSync } from '../../../nodes/shared/redact/redact';

import { ATTACKS, bare, line, ownPatterns, runPattern } from './attacks';

/**
 * CPU seconds of this process: on a busy machine wall time also counts waiting for a core. Callers
 * run a small sample first, so the JIT's first compile of a code path is not counted either.
 */
const seconds = (work: () => unknown) => {
	const started = process.cpuUsage();
	work();
	const used = process.cpuUsage(started);
	return (used.user + used.system) / 1e6;
};

describe('redaction patterns run in linear time', () => {
	it('has attack lines for every pattern of the rule table', () => {
		expect(ownPatterns.map(([name]) => name).sort()).toEqual(Object.keys(ATTACKS).sort());
	});

	it.each(ownPatterns)('recheck finds no super-linear backtracking in %s', (_name, pattern) => {
		const result = checkSync(pattern.source, pattern.flags.replace('g', ''), { timeout: 20_000 });
		expect(result.status).toBe('safe');
	});

	it('recheck flags the old secret-assignment pattern, so the check can fail', () => {
		const old = /\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token)[A-Za-z0-9_.-]*["']?\s*(?:=|:)\s*)(["']?)([^\s"'&,;)}\]]{3,})\2/i;
		expect(checkSync(old.source, old.flags, { timeout: 20_000 }).status).toBe('vulnerable');
	});

	it.each(ownPatterns)('holds a 1 MB adversarial line under 1 s for %s, alone and through the whole redaction', (name, pattern) => {
		for (const attack of ATTACKS[name]) {
			redactSecretsSync(attack.slice(0, 10_000));
			expect(seconds(() => runPattern(pattern, attack))).toBeLessThan(1);
			expect(seconds(() => redactSecretsSync(attack))).toBeLessThan(1);
		}
	});

	it.each(ownPatterns)('does not overflow the regex stack on an 8 MB run in %s', (_name, pattern) => {
		const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
		for (const unit of ['a', 'aA1', ' ', '*', '-', '=', 'x']) {
			const run = unit.repeat(Math.ceil(MAX_REDACTION_CHARS / unit.length));
			global.lastIndex = 0;
			expect(() => global.exec(run)).not.toThrow();
		}
	});

	it.each([
		['secretlint basic auth', bare('https://a:a@', 'a.')],
		['secretlint Slack', bare('xoxb-', 'a-')],
		['secretlint GitHub app token', bare('ghs_1_a.', 'a')],
		['secretlint npm _authToken', line('_authToken=')],
		['secretlint database URL', line('postgres://a:')],
		['terminal escapes', line('\u001b[;')],
		['JSON nesting', line('{"a":')],
		['escaped JSON', line('{\\"kind\\":\\"Secret\\",\\"data\\":{\\"a\\":\\"')],
		['YAML Secrets', line('kind: Secret\ndata:\n  a: b\n')],
	])('holds a 1 MB line against %s under 1 s', (_name, attack) => {
		redactErrorText(attack.slice(0, 10_000));
		expect(seconds(() => redactSecretsSync(attack))).toBeLessThan(1);
		expect(seconds(() => redactErrorText(attack))).toBeLessThan(1);
	});
});
