import { checkSync } from 'recheck';
import { MAX_REDACTION_CHARS, redactErrorText, redactSecretsSync } from '../../../nodes/shared/redact/redact';
import * as rules from '../../../nodes/shared/redact/rules';

const MB = 1024 * 1024;
/** `unit` repeated to one megabyte, plus an optional tail that makes the match fail at the end. */
const line = (unit: string, tail = '') => unit.repeat(Math.ceil((MB - tail.length) / unit.length)) + tail;
const bare = (prefix: string, unit: string, tail = '!') => prefix + line(unit, tail);

/** Every RegExp the rule table exports, by name: what the redaction scanners run. */
const ownPatterns: Array<[string, RegExp]> = [
	...Object.entries(rules.PATTERNS),
	...Object.entries(rules.PROVIDER_PATTERNS).map(([name, pattern]): [string, RegExp] => [`provider:${name}`, pattern]),
	['PLACEHOLDER_VALUE', rules.PLACEHOLDER_VALUE],
	['HASH_PREFIX', rules.HASH_PREFIX],
	['HASH_RUN_PREFIX', rules.HASH_RUN_PREFIX],
];

/**
 * Attack lines built against each pattern: runs of its own alphabet, its prefix repeated, its
 * separators without a value, and the old cubic case (`password.` repeated).
 */
const ATTACKS: Record<string, string[]> = {
	keyHint: [line('password.'), line('password'), line('pass=pass='), line('"pass":"'), line('--password '), line('a-password_'), line('Authorization: '), line('Cookie: a='), line('- name: DB_PASSWORD\n')],
	passwordFlagTool: [line('mysql '), line('docker login '), line('docker  '), line('helm registry ')],
	shortPasswordFlag: [line(' -p'), line(' -p "'), line(" -p '"), line(' -pa')],
	userFlag: [line(' -u a:'), bare(' --user ', 'a'), line(' -u "a:b')],
	urlScheme: [line('://'), line('a://a:b'), bare('https://a:', '@'), line('a://:@/'), bare('https://', 'a:')],
	bearer: [line('Bearer '), bare('Bearer ', 'a'), line('Bearer a')],
	jwt: [bare('eyJ', 'a'), line('eyJaaaaaaaa.eyJ'), line('eyJaaaaaaaa.eyJaaaaaaaa.'), line('-eyJa')],
	pemArmour: [bare('-----BEGIN ', 'A '), line('-----BEGIN PRIVATE KEY-----\n'), line('-----END PRIVATE KEY-----'), line('-----BEGIN PRIVATE KEY-----')],
	entropyCandidate: [line('aA1'), line(`${'a'.repeat(19)} `), line('='), line('aA1/')],
	secretKind: [line('kind: kind: '), bare('kind:', ' '), line('kind\\"'), line('"kind":"Secret",{"data":{"a":"')],
	yamlBlockScalar: [bare('|', '9'), line('|')],
	jsonStructure: [line('{"a":'), line('"'), line('[{'), line('{"kind":"Secret","data":{"a":"b",')],
	escapedJsonStructure: [line('\\"'), line('{\\"a\\":'), line('\\\\\\"')],
	'provider:pypi': [bare('pypi-', 'a'), line('pypi-')],
	'provider:google-api-key': [line('AIza'), bare('AIza', 'a', '')],
	'provider:aws-access-key-id': [line('AKIA'), line('ASIA0')],
	'provider:sk-api-key': [bare('sk-', 'a'), line('-sk-'), line('sk-a')],
	'provider:digitalocean': [line('dop_v1_'), bare('dop_v1_', 'a')],
	'provider:doppler': [line('dp.pt.'), bare('dp.pt.', 'a')],
	'provider:pulumi': [line('pul-'), bare('pul-', 'a')],
	'provider:postman': [line('PMAK-'), line('PMAK-aaaaaaaaaaaaaaaaaaaaaaaa-')],
	'provider:age': [bare('AGE-SECRET-KEY-1', 'Q'), line('AGE-SECRET-KEY-1')],
	'provider:sentry': [bare('sntrys_', 'a'), line('-sntrys_')],
	'provider:atlassian': [bare('ATATT3', 'a'), line('-ATATT3')],
	PLACEHOLDER_VALUE: [bare('<', 'a'), line('$'), line('*')],
	HASH_PREFIX: [line('sha1'), line('sha256:')],
	HASH_RUN_PREFIX: [line('sha512-')],
};

function runPattern(pattern: RegExp, text: string): number {
	const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
	let count = 0;
	for (let match = global.exec(text); match; match = global.exec(text)) {
		if (match[0] === '') global.lastIndex++;
		count++;
	}
	return count;
}

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
