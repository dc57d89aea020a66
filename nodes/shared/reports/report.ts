/** What every report kind produces, and what the email renderer takes. */
import { z } from 'zod';
import type { Table } from './table';

export const VERDICTS = ['healthy', 'degraded', 'critical'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** An input the report could not use: which one, and why (a missing tool, a failed call). */
export interface Unavailable {
	what: string;
	why: string;
}

export interface Report {
	/** Which report this is, e.g. `health`. */
	kind: string;
	title: string;
	/** ISO time the report describes. */
	generatedAt: string;
	verdict: Verdict;
	/** One sentence, built from the counts. */
	headline: string;
	counts: Record<string, number>;
	/** Worst offenders first. */
	tables: Table[];
	/** Sentences for the reader: what is missing, what was left out. */
	notes: string[];
	unavailable: Unavailable[];
}

const tableSchema = z.object({
	id: z.string(),
	title: z.string(),
	columns: z.array(z.string()),
	rows: z.array(z.array(z.string())),
	emptyText: z.string(),
	note: z.string().optional(),
});

/** Checks a report handed over between nodes (it may have been edited or come from elsewhere). */
export const reportSchema = z.object({
	kind: z.string(),
	title: z.string(),
	generatedAt: z.string(),
	verdict: z.enum(VERDICTS),
	headline: z.string(),
	counts: z.record(z.number()),
	tables: z.array(tableSchema),
	notes: z.array(z.string()),
	unavailable: z.array(z.object({ what: z.string(), why: z.string() })),
});

/** The first problem with a would-be report, as `path: message`, or undefined when it is one. */
export function reportProblem(value: unknown): string | undefined {
	const result = reportSchema.safeParse(value);
	if (result.success) return undefined;
	const issue = result.error.issues[0];
	return `${issue.path.length ? issue.path.join('.') : 'the value'}: ${issue.message}`;
}
