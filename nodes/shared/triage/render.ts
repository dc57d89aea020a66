import { z } from 'zod';
import { fingerprintMarker } from '../gitea/issue-markers';
import { CLASS_ADVICE, FAILURE_CLASSES } from './classes';
import { mergeCounts, redactSecrets } from '../redact/redact';
import type { TriageReport } from './report';
import { code, codeCell, escapeHtml, fence, markdownHref, neutraliseInline, removeInvisible, safeHref } from '../redact/safe-text';

/** The JSON analysis the LiteLLM Agent node is asked for; every field optional, all untrusted. */
export const llmAnalysisSchema = z.object({
	summary: z.string().optional(),
	root_cause: z.string().optional(),
	fixes: z.array(z.string()).optional(),
	confidence: z.union([z.number(), z.string()]).optional(),
	category: z.string().optional(),
});
export type LlmAnalysis = z.infer<typeof llmAnalysisSchema>;

export interface RenderInput {
	report: TriageReport;
	/** The model's analysis, when there is one; invalid or missing means rule-based only. */
	analysis?: unknown;
	/** Which model wrote the analysis, shown for transparency. */
	analysisModel?: string;
	runUrl?: string;
	/** A link for readers, e.g. the issue (in the email). */
	issueUrl?: string;
}

export interface RenderedReport {
	title: string;
	/** Issue body in markdown; ends with the fingerprint marker. */
	body: string;
	/** Comment for a repeat of a known failure. */
	commentBody: string;
	html: string;
	text: string;
	fingerprint: string;
	category: string;
	/** The summary for replies: the model's when it gave one, else the rules'. Redacted. */
	summary: string;
	labels: string[];
	analysisSource: 'llm' | 'rules';
	/** The model's analysis as used (validated, redacted), so a later Render can reuse it. */
	analysis?: LlmAnalysis;
	redactions: TriageReport['redactions'];
}


const MAX_TITLE = 160;
const MAX_EVIDENCE_IN_TITLE = 90;
/** How much of each text the model returns is shown. */
const MAX_ANALYSIS_TEXT = 4000;
const MAX_CONFIDENCE_TEXT = 20;
const MAX_MODEL_NAME = 200;

interface CleanAnalysis {
	summary?: string;
	rootCause?: string;
	fixes: string[];
	confidence?: string;
	category?: string;
}

/**
 * Model text is redacted again before it is shown (the second line of defence: the model may repeat
 * a secret it read with a tool), and redacted before it is cut, so a cut never leaves half a secret.
 */
async function redactModelText(text: string | undefined, max: number, counts: Record<string, number>): Promise<string | undefined> {
	if (!text?.trim()) return undefined;
	// Four times the cut is read, so that a secret straddling the cut is seen whole; the cap comes before any regex.
	const result = await redactSecrets(removeInvisible(text.trim().slice(0, 4 * max)));
	mergeCounts(counts, result.counts);
	return result.text.slice(0, max);
}

/** Validates and redacts the model's output; the model never overrides facts, it only adds words. */
async function cleanAnalysis(raw: unknown, counts: Record<string, number>): Promise<CleanAnalysis | undefined> {
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			value = { summary: value };
		}
	}
	const parsed = llmAnalysisSchema.safeParse(value);
	if (!parsed.success) return undefined;
	const redact = (text?: string) => redactModelText(text, MAX_ANALYSIS_TEXT, counts);
	const fixes: string[] = [];
	for (const fix of parsed.data.fixes ?? []) {
		const clean = await redact(fix);
		if (clean) fixes.push(clean);
	}
	const confidence = parsed.data.confidence;
	const analysis: CleanAnalysis = {
		summary: await redact(parsed.data.summary),
		rootCause: await redact(parsed.data.root_cause),
		fixes: fixes.slice(0, 10),
		confidence: typeof confidence === 'number' ? (confidence <= 1 ? `${Math.round(confidence * 100)}%` : `${Math.round(confidence)}%`) : await redactModelText(confidence, MAX_CONFIDENCE_TEXT, counts),
		category: parsed.data.category && (FAILURE_CLASSES as readonly string[]).includes(parsed.data.category) ? parsed.data.category : undefined,
	};
	return analysis.summary || analysis.rootCause || analysis.fixes.length ? analysis : undefined;
}

function shortEvidence(text: string | undefined): string {
	if (!text) return '';
	const trimmed = text.trim().replace(/\s+/g, ' ');
	return trimmed.length > MAX_EVIDENCE_IN_TITLE ? `${trimmed.slice(0, MAX_EVIDENCE_IN_TITLE - 1)}…` : trimmed;
}

export function renderTitle(report: TriageReport): string {
	const l = report.location;
	const scope = `${l.pipeline ?? l.pipelineRun?.replace(/-run-[a-z0-9]+$|-[a-z0-9]{5}$/, '') ?? l.namespace}/${l.pipelineTask ?? l.container ?? l.pod ?? 'pod'}`;
	const evidence = shortEvidence(report.evidence[0]?.text);
	const title = `[${scope}] ${report.categoryTitle}${evidence ? `: ${evidence}` : ''}`;
	return neutraliseInline(title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title);
}

function locationRows(report: TriageReport): Array<[string, string]> {
	const l = report.location;
	const f = report.facts;
	const rows: Array<[string, string | undefined]> = [
		['Namespace', l.namespace],
		['Pipeline', l.pipeline],
		['PipelineRun', l.pipelineRun],
		['Task', l.pipelineTask],
		['TaskRun', l.taskRun],
		['Pod', l.pod],
		[l.containerKind === 'init' ? 'Init container' : 'Container', l.container],
		['Exit code', f.exitCode?.toString()],
		['Reason', f.reason],
		['Restarts', f.restartCount ? String(f.restartCount) : undefined],
		['Image', f.image],
		['Node', l.node],
	];
	return rows.filter((row): row is [string, string] => Boolean(row[1]));
}

function evidenceText(report: TriageReport, index: number): string {
	const evidence = report.evidence[index];
	return evidence.context.map((line) => `${line.line === evidence.line ? '>' : ' '}${line.line ? String(line.line).padStart(6) + ' | ' : ' '}${line.text}`).join('\n');
}

const CONFIDENCES = ['high', 'medium', 'low'];
/** ` (confidence: high)`, or nothing for a report without one (the value is checked: reports come from input items). */
const confidenceNote = (confidence: unknown) => (typeof confidence === 'string' && CONFIDENCES.includes(confidence) ? ` (confidence: ${confidence})` : '');

function renderMarkdown(input: RenderInput, analysis: CleanAnalysis | undefined, forComment: boolean): string {
	const { report } = input;
	const out: string[] = [];
	out.push(forComment ? `### The failure happened again` : `## What failed`);
	out.push('', `**${report.categoryTitle}**${confidenceNote(report.categoryConfidence)} in ${code(report.location.container ?? report.location.pod ?? report.location.namespace)}. ${CLASS_ADVICE[report.category].summary}`, '');
	out.push('| | |', '|---|---|', ...locationRows(report).map(([k, v]) => `| ${k} | ${codeCell(v)} |`));
	const runUrl = markdownHref(input.runUrl);
	if (runUrl) out.push(`| Run | [open](${runUrl}) |`);
	if (report.facts.logFromPrevious) out.push('', '_The log is from the previous run of the container, before its last restart._');
	if (report.containerNote) out.push('', fence(report.containerNote));
	if (report.notes?.length) out.push('', fence(report.notes.join('\n')));

	if (report.evidence.length) {
		out.push('', '## Evidence');
		report.evidence.slice(0, 3).forEach((evidence, index) => {
			const where = evidence.line ? `Line ${evidence.line} of the ${evidence.container ? code(evidence.container) : ''} log` : 'From the pod events';
			out.push('', `${index === 0 ? '**Most likely root cause.** ' : ''}${where}${confidenceNote(evidence.confidence)}:`, '', fence(evidenceText(report, index)));
		});
	} else {
		out.push('', '## Evidence', '', '_No log line or event pointed to a cause; see the log digest below._');
	}

	if (analysis) {
		out.push('', `## Analysis${input.analysisModel ? ` (${code(input.analysisModel)}` + (analysis.confidence ? `, confidence ${code(analysis.confidence)})` : ')') : ''}`);
		out.push('', '_Written by a language model from the redacted log digest; the facts above come from the cluster._');
		const prose = [analysis.summary, analysis.rootCause ? `Root cause: ${analysis.rootCause}` : undefined].filter(Boolean).join('\n\n');
		if (prose) out.push('', fence(prose));
		if (analysis.fixes.length) out.push('', '**Suggested fixes (model)**', '', fence(analysis.fixes.map((fix) => `- ${fix}`).join('\n')));
	}
	if (!forComment) {
		out.push('', `## Suggested fixes for ${report.categoryTitle.toLowerCase()}`, '', ...report.fixes.map((fix) => `- ${fix}`));
	}
	if (report.otherContainers.length) {
		out.push('', '## Other failed containers', '');
		for (const other of report.otherContainers) out.push(`- ${code(other.name)}${other.exitCode !== undefined ? ` exit code ${other.exitCode}` : ''}`);
		const lines = report.otherContainers.filter((o) => o.evidence).map((o) => `${o.name}: ${o.evidence}`);
		if (lines.length) out.push('', fence(lines.join('\n')));
	}
	if (report.skippedSteps.length) out.push('', `Steps skipped after the failure: ${report.skippedSteps.map(code).join(', ')}.`);
	if (report.otherFailedPods.length) out.push('', `Other failed pods of this PipelineRun: ${report.otherFailedPods.map(code).join(', ')}.`);
	const warnings = report.events.filter((e) => e.type !== 'Normal');
	if (warnings.length && !forComment) {
		out.push('', '## Events', '', fence(warnings.slice(-15).map((e) => `${e.timestamp ?? ''} ${e.type ?? ''} ${e.reason ?? ''} ${e.object ?? ''}: ${e.message ?? ''}`.trim()).join('\n')));
	}
	if (report.problems.length) {
		out.push('', '## Could not read', '', '_This report is incomplete:_', '', fence(report.problems.map((p) => `${p.what}: ${p.why}`).join('\n')));
	}
	if (report.digest && !forComment) {
		out.push('', '<details><summary>Log digest (' + report.log.lines + ' lines read, redacted)</summary>', '', fence(report.digest), '', '</details>');
	}
	if (report.redactions.total) out.push('', `_${report.redactions.total} secret${report.redactions.total === 1 ? '' : 's'} redacted from this report._`);
	out.push('', '---', `_Filed by n8n-nodes-mcp-devops. Fingerprint ${code(report.fingerprint)}._`);
	if (!forComment) out.push('', fingerprintMarker(report.fingerprint));
	return out.join('\n');
}

const STYLE = {
	body: 'font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#1f2937;max-width:760px;margin:0 auto;padding:16px',
	h1: 'font-size:20px;margin:0 0 8px',
	h2: 'font-size:16px;margin:20px 0 8px',
	th: 'text-align:left;padding:4px 12px 4px 0;color:#6b7280;font-weight:normal;vertical-align:top',
	td: 'padding:4px 0;font-family:Menlo,Consolas,monospace;font-size:13px',
	pre: 'background:#f3f4f6;border:1px solid #e5e7eb;border-radius:6px;padding:10px;font-size:12px;line-height:1.4;white-space:pre-wrap;word-break:break-word;font-family:Menlo,Consolas,monospace',
	badge: 'display:inline-block;background:#fee2e2;color:#991b1b;border-radius:4px;padding:2px 8px;font-size:13px',
	muted: 'color:#6b7280;font-size:12px',
};

function renderHtml(input: RenderInput, analysis: CleanAnalysis | undefined, title: string): string {
	const { report } = input;
	const e = (text: string) => escapeHtml(removeInvisible(text));
	const parts: string[] = [];
	// The title is cleaned already; its only invisible characters are the breaks neutraliseInline put in.
	parts.push(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="${STYLE.body}">`);
	parts.push(`<h1 style="${STYLE.h1}">${escapeHtml(title)}</h1>`);
	parts.push(`<p><span style="${STYLE.badge}">${e(report.categoryTitle)}</span>${e(confidenceNote(report.categoryConfidence))} ${e(report.headline)}.</p>`);
	const issue = safeHref(input.issueUrl);
	const run = safeHref(input.runUrl);
	if (issue || run) {
		parts.push(`<p>${[issue ? `<a href="${escapeHtml(issue)}">Open the issue</a>` : '', run ? `<a href="${escapeHtml(run)}">Open the run</a>` : ''].filter(Boolean).join(' · ')}</p>`);
	}
	parts.push('<table cellpadding="0" cellspacing="0">');
	for (const [k, v] of locationRows(report)) parts.push(`<tr><th style="${STYLE.th}">${e(k)}</th><td style="${STYLE.td}">${e(v)}</td></tr>`);
	parts.push('</table>');
	if (report.evidence.length) {
		parts.push(`<h2 style="${STYLE.h2}">Evidence</h2>`);
		report.evidence.slice(0, 3).forEach((evidence, index) => {
			const where = evidence.line ? `Line ${evidence.line} of the ${evidence.container ?? ''} log` : 'From the pod events';
			parts.push(`<p style="${STYLE.muted}">${index === 0 ? 'Most likely root cause. ' : ''}${e(where + confidenceNote(evidence.confidence))}</p><pre style="${STYLE.pre}">${e(evidenceText(report, index))}</pre>`);
		});
	}
	if (analysis) {
		parts.push(`<h2 style="${STYLE.h2}">Analysis${input.analysisModel ? ` (${e(input.analysisModel)})` : ''}</h2>`);
		if (analysis.summary) parts.push(`<p>${e(analysis.summary)}</p>`);
		if (analysis.rootCause) parts.push(`<p><b>Root cause:</b> ${e(analysis.rootCause)}</p>`);
		if (analysis.fixes.length) parts.push(`<ul>${analysis.fixes.map((fix) => `<li>${e(fix)}</li>`).join('')}</ul>`);
	}
	parts.push(`<h2 style="${STYLE.h2}">Suggested fixes</h2><ul>${report.fixes.map((fix) => `<li>${e(fix)}</li>`).join('')}</ul>`);
	if (report.problems.length) {
		parts.push(`<h2 style="${STYLE.h2}">Could not read</h2><pre style="${STYLE.pre}">${e(report.problems.map((p) => `${p.what}: ${p.why}`).join('\n'))}</pre>`);
	}
	parts.push(`<p style="${STYLE.muted}">Fingerprint ${e(report.fingerprint)}${report.redactions.total ? ` · ${report.redactions.total} secret(s) redacted` : ''} · n8n-nodes-mcp-devops</p>`);
	parts.push('</body></html>');
	return parts.join('\n');
}

/** Untrusted lines in the text email: indented after a blank line, a code block to anything that reads it as markdown. */
function textBlock(text: string): string[] {
	return ['', ...removeInvisible(text).replace(/\r/g, '').split('\n').map((line) => `    ${line}`)];
}

/**
 * The plain-text email. Mail clients link what looks like a URL or an address, so untrusted values
 * on a line of ours are neutralised like the title, and untrusted lines are indented blocks.
 */
function renderText(input: RenderInput, analysis: CleanAnalysis | undefined, title: string): string {
	const { report } = input;
	const out = [title, '', `${neutraliseInline(report.headline)}.`, CLASS_ADVICE[report.category].summary, ''];
	for (const [k, v] of locationRows(report)) out.push(`${k}: ${neutraliseInline(v)}`);
	const issue = safeHref(input.issueUrl);
	const run = safeHref(input.runUrl);
	if (issue) out.push(`Issue: ${issue}`);
	if (run) out.push(`Run: ${run}`);
	if (report.evidence.length) out.push('', 'Evidence:', ...textBlock(evidenceText(report, 0)));
	if (analysis?.summary) out.push('', 'Analysis:', ...textBlock(analysis.summary));
	if (analysis?.rootCause) out.push('', 'Root cause:', ...textBlock(analysis.rootCause));
	out.push('', 'Suggested fixes:');
	if (analysis?.fixes.length) out.push(...textBlock(analysis.fixes.map((fix) => `- ${fix}`).join('\n')));
	else out.push(...report.fixes.map((fix) => `- ${fix}`));
	if (report.problems.length) out.push('', 'Could not read:', ...textBlock(report.problems.map((p) => `- ${p.what}: ${p.why}`).join('\n')));
	out.push('', `Fingerprint: ${neutraliseInline(report.fingerprint)}`);
	return out.join('\n');
}

/** Merges the facts with the optional model analysis into the issue, the comment and the emails. */
export async function renderReport(input: RenderInput): Promise<RenderedReport> {
	const counts = { ...input.report.redactions.byRule };
	const analysis = input.analysis === undefined || input.analysis === null ? undefined : await cleanAnalysis(input.analysis, counts);
	// The model's name comes back from the LLM endpoint: shown, so redacted like the model's words.
	const cleanInput: RenderInput = { ...input, analysisModel: await redactModelText(input.analysisModel, MAX_MODEL_NAME, counts) };
	const title = renderTitle(input.report);
	const summary = analysis?.summary ?? input.report.summary;
	return {
		title,
		body: removeInvisible(renderMarkdown(cleanInput, analysis, false)),
		commentBody: removeInvisible(renderMarkdown(cleanInput, analysis, true)),
		html: renderHtml(cleanInput, analysis, title),
		text: renderText(cleanInput, analysis, title),
		fingerprint: input.report.fingerprint,
		category: input.report.category,
		summary,
		labels: ['pipeline-failure', `failure/${input.report.category.replace(/_/g, '-')}`],
		analysisSource: analysis ? 'llm' : 'rules',
		analysis: analysis && { summary: analysis.summary, root_cause: analysis.rootCause, fixes: analysis.fixes, confidence: analysis.confidence, category: analysis.category },
		redactions: { total: Object.values(counts).reduce((a, b) => a + b, 0), byRule: counts },
	};
}
