/**
 * Streams a generated N MB build log (default 200) from a temp file through the analyser and
 * prints throughput and this process's peak memory. Run by bench/triage.ts in its own process.
 */
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogAnalyser } from '../nodes/shared/triage/analyser';

const megabytes = Number(process.argv[2] ?? 200);
const ROOT_CAUSE = "src/services/billing.ts(214,19): error TS2339: Property 'amountCents' does not exist on type 'Invoice'.";

// Lines shaped like a real verbose build: timestamps, progress, warnings, downloads, test chatter.
const FILLER = [
	'2024-05-01T10:00:00.000Z [INFO] Downloading https://repo.maven.apache.org/maven2/org/slf4j/slf4j-api/2.0.9/slf4j-api-2.0.9.jar',
	'2024-05-01T10:00:00.120Z npm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.',
	'2024-05-01T10:00:00.250Z #12 3.217 added 1324 packages, and audited 1325 packages in 41s',
	'2024-05-01T10:00:00.380Z   PASS  src/utils/format.test.ts (4.12 s)',
	'2024-05-01T10:00:00.510Z [build] Compiling module 1843/5210: src/components/table/Row.tsx',
	'2024-05-01T10:00:00.640Z go: downloading github.com/stretchr/testify v1.8.4',
	'2024-05-01T10:00:00.770Z Step 7/12 : RUN npm ci --omit=dev',
	'2024-05-01T10:00:00.900Z \u001b[32m✓\u001b[0m rendered 418 pages in 2.3s',
];

/** Written in 4 MB pieces so the generator does not hold the log in this process's memory. */
function generate(path: string): number {
	const block = `${FILLER.join('\n')}\n`;
	const piece = Buffer.from(block.repeat(Math.floor((4 << 20) / Buffer.byteLength(block))));
	const pieces = Math.ceil((megabytes * 1024 * 1024) / piece.length);
	const fd = openSync(path, 'w');
	let bytes = 0;
	try {
		for (let i = 0; i < pieces; i++) {
			if (i === Math.floor(pieces / 2)) bytes += writeSync(fd, `${ROOT_CAUSE}\n`);
			bytes += writeSync(fd, piece);
		}
	} finally {
		closeSync(fd);
	}
	return bytes;
}

async function main() {
	const dir = mkdtempSync(join(tmpdir(), 'triage-bench-'));
	const path = join(dir, 'build.log');
	try {
		const bytes = generate(path);
		if (global.gc) global.gc();
		const rssBefore = process.memoryUsage().rss;
		const analyser = new LogAnalyser();
		const started = process.hrtime.bigint();
		const cpuBefore = process.cpuUsage();
		// Bytes straight from the file: only the lines the analyser keeps are ever decoded.
		for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) analyser.push(chunk as Buffer);
		const analysis = analyser.finish();
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		const cpu = process.cpuUsage(cpuBefore);
		// On a busy machine wall time includes waiting for a core; CPU time is the work itself.
		const cpuSeconds = (cpu.user + cpu.system) / 1e6;
		const peakRssMb = process.resourceUsage().maxRSS / 1024;
		const found = analysis.evidence[0]?.text === ROOT_CAUSE;
		const mbPerSecond = bytes / 1024 / 1024 / seconds;
		console.log('| measure | result | target |');
		console.log('|---|---|---|');
		console.log(`| log size | ${(bytes / 1024 / 1024).toFixed(0)} MB, ${analysis.lines.toLocaleString('en')} lines | 200 MB |`);
		console.log(`| throughput, wall clock | ${mbPerSecond.toFixed(0)} MB/s (${seconds.toFixed(2)} s; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores) | ≥ 100 MB/s |`);
		console.log(`| throughput, CPU time | ${(bytes / 1024 / 1024 / cpuSeconds).toFixed(0)} MB/s (${cpuSeconds.toFixed(2)} s of CPU) | ≥ 100 MB/s |`);
		console.log(`| peak RSS of the process | ${peakRssMb.toFixed(0)} MB (RSS before reading: ${(rssBefore / 1024 / 1024).toFixed(0)} MB) | < 300 MB |`);
		console.log(`| root-cause line found | ${found ? 'yes' : 'NO'} (line ${analysis.evidence[0]?.line ?? '-'}) | yes |`);
		process.exitCode = found ? 0 : 1;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

void main();
