/**
 * npm run bench:redact — redaction before (the baseline in bench/redact-baseline.ts, the code as it
 * was before issue 15) and after, in one run:
 *   1. shapes redacted out of the shape table (test/unit/redact/shapes.ts);
 *   2. per pattern, the longest CPU time on its 1 MB adversarial lines (test/unit/redact/attacks.ts),
 *      the pattern alone and the whole redaction of that line; the baseline on `password.` lines;
 *   3. MB/s on a realistic 50 MB build log (`--mb N` to change the size).
 * CPU time, not wall time: on a shared machine wall time also counts waiting for a core.
 */
import { spawnSync } from 'node:child_process';
import { ATTACKS, ownPatterns, runPattern } from '../test/unit/redact/attacks';
import { SHAPES, shapeHolds } from '../test/unit/redact/shapes';
import { redactSecretsSync } from '../nodes/shared/redact/redact';
import { baselineRedactSecrets } from './redact-baseline';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const index = args.indexOf(name);
	return index === -1 ? fallback : Number(args[index + 1]);
};

function cpuSeconds(work: () => unknown): number {
	const started = process.cpuUsage();
	work();
	const used = process.cpuUsage(started);
	return (used.user + used.system) / 1e6;
}

async function cpuSecondsAsync(work: () => Promise<unknown>): Promise<number> {
	const started = process.cpuUsage();
	await work();
	const used = process.cpuUsage(started);
	return (used.user + used.system) / 1e6;
}

const FILLER = [
	'2024-05-01T10:00:00.000Z [INFO] Downloading https://repo.maven.apache.org/maven2/org/slf4j/slf4j-api/2.0.9/slf4j-api-2.0.9.jar',
	'2024-05-01T10:00:00.120Z npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.',
	'2024-05-01T10:00:00.250Z #12 3.217 added 1324 packages, and audited 1325 packages in 41s',
	'2024-05-01T10:00:00.380Z   PASS  src/utils/format.test.ts (4.12 s)',
	'2024-05-01T10:00:00.510Z [build] Compiling module 1843/5210: src/components/table/Row.tsx',
	'2024-05-01T10:00:00.640Z go: downloading github.com/stretchr/testify v1.8.4',
	'2024-05-01T10:00:00.770Z Step 7/12 : RUN npm ci --omit=dev',
	'2024-05-01T10:00:00.900Z \u001b[32m✓\u001b[0m rendered 418 pages in 2.3s',
	'2024-05-01T10:00:01.000Z level=info msg="token refreshed" user=ci cache=build-cache',
	'2024-05-01T10:00:01.100Z DEBUG connecting to postgres://app@db:5432/app?sslmode=disable',
	'2024-05-01T10:00:01.200Z at com.example.billing.InvoiceService.charge(InvoiceService.java:214)',
	'2024-05-01T10:00:01.300Z pushing image ghcr.io/org/app@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945',
];
const SECRET_LINES = ['2024-05-01T10:00:02.000Z export DB_PASSWORD=s3cr3t-v4lue', '2024-05-01T10:00:02.100Z curl -H "Authorization: Bearer abcdef0123456789abcdef" https://api'];

/** A build log of about `megabytes` MB: the filler lines, with two secret lines every 1,000 lines. */
function realisticLog(megabytes: number): string {
	const block = `${Array.from({ length: 1_000 }, (_, i) => FILLER[i % FILLER.length]).join('\n')}\n${SECRET_LINES.join('\n')}\n`;
	return block.repeat(Math.ceil((megabytes * 1024 * 1024) / block.length));
}

/** The baseline on one `password.` line of `bytes`, in a child process that is stopped after `limitSeconds`. */
function baselineOnPasswordLine(bytes: number, limitSeconds: number): string {
	const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--baseline-line', String(bytes)], { timeout: limitSeconds * 1000, encoding: 'utf8' });
	if (child.error || child.status !== 0) return `did not finish in ${limitSeconds} s`;
	return `${Number(child.stdout.trim()).toFixed(2)} s`;
}

async function main(): Promise<void> {
	if (args[0] === '--baseline-line') {
		const text = 'password.'.repeat(Math.ceil(Number(args[1]) / 9));
		console.log(await cpuSecondsAsync(() => baselineRedactSecrets(text)));
		return;
	}
	const megabytes = option('--mb', 50);

	let before = 0;
	let after = 0;
	for (const shape of SHAPES) {
		if (shapeHolds(shape, (await baselineRedactSecrets(shape.text)).text)) before++;
		if (shapeHolds(shape, redactSecretsSync(shape.text).text)) after++;
	}
	console.log(`Shapes redacted (rows whose secrets all go and whose evidence stays), of ${SHAPES.length}: baseline ${before}, now ${after}`);

	console.log('\nLongest CPU time on a 1 MB adversarial line, per pattern (pattern alone / whole redaction of that line):');
	let worst = 0;
	for (const [name, pattern] of ownPatterns) {
		let alone = 0;
		let whole = 0;
		for (const attack of ATTACKS[name]) {
			redactSecretsSync(attack.slice(0, 10_000));
			alone = Math.max(alone, cpuSeconds(() => runPattern(pattern, attack)));
			whole = Math.max(whole, cpuSeconds(() => redactSecretsSync(attack)));
		}
		worst = Math.max(worst, whole);
		console.log(`  ${name.padEnd(32)} ${(alone * 1000).toFixed(0).padStart(5)} ms / ${(whole * 1000).toFixed(0).padStart(5)} ms`);
	}
	console.log(`  longest whole redaction of a 1 MB attack line: ${(worst * 1000).toFixed(0)} ms`);
	console.log('Baseline (secret-assignment) on one line of repeated `password.`:');
	for (const bytes of [2_048, 10_240, 51_200]) console.log(`  ${String(bytes / 1024).padStart(3)} KB: ${baselineOnPasswordLine(bytes, 30)}`);
	console.log(`  now, 1 MB: ${(cpuSeconds(() => redactSecretsSync('password.'.repeat(116_509))) * 1000).toFixed(0)} ms`);

	const log = realisticLog(megabytes);
	const size = log.length / (1024 * 1024);
	redactSecretsSync(log.slice(0, 100_000));
	const now = cpuSeconds(() => redactSecretsSync(log));
	const old = await cpuSecondsAsync(() => baselineRedactSecrets(log));
	console.log(`\nRealistic ${size.toFixed(0)} MB build log: baseline ${(size / old).toFixed(1)} MB/s (${old.toFixed(1)} s), now ${(size / now).toFixed(1)} MB/s (${now.toFixed(1)} s)`);
}

void main();
