/**
 * BASELINE ONLY: the redaction as it was before issue 15 (commit db3e826), kept so that
 * `npm run bench:redact` can print before and after side by side. Nothing else imports it.
 */
import { stripVTControlCharacters } from 'node:util';

/**
 * Secret redaction for text that leaves a node (digest, evidence, issue, email, LLM prompt).
 * secretlint's recommended preset finds provider tokens (AWS, GitHub, GitLab, Slack, npm, GCP,
 * private keys, basic auth in URLs, …); the rules below add what CI logs leak besides: JWTs,
 * Authorization headers, credentials in URLs, PEM blocks, Kubernetes Secret data and
 * `password=` / `token:` style values. Each secret becomes `[REDACTED:<rule>]`.
 */

export interface RedactionResult {
	text: string;
	/** Redactions per rule. */
	counts: Record<string, number>;
	total: number;
}

export interface PatternRule {
	id: string;
	pattern: RegExp;
	/** Rebuilds the match with the secret part replaced; default replaces the whole match. */
	replace?: (marker: string, ...groups: string[]) => string;
}

const marker = (id: string) => `[REDACTED:${id}]`;

// Order matters: whole blocks first, then structured values, then loose key=value pairs.
export const BASELINE_PATTERN_RULES: PatternRule[] = [
	{
		id: 'private-key',
		pattern: /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?(?:-----END \1-----|$(?![\s\S]))/g,
	},
	{
		id: 'jwt',
		pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
	},
	{
		id: 'authorization-header',
		pattern: /\b((?:Proxy-)?Authorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|Token|token|Digest|Negotiate|AWS4-HMAC-SHA256)\s+)([^\s"',;]+)/gi,
		replace: (m, prefix) => `${prefix}${m}`,
	},
	{
		id: 'bearer-token',
		pattern: /\b(Bearer\s+)(?!\[REDACTED)([A-Za-z0-9._~+/-]{12,}=*)/g,
		replace: (m, prefix) => `${prefix}${m}`,
	},
	{
		id: 'url-credentials',
		pattern: /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/'"]+):([^\s@/'"]+)@/gi,
		replace: (m, scheme) => `${scheme}${m}@`,
	},
	{
		id: 'url-token',
		pattern: /\b(https?:\/\/)([A-Za-z0-9_-]{20,})@/g,
		replace: (m, scheme) => `${scheme}${m}@`,
	},
	{
		id: 'kubernetes-secret',
		// The JSON form: "kind": "Secret" … "data": { … }
		pattern: /("kind"\s*:\s*"Secret"[^{}]*?"(?:data|stringData)"\s*:\s*\{)([^{}]*)(\})/g,
		replace: (m, head, body, tail) => `${head}${body.replace(/(:\s*)"[^"]*"/g, `$1"${m}"`)}${tail}`,
	},
	{
		id: 'secret-assignment',
		pattern:
			/\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?)[A-Za-z0-9_.-]*["']?\s*(?:=|:)\s*)(["']?)(?!\[REDACTED|\*{3,}|<|\$\{|\$\(|true\b|false\b|null\b|none\b|None\b|""|'')([^\s"'&,;)}\]]{3,})\2/gi,
		replace: (m, prefix, quote) => `${prefix}${quote}${m}${quote}`,
	},
	{
		// Long base64 runs with mixed case and digits: key material cut out of its PEM or JSON.
		id: 'base64-blob',
		pattern: /(?<![A-Za-z0-9+/=_-])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*\d)[A-Za-z0-9+/]{60,}={0,2}(?![A-Za-z0-9+/=_-])/g,
	},
];

const DOCUMENT_START = /^\s*---|^\s*- (?:apiVersion|kind|data|metadata|stringData|type):/;
const SECRET_KIND = /^\s*(?:- )?kind:\s*Secret\s*$/;
const DATA_KEY = /^(\s*(?:- )?)(?:data|stringData):\s*$/;

/**
 * Values under `data:` / `stringData:` of every YAML document that is a `kind: Secret`. kubectl
 * sorts keys, so `data:` usually comes before `kind:`: documents are found first, then judged whole.
 */
function redactSecretManifests(text: string, counts: Record<string, number>): string {
	if (!/kind:\s*Secret\b/.test(text)) return text;
	const lines = text.split('\n');
	let documentStart = 0;
	const flush = (end: number) => {
		const document = lines.slice(documentStart, end);
		if (document.some((line) => SECRET_KIND.test(line))) {
			for (let i = 0; i < document.length; i++) {
				const key = DATA_KEY.exec(document[i]);
				if (!key) continue;
				const indent = key[1].replace('- ', '  ').length;
				for (let j = i + 1; j < document.length; j++) {
					const line = document[j];
					const lineIndent = line.length - line.trimStart().length;
					if (line.trim() && lineIndent <= indent) break;
					const value = /^(\s+[^\s:]+:[ \t]*)(\S.*)$/.exec(line);
					if (value && !value[2].startsWith('[REDACTED')) {
						lines[documentStart + j] = `${value[1]}${marker('kubernetes-secret')}`;
						counts['kubernetes-secret'] = (counts['kubernetes-secret'] ?? 0) + 1;
					}
				}
			}
		}
		documentStart = end;
	};
	lines.forEach((line, index) => {
		if (index > documentStart && DOCUMENT_START.test(line)) flush(index);
	});
	flush(lines.length);
	return lines.join('\n');
}

/**
 * A secret that spans lines (a PEM block) becomes one marker per line, so the text keeps its line
 * count: callers map redacted text back to numbered log lines.
 */
function keepingLines(original: string, replacement: string, id: string): string {
	const missing = (original.match(/\n/g)?.length ?? 0) - (replacement.match(/\n/g)?.length ?? 0);
	return missing > 0 ? replacement + `\n${marker(id)}`.repeat(missing) : replacement;
}

function applyPatternRules(text: string, counts: Record<string, number>): string {
	let result = redactSecretManifests(text, counts);
	for (const rule of BASELINE_PATTERN_RULES) {
		result = result.replace(rule.pattern, (...args: unknown[]) => {
			counts[rule.id] = (counts[rule.id] ?? 0) + 1;
			const groups = args.slice(1, -2).map((g) => (typeof g === 'string' ? g : ''));
			const replacement = rule.replace ? rule.replace(marker(rule.id), ...groups) : marker(rule.id);
			return keepingLines(String(args[0]), replacement, rule.id);
		});
	}
	return result;
}

type LintSource = typeof import('@secretlint/core', { with: { 'resolution-mode': 'import' } }).lintSource;
interface SecretlintEngine {
	lintSource: LintSource;
	rule: { id: string; rule: unknown };
}

let engine: Promise<SecretlintEngine> | undefined;

/** secretlint is ESM-only; load it once, on first use. */
function loadSecretlint(): Promise<SecretlintEngine> {
	engine ??= Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]).then(([core, preset]) => ({
		lintSource: core.lintSource,
		rule: { id: preset.creator.meta.id, rule: preset.creator },
	}));
	return engine;
}

function shortRuleId(ruleId: string): string {
	return ruleId.replace(/^@secretlint\/secretlint-rule-/, '');
}

/**
 * Redacts every secret found in `text`; the counts say what was found, never the secret itself.
 * Terminal escape codes are removed first, so a token coloured half-way through is still one token.
 */
export async function baselineRedactSecrets(text: string): Promise<RedactionResult> {
	const counts: Record<string, number> = {};
	let redacted = applyPatternRules(stripVTControlCharacters(text), counts);
	if (redacted.trim()) {
		const { lintSource, rule } = await loadSecretlint();
		const result = await lintSource({
			source: { content: redacted, filePath: 'log.txt', ext: '.txt', contentType: 'text' },
			options: { config: { rules: [rule as Parameters<LintSource>[0]['options']['config']['rules'][number]] }, noPhysicFilePath: true },
		});
		const ranges = result.messages
			.filter((message) => Array.isArray(message.range))
			.map((message) => ({ start: message.range[0], end: message.range[1], id: shortRuleId(message.ruleId) }))
			.sort((a, b) => b.start - a.start);
		let lastStart = Number.POSITIVE_INFINITY;
		for (const range of ranges) {
			if (range.end > lastStart) continue; // overlapping finding, already covered
			const original = redacted.slice(range.start, range.end);
			if (original.includes('[REDACTED:')) continue;
			counts[range.id] = (counts[range.id] ?? 0) + 1;
			redacted = redacted.slice(0, range.start) + keepingLines(original, marker(range.id), range.id) + redacted.slice(range.end);
			lastStart = range.start;
		}
	}
	const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
	return { text: redacted, counts, total };
}

