/** What every report builder shares: input checks, wording, verdicts, redaction and the notes for missing inputs. */
import { mergeCounts, redactSecrets } from '../redact/redact';
import type { Reading } from './kubernetes';
import { ReportInputError } from './mcp-output';
import type { Unavailable } from './report';

/** Options every report kind takes. */
export interface ReportOptions {
	now: Date;
	/** Replaces the kind's default title. */
	title?: string;
	/** Rows per table; the rest is counted in the table's note. */
	maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 50;

export function checkNumber(field: string, value: number, min: number, max = Number.POSITIVE_INFINITY): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
		const range = max === Number.POSITIVE_INFINITY ? `of at least ${min}` : `from ${min} to ${max}`;
		throw new ReportInputError(field, `must be a number ${range}, got ${JSON.stringify(value)}`);
	}
	return value;
}

/** The checked time and row limit of a report's options. */
export function checkOptions(options: ReportOptions): { now: number; maxRows: number } {
	if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) throw new ReportInputError('now', 'must be a valid time');
	return { now: options.now.getTime(), maxRows: checkNumber('maxRows', options.maxRows ?? DEFAULT_MAX_ROWS, 1, 10_000) };
}

export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** `a`, `a and b`, `a, b and c`. */
export function joinClauses(clauses: string[]): string {
	return clauses.length <= 1 ? (clauses[0] ?? '') : `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]}`;
}

/** The first few distinct values, then an ellipsis. */
export function distinct(values: string[], max = 3): string {
	const unique = [...new Set(values)];
	return unique.length > max ? `${unique.slice(0, max).join(', ')}, …` : unique.join(', ');
}

export const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A sentence from clauses: capitalised, joined, with a full stop. */
export const sentence = (clauses: string[]) => `${capitalise(joinClauses(clauses))}.`;

/** The server does not have the tool (a toolset that is off, a gateway that hides it). */
export const isNotOffered = (why: string) => / is not offered by this MCP server$/.test(why);
/** The cluster does not serve the kind (no OpenShift, no OLM). */
export const isNotServed = (why: string) => / (?:is|are) not served by this cluster$/.test(why);

/** Collects the inputs a report could not read, and the values of those it could. */
export class Inputs {
	readonly unavailable: Unavailable[] = [];

	/** The reading's value, or `[]` after recording why it is missing. */
	take<T>(what: string, reading: Reading<T[]>): T[] {
		if (reading.available) return reading.value;
		this.unavailable.push({ what, why: reading.why });
		return [];
	}

	missing(what: string): Unavailable | undefined {
		return this.unavailable.find((entry) => entry.what === what);
	}

	/** One note per missing input, in the words of `labels` (`Helm releases could not be read: …`); a kind the cluster does not serve is said as such. */
	notes(labels: Record<string, string>): string[] {
		return this.unavailable.map((entry) => (isNotServed(entry.why) ? `${capitalise(entry.why)}.` : `${labels[entry.what] ?? entry.what} could not be read: ${entry.why}.`));
	}
}

/** Messages from the cluster (events, conditions) redacted before they reach an email or a prompt; how many secrets were replaced. */
export async function redactMessages(messages: string[], maxLength = 1000): Promise<{ messages: string[]; redacted: number }> {
	const counts: Record<string, number> = {};
	const redacted = await Promise.all(
		messages.map(async (message) => {
			const result = await redactSecrets(message.slice(0, maxLength));
			mergeCounts(counts, result.counts);
			return result.text;
		}),
	);
	return { messages: redacted, redacted: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

export const redactionNote = (redacted: number, where: string) => `${plural(redacted, 'secret')} in ${where} ${redacted === 1 ? 'was' : 'were'} redacted.`;

/** `All 4 nodes are` / `The only node is`, for headlines that say everything is fine. */
export const allAre = (count: number, noun: string, nouns = `${noun}s`) => (count === 1 ? `The only ${noun} is` : `All ${count} ${nouns} are`);
