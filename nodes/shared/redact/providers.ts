/**
 * Provider token formats. The rule set is secretlint's recommended preset (GitHub, GitLab, Slack,
 * npm, AWS, Stripe, SendGrid, OpenAI, Anthropic, Hugging Face, Vault, Docker, Grafana, Shopify,
 * Databricks, Cloudflare, 1Password, Linear, Notion, Vercel, Figma, Tailscale, private keys, basic
 * auth and database URLs), run synchronously through secretlint's rule API so that error text,
 * which is built synchronously, gets the same rules as logs. `PROVIDER_PATTERNS` adds the formats
 * the preset lacks (PyPI, Google API keys, bare AWS key IDs, a few CI providers), plus JWTs and
 * `Bearer` tokens.
 *
 * secretlint's own filter rules are not run: its comment directives (`secretlint-disable`) would let
 * a log line switch redaction off.
 */
import { createRequire } from 'node:module';
import type { Edits } from './edits';
import { PATTERNS, PROVIDER_PATTERNS } from './rules';

interface SourceCode {
	readonly hasBOM: boolean;
	readonly content: string;
	readonly filePath: string;
	readonly physicalFilePath: undefined;
	readonly contentType: 'text';
	readonly ext: string;
	getFilePath(): string;
	getPhysicalFilePath(): undefined;
}

interface Report {
	range: readonly [number, number];
}

interface RuleContext {
	sharedOptions: Record<string, unknown>;
	createTranslator(messages: unknown): (messageId: string, data?: unknown) => { message: string; messageId: string; data: unknown };
	report(descriptor: Report): void;
	ignore(): void;
}

interface SecretlintRule {
	meta: { id: string; type: 'scanner' | 'filter'; supportedContentTypes?: string[] };
	create(context: RuleContext, options: Record<string, unknown>): { file?(source: SourceCode): void | Promise<void> };
}

interface Scanner {
	id: string;
	file(source: SourceCode): void | Promise<void>;
}

/**
 * Rules of the preset that are not run: the comment-directive rule declares itself a scanner but
 * only switches reporting off (`secretlint-disable` in a log line would hide the secrets after it).
 */
const SKIPPED_RULES = new Set(['@secretlint/secretlint-rule-filter-comments']);

/** Options for some rules of the preset: the AWS rule finds bare access key IDs only when asked. */
const RULE_OPTIONS: Record<string, Record<string, unknown>> = {
	'@secretlint/secretlint-rule-aws': { enableIDScanRule: true },
};

let reports: Report[] = [];
let scanners: Scanner[] | undefined;

/**
 * secretlint ships ESM only; Node ≥ 22.12 loads ESM with `require`, which keeps this path
 * synchronous. The rules are created once and report into `reports`.
 */
function loadScanners(): Scanner[] {
	if (scanners) return scanners;
	const load = createRequire(__filename);
	const preset = load('@secretlint/secretlint-rule-preset-recommend') as { creator: { rules: SecretlintRule[] } };
	const context: RuleContext = {
		sharedOptions: {},
		createTranslator: () => (messageId, data) => ({ message: messageId, messageId, data }),
		report: (descriptor) => reports.push(descriptor),
		ignore: () => undefined,
	};
	scanners = preset.creator.rules
		.filter((rule) => rule.meta.type === 'scanner' && !SKIPPED_RULES.has(rule.meta.id))
		.flatMap((rule) => {
			const handler = rule.create(context, RULE_OPTIONS[rule.meta.id] ?? {});
			const file = handler.file?.bind(handler);
			return file ? [{ id: shortRuleId(rule.meta.id), file }] : [];
		});
	return scanners;
}

const RULE_ID_PREFIX = '@secretlint/secretlint-rule-';
const shortRuleId = (id: string) => (id.startsWith(RULE_ID_PREFIX) ? id.slice(RULE_ID_PREFIX.length) : id);

function sourceOf(content: string): SourceCode {
	return {
		hasBOM: false,
		content,
		filePath: 'log.txt',
		physicalFilePath: undefined,
		contentType: 'text',
		ext: '.txt',
		getFilePath: () => 'log.txt',
		getPhysicalFilePath: () => undefined,
	};
}

export function findProviderTokens(text: string, edits: Edits): void {
	const source = sourceOf(text);
	for (const scanner of loadScanners()) {
		reports = [];
		try {
			const pending = scanner.file(source);
			// A rule that answers asynchronously (the GCP rule, for .json and .p12 files only) cannot add to a synchronous pass.
			if (pending instanceof Promise) pending.catch(() => undefined);
		} catch {
			// One rule failing on hostile input (a stack overflow on a megabyte run) must not stop the others;
			// the entropy stage after this one still sees whatever that rule would have found.
		}
		for (const { range } of reports) edits.add(range[0], range[1], scanner.id);
	}
	reports = [];
	for (const [id, pattern] of Object.entries(PROVIDER_PATTERNS)) addMatches(text, pattern, id, edits);
	addMatches(text, PATTERNS.jwt, 'jwt', edits, (jwt) => jwt.split('.').every((part) => part.length >= MIN_JWT_PART));
	const bearer = new RegExp(PATTERNS.bearer.source, PATTERNS.bearer.flags);
	let match: RegExpExecArray | null;
	while ((match = bearer.exec(text))) edits.add(match.index + match[1].length, match.index + match[0].length, 'bearer-token');
}

/** A JWT's header, payload and signature are each longer than this; shorter `eyJ….eyJ….x` is not one. */
const MIN_JWT_PART = 8;

function addMatches(text: string, pattern: RegExp, id: string, edits: Edits, accept: (match: string) => boolean = () => true): void {
	const copy = new RegExp(pattern.source, pattern.flags);
	let match: RegExpExecArray | null;
	while ((match = copy.exec(text))) if (accept(match[0])) edits.add(match.index, match.index + match[0].length, id);
}
