import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Validates the labelled corpus of real CI/pod failure logs (test/fixtures/triage-corpus) that the
 * Failure Triage benchmark scores against: a broken label would silently skew every score.
 */

const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'triage-corpus');

const BUILD_CLASSES = [
	'dependency_resolution',
	'compile_error',
	'test_failure',
	'container_build',
	'registry_auth',
	'git_auth',
	'disk_space',
	'network',
	'permission_denied',
	'missing_config',
	'timeout',
	'lint',
	'runtime_crash',
] as const;
const POD_CLASSES = [
	'crash_loop_backoff',
	'oom_killed',
	'probe_failure',
	'config_error',
	'image_pull',
	'unschedulable',
	'evicted',
] as const;
const ALLOWED_CLASSES: readonly string[] = [...BUILD_CLASSES, ...POD_CLASSES];

interface RootCauseLine {
	line: number;
	text: string;
}

interface CorpusEntry {
	id: string;
	file: string;
	source: string;
	sourceTitle: string;
	tool: string;
	class: string;
	rootCause: RootCauseLine[];
	notes: string;
	split: 'dev' | 'holdout';
}

const corpus = JSON.parse(readFileSync(join(CORPUS_DIR, 'corpus.json'), 'utf8')) as CorpusEntry[];

/** The log's lines as a reader numbers them: split on \n, without the empty piece after the final newline. */
function linesOf(entry: CorpusEntry): string[] {
	const lines = readFileSync(join(CORPUS_DIR, entry.file), 'utf8').split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

describe('triage corpus', () => {
	it('holds at least 40 logs, at least 12 of them in the holdout split', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(40);
		expect(corpus.filter((entry) => entry.split === 'holdout').length).toBeGreaterThanOrEqual(12);
	});

	it('uses unique ids, and each file is logs/<id>.log', () => {
		const ids = corpus.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const entry of corpus) expect(entry.file).toBe(`logs/${entry.id}.log`);
	});

	it('labels every log with an allowed class, a tool, a split and notes', () => {
		for (const entry of corpus) {
			expect({ id: entry.id, class: ALLOWED_CLASSES.includes(entry.class) }).toEqual({ id: entry.id, class: true });
			expect(['dev', 'holdout']).toContain(entry.split);
			expect(entry.tool.trim()).not.toBe('');
			expect(entry.sourceTitle.trim()).not.toBe('');
			expect(entry.notes.trim()).not.toBe('');
		}
	});

	it('cites an http(s) source for every log', () => {
		for (const entry of corpus) expect(new URL(entry.source).protocol).toMatch(/^https?:$/);
	});

	it('has a log file for every entry and an entry for every log file', () => {
		for (const entry of corpus) expect({ file: entry.file, exists: existsSync(join(CORPUS_DIR, entry.file)) }).toEqual({ file: entry.file, exists: true });
		const listed = new Set(corpus.map((entry) => entry.file));
		const onDisk = readdirSync(join(CORPUS_DIR, 'logs'));
		expect(onDisk.map((name) => `logs/${name}`).filter((file) => !listed.has(file))).toEqual([]);
	});

	it('quotes each root-cause line exactly as it stands at its line number', () => {
		for (const entry of corpus) {
			const lines = linesOf(entry);
			expect({ id: entry.id, rootCauseLines: entry.rootCause.length > 0 }).toEqual({ id: entry.id, rootCauseLines: true });
			for (const { line, text } of entry.rootCause) {
				expect({ id: entry.id, line, text: lines[line - 1] }).toEqual({ id: entry.id, line, text });
			}
		}
	});

	it('lists root-cause lines in file order without repeats', () => {
		for (const entry of corpus) {
			const numbers = entry.rootCause.map((cause) => cause.line);
			expect({ id: entry.id, numbers }).toEqual({ id: entry.id, numbers: [...new Set(numbers)].sort((a, b) => a - b) });
		}
	});

	it('covers every class with dev and holdout examples', () => {
		for (const cls of ALLOWED_CLASSES) {
			const splits = corpus.filter((entry) => entry.class === cls).map((entry) => entry.split);
			expect({ cls, dev: splits.includes('dev'), holdout: splits.includes('holdout') }).toEqual({ cls, dev: true, holdout: true });
		}
	});

	it('matches the per-class count table in its README', () => {
		const readme = readFileSync(join(CORPUS_DIR, 'README.md'), 'utf8');
		const table = [...readme.matchAll(/^\| `(\w+)` \| (\d+) \| (\d+) \| \d+ \|$/gm)].map(([, cls, dev, holdout]) => ({ cls, dev: Number(dev), holdout: Number(holdout) }));
		const counted = ALLOWED_CLASSES.map((cls) => ({
			cls,
			dev: corpus.filter((entry) => entry.class === cls && entry.split === 'dev').length,
			holdout: corpus.filter((entry) => entry.class === cls && entry.split === 'holdout').length,
		}));
		expect(table).toEqual(counted);
	});
});

describe('fresh triage corpus (blind held-out set collected after tuning)', () => {
	const FRESH_DIR = join(__dirname, '..', 'fixtures', 'triage-corpus-fresh');
	type FreshEntry = Omit<CorpusEntry, 'split'> & { split: string };
	const fresh = JSON.parse(readFileSync(join(FRESH_DIR, 'corpus.json'), 'utf8')) as FreshEntry[];

	/** Same numbering as linesOf above, for files under the fresh corpus directory. */
	function freshLinesOf(entry: FreshEntry): string[] {
		const lines = readFileSync(join(FRESH_DIR, entry.file), 'utf8').split('\n');
		if (lines[lines.length - 1] === '') lines.pop();
		return lines;
	}

	it('holds at least 30 logs, all in the fresh split', () => {
		expect(fresh.length).toBeGreaterThanOrEqual(30);
		for (const entry of fresh) expect({ id: entry.id, split: entry.split }).toEqual({ id: entry.id, split: 'fresh' });
	});

	it('uses unique ids, and each file is logs/<id>.log', () => {
		const ids = fresh.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const entry of fresh) expect(entry.file).toBe(`logs/${entry.id}.log`);
	});

	it('labels every log with an allowed class, a tool, a source title and notes', () => {
		for (const entry of fresh) {
			expect({ id: entry.id, class: ALLOWED_CLASSES.includes(entry.class) }).toEqual({ id: entry.id, class: true });
			expect(entry.tool.trim()).not.toBe('');
			expect(entry.sourceTitle.trim()).not.toBe('');
			expect(entry.notes.trim()).not.toBe('');
		}
	});

	it('cites an http(s) source for every log, none of them a source of the first corpus or used twice', () => {
		const firstSources = new Set(corpus.map((entry) => entry.source));
		for (const entry of fresh) {
			expect(new URL(entry.source).protocol).toMatch(/^https?:$/);
			expect({ id: entry.id, alreadyInFirstCorpus: firstSources.has(entry.source) }).toEqual({ id: entry.id, alreadyInFirstCorpus: false });
		}
		const sources = fresh.map((entry) => entry.source);
		expect(new Set(sources).size).toBe(sources.length);
	});

	it('has a log file for every entry and an entry for every log file', () => {
		for (const entry of fresh) expect({ file: entry.file, exists: existsSync(join(FRESH_DIR, entry.file)) }).toEqual({ file: entry.file, exists: true });
		const listed = new Set(fresh.map((entry) => entry.file));
		const onDisk = readdirSync(join(FRESH_DIR, 'logs'));
		expect(onDisk.map((name) => `logs/${name}`).filter((file) => !listed.has(file))).toEqual([]);
	});

	it('quotes each root-cause line exactly as it stands at its line number', () => {
		for (const entry of fresh) {
			const lines = freshLinesOf(entry);
			expect({ id: entry.id, rootCauseLines: entry.rootCause.length > 0 }).toEqual({ id: entry.id, rootCauseLines: true });
			for (const { line, text } of entry.rootCause) {
				expect({ id: entry.id, line, text: lines[line - 1] }).toEqual({ id: entry.id, line, text });
			}
		}
	});

	it('lists root-cause lines in file order without repeats', () => {
		for (const entry of fresh) {
			const numbers = entry.rootCause.map((cause) => cause.line);
			expect({ id: entry.id, numbers }).toEqual({ id: entry.id, numbers: [...new Set(numbers)].sort((a, b) => a - b) });
		}
	});

	it('matches the per-class count table in its README', () => {
		const readme = readFileSync(join(FRESH_DIR, 'README.md'), 'utf8');
		const table = [...readme.matchAll(/^\| `(\w+)` \| (\d+) \|$/gm)].map(([, cls, count]) => ({ cls, count: Number(count) }));
		const counted = ALLOWED_CLASSES.map((cls) => ({ cls, count: fresh.filter((entry) => entry.class === cls).length }));
		expect(table).toEqual(counted);
	});
});
