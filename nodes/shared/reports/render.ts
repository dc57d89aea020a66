/**
 * A report as an email: HTML with inline styles (mail clients drop <style> blocks) and no remote
 * content, plus a plain-text part. Every string is escaped; the model's summary is untrusted text,
 * shown apart from the facts, and never changes the verdict or the tables.
 */
import { redactSecrets } from '../redact/redact';
import { escapeHtml } from '../redact/safe-text';
import { formatDate, oneLine } from './format';
import { describeValue, ReportInputError } from './mcp-output';
import { reportProblem, reportSchema, type Report, type Verdict } from './report';
import { limitRows, type Table } from './table';

export interface RenderEmailInput {
	/** Defaults to the report's own title. */
	title?: string;
	/** A report from any report builder (health, table, …); checked before use. */
	report: unknown;
	/** The model's summary: untrusted text. Empty or missing means none. */
	summary?: unknown;
	/** Which model wrote the summary, shown beside it. */
	model?: string;
}

export interface RenderedEmail {
	subject: string;
	html: string;
	text: string;
	/** The report's, unchanged: for routing the email (e.g. only send when not healthy). */
	verdict: Verdict;
	headline: string;
}

const SUMMARY_LIMIT = 4000;
const SUBJECT_LIMIT = 160;

const VERDICT_COLOURS: Record<Verdict, string> = { healthy: '#1a7f37', degraded: '#9a6700', critical: '#cf222e' };

const STYLE = {
	body: 'margin:0;padding:16px;background:#f6f8fa;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:14px;line-height:1.5;color:#1f2328',
	card: 'max-width:1000px;margin:0 auto;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;padding:20px 24px',
	h1: 'font-size:20px;margin:0 0 12px 0',
	h2: 'font-size:16px;margin:24px 0 8px 0',
	badge: (verdict: Verdict) => `display:inline-block;padding:2px 10px;border-radius:12px;background:${VERDICT_COLOURS[verdict]};color:#ffffff;font-weight:600;font-size:12px;letter-spacing:0.05em;text-transform:uppercase;vertical-align:middle`,
	headline: 'margin:8px 0;font-size:15px',
	muted: 'color:#59636e;font-size:12px;margin:4px 0',
	notes: 'background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px;margin:12px 0',
	summary: 'background:#f6f8fa;border-left:4px solid #8250df;padding:8px 12px;margin:12px 0',
	summaryText: 'white-space:pre-wrap;margin:4px 0',
	table: 'border-collapse:collapse;width:100%;font-size:13px',
	th: 'text-align:left;background:#f6f8fa;border:1px solid #d0d7de;padding:4px 8px;white-space:nowrap',
	td: 'border:1px solid #d0d7de;padding:4px 8px;vertical-align:top;overflow-wrap:break-word',
	empty: 'color:#1a7f37;margin:4px 0',
};

const e = escapeHtml;

const EXPECTED_REPORT = 'expected the output of one of its report operations (Health Report, Table Report…)';

function checkedReport(value: unknown): Report {
	let report = value;
	if (typeof report === 'string') {
		try {
			report = JSON.parse(report);
		} catch {
			throw new ReportInputError('report', `is text that is not JSON: ${EXPECTED_REPORT}`);
		}
	}
	const problem = reportProblem(report);
	if (problem) throw new ReportInputError('report', `is not a report from the Cluster Report node (${problem}): ${EXPECTED_REPORT}`);
	return reportSchema.parse(report) as Report;
}

/** The model's words as plain text: reasoning blocks dropped, length capped, secrets redacted. */
async function cleanSummary(summary: unknown): Promise<string | undefined> {
	if (summary === undefined || summary === null) return undefined;
	if (typeof summary !== 'string') throw new ReportInputError('summary', `must be text, got ${describeValue(summary)}`);
	let text = summary.replace(/<think>[\s\S]*?<\/think>/gi, '').replace(/\r/g, '').trim();
	if (!text) return undefined;
	if (text.length > SUMMARY_LIMIT) text = `${text.slice(0, SUMMARY_LIMIT - 1)}…`;
	return (await redactSecrets(text)).text;
}

const when = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : formatDate(Date.parse(iso)));

function tableHtml(table: Table): string {
	const parts = [`<h2 style="${STYLE.h2}">${e(table.title)}${table.rows.length ? ` <span style="${STYLE.muted}">(${table.rows.length})</span>` : ''}</h2>`];
	if (table.rows.length === 0) {
		parts.push(`<p style="${STYLE.empty}">${e(table.emptyText)}</p>`);
	} else {
		parts.push(`<table style="${STYLE.table}"><thead><tr>${table.columns.map((column) => `<th style="${STYLE.th}">${e(column)}</th>`).join('')}</tr></thead><tbody>`);
		for (const row of table.rows) parts.push(`<tr>${row.map((cell) => `<td style="${STYLE.td}">${e(cell)}</td>`).join('')}</tr>`);
		parts.push('</tbody></table>');
	}
	if (table.note) parts.push(`<p style="${STYLE.muted}">${e(table.note)}</p>`);
	return parts.join('');
}

function tableText(table: Table): string {
	const lines = [`${table.title}${table.rows.length ? ` (${table.rows.length})` : ''}`, '='.repeat(Math.min(80, table.title.length))];
	if (table.rows.length === 0) {
		lines.push(table.emptyText);
	} else {
		const widths = table.columns.map((column, index) => Math.min(60, Math.max(column.length, ...table.rows.map((row) => (row[index] ?? '').length))));
		const line = (cells: string[]) => cells.map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index]))).join('  ').trimEnd();
		lines.push(line(table.columns), line(widths.map((width) => '-'.repeat(width))), ...table.rows.map(line));
	}
	if (table.note) lines.push(table.note);
	return lines.join('\n');
}

const summaryCaption = (model: string | undefined) =>
	`Summary written by ${model ? `the model ${oneLine(model, 80)}` : 'a language model'}. It is generated text: the verdict and the tables come from the cluster.`;

/** The report as plain text, e.g. the text part of the email or the input of an LLM summary. */
export function reportPlainText(report: Report, summary?: { text: string; model?: string }, title = report.title): string {
	const blocks = [`${oneLine(title)}: ${report.verdict.toUpperCase()}`, `${oneLine(report.headline, 1000)}\nReport time ${when(report.generatedAt)}.`];
	if (report.notes.length) blocks.push(['Notes', ...report.notes.map((note) => `- ${oneLine(note, 1000)}`)].join('\n'));
	if (summary) blocks.push(`${summaryCaption(summary.model)}\n${summary.text}`);
	blocks.push(...report.tables.map(tableText));
	return `${blocks.join('\n\n')}\n`;
}

/** The report as compact text for a model's prompt: the worst rows of each table only. */
export function reportDigest(report: Report, maxRowsPerTable = 20): string {
	return reportPlainText({ ...report, tables: report.tables.map((table) => limitRows(table, maxRowsPerTable)) });
}

export async function renderReportEmail(input: RenderEmailInput): Promise<RenderedEmail> {
	const report = checkedReport(input.report);
	const title = oneLine(input.title?.trim() || report.title, 120);
	const summaryText = await cleanSummary(input.summary);
	const model = input.model?.trim() || undefined;

	const html: string[] = [
		`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)}</title></head>`,
		`<body style="${STYLE.body}"><div style="${STYLE.card}">`,
		`<h1 style="${STYLE.h1}">${e(title)}</h1>`,
		`<p style="${STYLE.headline}"><span style="${STYLE.badge(report.verdict)}">${e(report.verdict)}</span> ${e(report.headline)}</p>`,
		`<p style="${STYLE.muted}">Report time ${e(when(report.generatedAt))}</p>`,
	];
	if (report.notes.length) html.push(`<div style="${STYLE.notes}"><strong>Notes</strong><ul style="margin:4px 0;padding-left:20px">${report.notes.map((note) => `<li>${e(note)}</li>`).join('')}</ul></div>`);
	if (summaryText) html.push(`<div style="${STYLE.summary}"><p style="${STYLE.muted}">${e(summaryCaption(model))}</p><p style="${STYLE.summaryText}">${e(summaryText)}</p></div>`);
	html.push(...report.tables.map(tableHtml));
	html.push(`<p style="${STYLE.muted};margin-top:24px">n8n-nodes-mcp-devops · Cluster Report</p></div></body></html>`);

	return {
		subject: oneLine(`${title}: ${report.verdict} - ${report.headline}`, SUBJECT_LIMIT),
		html: html.join('\n'),
		text: reportPlainText(report, summaryText ? { text: summaryText, model } : undefined, title),
		verdict: report.verdict,
		headline: report.headline,
	};
}
