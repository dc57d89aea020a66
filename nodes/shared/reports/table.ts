/** A table of a report: plain strings only, so every renderer (HTML, text, an LLM prompt) shows the same thing. */
export interface Table {
	/** A stable key for code that reads one table of a report, e.g. `problemPods`. */
	id: string;
	title: string;
	columns: string[];
	/** Worst first; every row has one cell per column. */
	rows: string[][];
	/** Said instead of an empty table. */
	emptyText: string;
	/** A remark shown under the table: where the data came from, rows left out. */
	note?: string;
}

/** Keeps the first `maxRows` rows (the worst, as tables are sorted) and says how many were left out. */
export function limitRows(table: Table, maxRows: number): Table {
	if (table.rows.length <= maxRows) return table;
	const shown = `Showing the first ${maxRows} of ${table.rows.length} rows.`;
	return { ...table, rows: table.rows.slice(0, maxRows), note: table.note ? `${table.note} ${shown}` : shown };
}
