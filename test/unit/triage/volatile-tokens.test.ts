import { performance } from 'node:perf_hooks';
import { VOLATILE_RULES, normaliseVolatileTokens } from '../../../nodes/shared/triage/volatile-tokens';
import { generatedNamesOf, replaceGeneratedNames } from '../../../nodes/shared/triage/generated-names';

/** 1 MB lines built from the characters the patterns match, repeated without ever completing a match. */
const MB = 1 << 20;
const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
const ADVERSARIAL = [
	fill('a'),
	fill('1'),
	fill(' '),
	fill('1.'),
	fill('1:'),
	fill(':'),
	fill('a:'),
	fill('12:34:5'),
	fill('/tmp/'),
	fill('/tmp/a'),
	fill('/var/folders/a/'),
	fill('tmp.'),
	fill('request id '),
	fill('request id: '),
	fill('Dec  1 '),
	fill('2026-11-20T'),
	fill('0x'),
	fill('deadbeef-'),
	fill('#1 1.1'),
	fill('took 1'),
	fill('[1]'),
	fill('a/b:'),
	fill('1m1'),
	`/tmp/${'1'.repeat(MB)}x`,
	`/tmp/${'a'.repeat(MB)}-`,
	`/tmp/${'aB1'.repeat(MB / 3)}.`,
	...['pid', 'seed', 'ts', 'took', 'commit', 'request id', 'Dec', '#1'].map((key) => `${key}${' '.repeat(MB)}x`),
];

describe('volatile-token patterns', () => {
	it.each(VOLATILE_RULES.map((rule) => [rule.name, rule]))('%s takes under 1 s on each 1 MB adversarial line', (_name, rule) => {
		let slowest = 0;
		for (const line of ADVERSARIAL) {
			const started = performance.now();
			line.replace(rule.pattern, rule.replace as string);
			slowest = Math.max(slowest, performance.now() - started);
		}
		expect(slowest).toBeLessThan(1000);
	});

	it('replacing generated names takes under 1 s on a 1 MB line', () => {
		const names = generatedNamesOf({ podName: 'api-7d9f8c6b5-qwxzb', generateName: 'api-7d9f8c6b5-', labels: { 'pod-template-hash': '7d9f8c6b5' } });
		const started = performance.now();
		replaceGeneratedNames(fill('api-7d9f8c6b5-'), names);
		expect(performance.now() - started).toBeLessThan(1000);
	});

	it('leave a line without volatile tokens as it is, apart from runs of spaces', () => {
		expect(normaliseVolatileTokens('npm ERR! 404 Not Found - GET https://registry.npmjs.org/@acme%2ficons -  Not found ')).toBe(
			'npm ERR! 404 Not Found - GET https://registry.npmjs.org/@acme%2ficons - Not found',
		);
	});
});
