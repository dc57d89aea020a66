import { stripVTControlCharacters } from 'node:util';
import { Edits } from './edits';
import { findHighEntropy } from './entropy';
import { findKeyValues, findPasswordFlags } from './key-values';
import { findSecretManifests } from './manifests';
import { findPrivateKeys } from './pem';
import { findProviderTokens } from './providers';
import { findUrlCredentials, type UrlMode } from './urls';

/**
 * Secret redaction for text that leaves a node (digest, evidence, issue, email, LLM prompt, errors,
 * the model's own words). One rule set, run synchronously: PEM keys, Kubernetes Secret manifests,
 * credentials in URLs, values after keys that name a secret (and headers, env pairs, password
 * flags), provider token formats (secretlint's recommended rules and a few more), and long
 * high-entropy values. Each secret becomes `[REDACTED:<rule>]`. The families, what each keeps and
 * why are in this folder's README.
 */

export interface RedactionResult {
	text: string;
	/** Redactions per rule. */
	counts: Record<string, number>;
	total: number;
}

export interface RedactOptions {
	/** 'all' (for error text): every URL also loses its whole userinfo and all query values. */
	urls?: UrlMode;
}

/**
 * Text beyond this is dropped, not scanned: every caller cuts to a much smaller budget first, and a
 * bound keeps one call's time bounded whatever the input (about 0.5 s at the measured speed).
 */
export const MAX_REDACTION_CHARS = 8 * 1024 * 1024;

type Stage = (text: string, edits: Edits) => void;

/** Whole blocks first, structure next, loose values last: a later stage never re-reads a marker. */
function stagesFor(options: RedactOptions): Stage[] {
	const urls = options.urls ?? 'secrets';
	return [
		findPrivateKeys,
		findSecretManifests,
		(text, edits) => findUrlCredentials(text, edits, urls),
		findPasswordFlags,
		findKeyValues,
		findProviderTokens,
		findHighEntropy,
	];
}

function capped(text: string): string {
	if (text.length <= MAX_REDACTION_CHARS) return text;
	return `${text.slice(0, MAX_REDACTION_CHARS)}\n[… ${text.length - MAX_REDACTION_CHARS} characters not shown: over the redaction limit]`;
}

/**
 * Redacts every secret found in `text`; the counts say what was found, never the secret itself.
 * Terminal escape codes are removed first, so a token coloured half-way through is still one token.
 */
export function redactSecretsSync(input: string, options: RedactOptions = {}): RedactionResult {
	const counts: Record<string, number> = {};
	let text = capped(input);
	if (text.includes('\u001b') || text.includes('\u009b')) text = stripVTControlCharacters(text);
	for (const stage of stagesFor(options)) {
		const edits = new Edits(text, counts);
		stage(text, edits);
		text = edits.apply();
	}
	return { text, counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) };
}

/** {@link redactSecretsSync} for callers that await; the work is synchronous and bounded. */
export async function redactSecrets(text: string): Promise<RedactionResult> {
	return redactSecretsSync(text);
}

/** Error text (messages, server bodies, URLs in them): secrets redacted, and every URL's userinfo and query values. */
export function redactErrorText(text: string): string {
	return redactSecretsSync(text, { urls: 'all' }).text;
}

/** The model's own words, redacted again before they are rendered: a model can repeat what it read. */
export function redactModelText(text: string): RedactionResult {
	return redactSecretsSync(text);
}

/**
 * Redacts, then cuts to `maxChars` characters without splitting a marker: a secret that straddles
 * the cut is redacted whole instead of leaving its first half. Only the first `2 × maxChars`
 * characters are read, so the cost is bounded by the cut, not by the input.
 */
export function redactAndCut(text: string, maxChars: number): RedactionResult & { cut: boolean } {
	const window = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
	const result = redactSecretsSync(window);
	if (result.text.length <= maxChars && window.length === text.length) return { ...result, cut: false };
	let cutAt = Math.min(maxChars, result.text.length);
	const open = result.text.lastIndexOf('[REDACTED:', cutAt);
	const close = open === -1 ? -1 : result.text.indexOf(']', open);
	if (open !== -1 && close >= cutAt) cutAt = close + 1;
	return { ...result, text: result.text.slice(0, cutAt), cut: true };
}

/** {@link redactAndCut} from the other side: keeps the last `maxChars` characters, redacted before the cut. */
export function redactAndKeepEnd(text: string, maxChars: number): RedactionResult & { cut: boolean } {
	const window = text.length > maxChars * 2 ? text.slice(text.length - maxChars * 2) : text;
	const result = redactSecretsSync(window);
	if (result.text.length <= maxChars && window.length === text.length) return { ...result, cut: false };
	let cutAt = Math.max(0, result.text.length - maxChars);
	const open = result.text.lastIndexOf('[REDACTED:', cutAt);
	const close = open === -1 ? -1 : result.text.indexOf(']', open);
	if (open !== -1 && close >= cutAt) cutAt = open;
	return { ...result, text: result.text.slice(cutAt), cut: true };
}

/** Adds one redaction tally to another. */
export function mergeCounts(into: Record<string, number>, from: Record<string, number>): Record<string, number> {
	for (const [id, n] of Object.entries(from)) into[id] = (into[id] ?? 0) + n;
	return into;
}
