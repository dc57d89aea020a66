import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAILURE_CLASSES } from '../../nodes/shared/triage/classes';

/**
 * Validates the whole-log corpus (test/fixtures/whole-logs): whole CI job logs from public
 * repositories whose licence allows redistribution, labelled blind, split before labelling. A broken
 * label, a log that changed since it was labelled or a missing licence would silently skew the
 * figures `npm run bench:triage` reports, so each is checked here.
 */

const DIR = join(__dirname, '..', 'fixtures', 'whole-logs');

interface WholeLogEntry {
	id: string;
	file: string;
	repository: string;
	commit: string;
	path: string;
	licence: string;
	sha256: string;
	lines: number;
	source: string;
	ci: string;
	tool: string;
	class: string;
	rootCause: Array<{ line: number; text: string }>;
	notes: string;
	split: string;
	/** The project whose CI printed the log, when a dataset repository hosts it. */
	project?: string;
}

/** Research datasets that host CI logs of many projects (the project is named per entry where known). */
const MANY_PROJECT_DATASETS = ['BugSwarm/bugswarm', 'chains-project/bump', 'labri-progress/cidiff'];

/** Licences that allow copying the text into this MIT repository with attribution. */
const REDISTRIBUTABLE = ['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', 'MPL-2.0', 'CC-BY-4.0', 'CC-BY-SA-4.0', 'CC0-1.0', 'Unlicense', '0BSD', 'EPL-2.0'];
const CI_SYSTEMS = ['github-actions', 'gitlab', 'jenkins', 'buildkite', 'travis', 'tekton', 'other'];

const shares = readdirSync(DIR).filter((file) => /^corpus(?:-[\w-]+)?\.json$/.test(file));
const corpus: WholeLogEntry[] = shares.flatMap((file) => JSON.parse(readFileSync(join(DIR, file), 'utf8')) as WholeLogEntry[]);
const bytesOf = (entry: WholeLogEntry) => readFileSync(join(DIR, entry.file));

/** Lines as the labels number them: split on \n, no empty piece after a final newline, a trailing \r dropped. */
function linesOf(entry: WholeLogEntry): string[] {
	const lines = bytesOf(entry).toString('utf8').split('\n');
	if (lines[lines.length - 1] === '') lines.pop();
	return lines.map((line) => line.replace(/\r$/, ''));
}

describe('whole-log corpus', () => {
	it('holds at least 100 whole logs, a third of them or so held out', () => {
		expect(corpus.length).toBeGreaterThanOrEqual(100);
		const holdout = corpus.filter((entry) => entry.split === 'holdout').length;
		expect(holdout / corpus.length).toBeGreaterThan(0.2);
	});

	it('uses unique ids, holds each log once, and every log file on disk is listed', () => {
		expect(new Set(corpus.map((entry) => entry.id)).size).toBe(corpus.length);
		expect(new Set(corpus.map((entry) => entry.sha256)).size).toBe(corpus.length);
		const listed = new Set(corpus.map((entry) => entry.file));
		expect(readdirSync(join(DIR, 'logs')).map((name) => `logs/${name}`).filter((file) => !listed.has(file))).toEqual([]);
	});

	it('keeps each log byte for byte as recorded: sha256 and line count, at least 300 lines', () => {
		for (const entry of corpus) {
			expect({ id: entry.id, exists: existsSync(join(DIR, entry.file)) }).toEqual({ id: entry.id, exists: true });
			const sha256 = createHash('sha256').update(bytesOf(entry)).digest('hex');
			const lines = linesOf(entry).length;
			expect({ id: entry.id, sha256, lines }).toEqual({ id: entry.id, sha256: entry.sha256, lines: entry.lines });
			expect({ id: entry.id, atLeast300: lines >= 300 }).toEqual({ id: entry.id, atLeast300: true });
		}
	});

	it('records where each log comes from and a licence that allows redistribution', () => {
		for (const entry of corpus) {
			expect({ id: entry.id, licence: REDISTRIBUTABLE.includes(entry.licence) }).toEqual({ id: entry.id, licence: true });
			expect({ id: entry.id, repository: /^[\w.-]+\/[\w.-]+$/.test(entry.repository), commit: /^[0-9a-f]{40}$/.test(entry.commit) }).toEqual({ id: entry.id, repository: true, commit: true });
			expect({ id: entry.id, path: entry.path.trim() !== '', source: new URL(entry.source).protocol }).toEqual({ id: entry.id, path: true, source: 'https:' });
			expect({ id: entry.id, ci: CI_SYSTEMS.includes(entry.ci) }).toEqual({ id: entry.id, ci: true });
		}
	});

	it('took the split from the sha256 before labelling (holdout when it starts with 0-4)', () => {
		for (const entry of corpus) expect({ id: entry.id, split: entry.split }).toEqual({ id: entry.id, split: /^[0-4]/.test(entry.sha256) ? 'holdout' : 'dev' });
	});

	it('labels every log with a known class, a tool, notes and root-cause lines quoted exactly', () => {
		for (const entry of corpus) {
			expect({ id: entry.id, class: (FAILURE_CLASSES as readonly string[]).includes(entry.class) }).toEqual({ id: entry.id, class: true });
			expect({ id: entry.id, tool: entry.tool.trim() !== '', notes: entry.notes.trim() !== '' }).toEqual({ id: entry.id, tool: true, notes: true });
			const lines = linesOf(entry);
			expect({ id: entry.id, rootCauses: entry.rootCause.length >= 1 && entry.rootCause.length <= 3 }).toEqual({ id: entry.id, rootCauses: true });
			for (const { line, text } of entry.rootCause) expect({ id: entry.id, line, text: lines[line - 1] }).toEqual({ id: entry.id, line, text });
		}
	});

	it('takes no more than 6 logs from one source, and no more than 35 from one dataset of many projects', () => {
		const count = (key: (entry: WholeLogEntry) => string) => {
			const counts = new Map<string, number>();
			for (const entry of corpus) counts.set(key(entry), (counts.get(key(entry)) ?? 0) + 1);
			return counts;
		};
		const perSource = count((entry) => entry.project ?? entry.repository);
		expect([...perSource].filter(([source, n]) => n > 6 && !MANY_PROJECT_DATASETS.includes(source))).toEqual([]);
		expect([...count((entry) => entry.repository)].filter(([, n]) => n > 35)).toEqual([]);
		expect(new Set(corpus.map((entry) => entry.project ?? entry.repository)).size).toBeGreaterThanOrEqual(40);
	});
});
