/**
 * Attack lines for the redaction patterns, one megabyte each, built against each pattern of the rule
 * table: runs of its own alphabet, its prefix repeated, its separators without a value, and the old
 * cubic case (`password.` repeated). Used by the linear-time test and by `npm run bench:redact`.
 */
import { ERROR_LINE } from '../../../nodes/shared/agent/tool-results';
import * as rules from '../../../nodes/shared/redact/rules';

export const MB = 1024 * 1024;
/** `unit` repeated to one megabyte, plus an optional tail that makes the match fail at the end. */
export const line = (unit: string, tail = '') => unit.repeat(Math.ceil((MB - tail.length) / unit.length)) + tail;
export const bare = (prefix: string, unit: string, tail = '!') => prefix + line(unit, tail);

/** Every RegExp the rule table exports, by name: what the redaction scanners run; and the tool-result cut's error-line scan. */
export const ownPatterns: Array<[string, RegExp]> = [
	...Object.entries(rules.PATTERNS),
	...Object.entries(rules.PROVIDER_PATTERNS).map(([name, pattern]): [string, RegExp] => [`provider:${name}`, pattern]),
	['PLACEHOLDER_VALUE', rules.PLACEHOLDER_VALUE],
	['HASH_PREFIX', rules.HASH_PREFIX],
	['HASH_RUN_PREFIX', rules.HASH_RUN_PREFIX],
	['tool-results:ERROR_LINE', ERROR_LINE],
];

/**
 * Attack lines built against each pattern: runs of its own alphabet, its prefix repeated, its
 * separators without a value, and the old cubic case (`password.` repeated).
 */
export const ATTACKS: Record<string, string[]> = {
	keyHint: [line('password.'), line('password'), line('pass=pass='), line('"pass":"'), line('--password '), line('a-password_'), line('Authorization: '), line('Cookie: a='), line('- name: DB_PASSWORD\n'), line('machine h login u password '), line('\\"password\\":\\"'), line('password ')],
	passwordFlagTool: [line('mysql '), line('docker login '), line('docker  '), line('helm registry '), line('sqlcmd -P'), line('ldapsearch -w ')],
	shortPasswordFlag: [line(' -p'), line(' -p "'), line(" -p '"), line(' -pa')],
	userFlag: [line(' -u a:'), bare(' --user ', 'a'), line(' -u "a:b')],
	urlScheme: [line('://'), line('a://a:b'), bare('https://a:', '@'), line('a://:@/'), bare('https://', 'a:')],
	bearer: [line('Bearer '), bare('Bearer ', 'a'), line('Bearer a')],
	jwt: [bare('eyJ', 'a'), line('eyJaaaaaaaa.eyJ'), line('eyJaaaaaaaa.eyJaaaaaaaa.'), line('-eyJa')],
	pemArmour: [bare('-----BEGIN ', 'A '), line('-----BEGIN PRIVATE KEY-----\n'), line('-----END PRIVATE KEY-----'), line('-----BEGIN PRIVATE KEY-----')],
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
	'tool-results:ERROR_LINE': [line('exit with code '), line('timed  '), line('fail'), line('unable t'), line('exited with status 0 ')],
};

/** Runs a pattern over a text the way the scanners do (global, from `lastIndex`); returns the match count. */
export function runPattern(pattern: RegExp, text: string): number {
	const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
	let count = 0;
	for (let match = global.exec(text); match; match = global.exec(text)) {
		if (match[0] === '') global.lastIndex++;
		count++;
	}
	return count;
}

