/**
 * A report made of tables given as data: any workflow that computes its own rows (a Code node, an
 * HTTP call, another MCP server) can still send the same verdict-headline-tables email. Everything
 * is checked with zod first, and each error names the input it is about.
 */
import { z } from 'zod';
import { oneLine } from './format';
import { describeValue, isRecord, ReportInputError } from './mcp-output';
import { VERDICTS, type Report, type Verdict } from './report';
import { limitRows, type Table } from './table';

export const TABLE_REPORT_DEFAULTS = { title: 'Report', maxRows: 50 };
/** Cells are one line each; a longer value is cut with an ellipsis. */
export const TABLE_CELL_LENGTH = 1000;

export interface TableReportInput {
	title?: unknown;
	/** healthy, degraded or critical (any case). */
	verdict: unknown;
	headline: unknown;
	/** An array of table specs (or one spec), as values or JSON text; see `tableSpecSchema`. */
	tables: unknown;
	/** An array of sentences, JSON text of one, or plain text with one note per line. */
	notes?: unknown;
	now: Date;
	/** The report's `kind`, for code that routes reports; `table` by default. */
	kind?: string;
	maxRows?: number;
}

export interface TableReport extends Report {
	counts: { tables: number; rows: number };
}

const cellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
	errorMap: () => ({ message: 'must be text, a number, a boolean or null' }),
});

/** One table as a workflow writes it: rows as arrays (one cell per column) or objects keyed by column. */
export const tableSpecSchema = z
	.object({
		id: z.string().trim().min(1).optional(),
		title: z.string().trim().min(1, 'must not be empty'),
		columns: z.array(z.string().trim().min(1, 'must not be empty')).min(1, 'must name at least one column'),
		rows: z.array(z.union([z.array(cellSchema), z.record(z.unknown())], { errorMap: () => ({ message: 'must be an array of cells or an object keyed by column' }) })).default([]),
		emptyText: z.string().optional(),
		note: z.string().optional(),
	})
	.strict();

export type TableSpec = z.input<typeof tableSpecSchema>;

/** n8n hands a JSON parameter over as text unless an expression produced a value. */
function parseJsonText(field: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new ReportInputError(field, `is not valid JSON (${(error as Error).message})`);
	}
}

function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	return oneLine(String(value), TABLE_CELL_LENGTH);
}

function issuePath(path: Array<string | number>): string {
	return path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '');
}

function checkedTable(value: unknown, index: number): Table {
	const where = `table ${index + 1}`;
	const parsed = tableSpecSchema.safeParse(value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const named = isRecord(value) && typeof value.title === 'string' && value.title.trim() ? `${where} ("${oneLine(value.title, 60)}")` : where;
		if (issue.code === 'unrecognized_keys') throw new ReportInputError('tables', `${named} has unknown key(s) ${issue.keys.join(', ')}: use id, title, columns, rows, emptyText, note`);
		if (issue.code === 'invalid_type' && issue.path.length === 0) throw new ReportInputError('tables', `${where} must be an object with title, columns and rows, got ${describeValue(value)}`);
		const path = issuePath(issue.path);
		const message = issue.code === 'invalid_type' && issue.received === 'undefined' ? 'is required' : issue.message;
		throw new ReportInputError('tables', `${named}: ${path} ${message}`);
	}
	const spec = parsed.data;
	const columns = spec.columns.map((column) => oneLine(column, 120));
	const rows = spec.rows.map((row, rowIndex) => {
		if (!Array.isArray(row)) return spec.columns.map((column) => cellText(row[column]));
		if (row.length !== columns.length) {
			throw new ReportInputError(
				'tables',
				`table ${index + 1} ("${oneLine(spec.title, 60)}"): row ${rowIndex + 1} has ${row.length} cell(s), expected ${columns.length} (one per column: ${columns.join(', ')})`,
			);
		}
		return row.map(cellText);
	});
	return {
		id: spec.id ?? `table${index + 1}`,
		title: oneLine(spec.title, 200),
		columns,
		rows,
		emptyText: oneLine(spec.emptyText ?? 'No rows.', 500),
		...(spec.note ? { note: oneLine(spec.note, 1000) } : {}),
	};
}

function checkedTables(value: unknown): Table[] {
	const parsed = parseJsonText('tables', value);
	if (parsed === undefined || parsed === null) return [];
	const list = Array.isArray(parsed) ? parsed : isRecord(parsed) ? [parsed] : undefined;
	if (!list) throw new ReportInputError('tables', `expected an array of tables ({ title, columns, rows }), got ${describeValue(parsed)}`);
	const tables = list.map(checkedTable);
	const seen = new Set<string>();
	for (const table of tables) {
		if (seen.has(table.id)) throw new ReportInputError('tables', `two tables have the id "${table.id}": ids must differ`);
		seen.add(table.id);
	}
	return tables;
}

function checkedNotes(value: unknown): string[] {
	let notes = value;
	if (typeof notes === 'string') {
		const text = notes.trim();
		if (!text) return [];
		notes = text.startsWith('[') ? parseJsonText('notes', text) : text.split(/\r?\n/);
	}
	if (notes === undefined || notes === null) return [];
	const parsed = z.array(z.union([z.string(), z.number()])).safeParse(notes);
	if (!parsed.success) throw new ReportInputError('notes', `expected text or an array of sentences, got ${describeValue(notes)}`);
	return parsed.data.map((note) => oneLine(String(note), 1000)).filter(Boolean);
}

function checkedText(field: string, value: unknown, fallback?: string): string {
	if (value === undefined || value === null || (typeof value === 'string' && !value.trim())) {
		if (fallback !== undefined) return fallback;
		throw new ReportInputError(field, 'is empty: write one sentence that says what the reader should know first');
	}
	if (typeof value !== 'string' && typeof value !== 'number') throw new ReportInputError(field, `must be text, got ${describeValue(value)}`);
	return String(value);
}

export function checkedVerdict(value: unknown, field = 'verdict'): Verdict {
	const text = typeof value === 'string' ? value.trim().toLowerCase() : value;
	if (!VERDICTS.includes(text as Verdict)) {
		throw new ReportInputError(field, `must be ${VERDICTS.slice(0, -1).join(', ')} or ${VERDICTS[VERDICTS.length - 1]}, got ${typeof value === 'string' ? JSON.stringify(value) : describeValue(value)}`);
	}
	return text as Verdict;
}

/** A report from a title, a verdict, a headline and tables of data; throws ReportInputError naming the bad input. */
export function buildTableReport(input: TableReportInput): TableReport {
	if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) throw new ReportInputError('now', 'must be a valid time');
	const maxRows = input.maxRows ?? TABLE_REPORT_DEFAULTS.maxRows;
	if (!Number.isInteger(maxRows) || maxRows < 1) throw new ReportInputError('maxRows', `must be a whole number of at least 1, got ${JSON.stringify(maxRows)}`);
	const verdict = checkedVerdict(input.verdict);
	const title = oneLine(checkedText('title', input.title, TABLE_REPORT_DEFAULTS.title), 200);
	const headline = oneLine(checkedText('headline', input.headline), 1000);
	const tables = checkedTables(input.tables);
	const notes = checkedNotes(input.notes);
	return {
		kind: input.kind?.trim() || 'table',
		title,
		generatedAt: input.now.toISOString(),
		verdict,
		headline,
		counts: { tables: tables.length, rows: tables.reduce((sum, table) => sum + table.rows.length, 0) },
		tables: tables.map((table) => limitRows(table, maxRows)),
		notes,
		unavailable: [],
	};
}
