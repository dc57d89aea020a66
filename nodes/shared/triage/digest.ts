import { countTokens } from 'gpt-tokenizer';
import type { EvidenceLine, LogLine } from './analyser';
import { normaliseForRepeats } from './text';

export const DEFAULT_DIGEST_TOKENS = 2000;

export interface DigestInput {
	evidence: EvidenceLine[];
	head: LogLine[];
	tail: LogLine[];
	totalLines: number;
}

/** A line as the digest shows it: its number, so the model and the reader can refer to it. */
const render = (line: LogLine, marker = ' ') => `${marker}${String(line.line).padStart(6)} | ${line.text}`;

/** Consecutive lines that say the same thing (bar numbers and times) become one line with a count. */
export function collapseRepeats(lines: LogLine[]): LogLine[] {
	const result: LogLine[] = [];
	let i = 0;
	while (i < lines.length) {
		const key = normaliseForRepeats(lines[i].text);
		let j = i + 1;
		while (j < lines.length && lines[j].line === lines[j - 1].line + 1 && normaliseForRepeats(lines[j].text) === key) j++;
		const repeats = j - i;
		result.push(repeats > 2 ? { line: lines[i].line, text: `${lines[i].text}   [same line ×${repeats}, to line ${lines[j - 1].line}]` } : lines[i]);
		if (repeats === 2) result.push(lines[i + 1]);
		i = j;
	}
	return result;
}

class TokenBudget {
	private used = 0;
	constructor(private readonly limit: number) {}

	/** Takes `text` if it fits; otherwise, when `cutToFit`, as much of its start as fits. */
	take(text: string, cutToFit = false): string | undefined {
		const cost = countTokens(text) + 1;
		if (this.used + cost <= this.limit) {
			this.used += cost;
			return text;
		}
		if (!cutToFit) return undefined;
		const room = this.limit - this.used - 4;
		if (room < 8) return undefined;
		// Characters per token is about 3–4 for logs; shrink until the cut line fits.
		let cut = text.slice(0, room * 3);
		while (cut.length > 20 && countTokens(`${cut} …`) + 1 > this.limit - this.used) cut = cut.slice(0, Math.floor(cut.length * 0.85));
		const taken = `${cut} …`;
		this.used += countTokens(taken) + 1;
		return taken;
	}
}

/**
 * A compact, token-bounded view of a failed log for a model or a reader: the evidence first (the
 * best line before its context, so even a tiny budget carries the root cause), then the end of
 * the log, then its start, with repeated lines collapsed.
 */
export function buildDigest(input: DigestInput, maxTokens = DEFAULT_DIGEST_TOKENS): string {
	const budget = new TokenBudget(maxTokens);
	const chosen = new Map<number, string>();
	const add = (line: LogLine, marker: string, cutToFit = false) => {
		if (chosen.has(line.line)) return true;
		const text = budget.take(render(line, marker), cutToFit);
		if (text === undefined) return false;
		chosen.set(line.line, text);
		return true;
	};

	const [best, ...others] = input.evidence;
	if (best) add(best, '>', true);
	for (const evidence of others) add(evidence, '>');
	for (const evidence of input.evidence) {
		for (const context of [...evidence.before.slice(-2), ...evidence.after.slice(0, 2)]) add(context, ' ');
	}
	for (const evidence of input.evidence) {
		for (const context of [...evidence.before, ...evidence.after]) add(context, ' ');
	}
	const tail = collapseRepeats(input.tail);
	for (let i = tail.length - 1; i >= 0; i--) if (!add(tail[i], ' ')) break;
	for (const line of collapseRepeats(input.head)) if (!add(line, ' ')) break;

	// Gap markers are not in the budget above; drop the least important lines until all fits.
	let digest = assemble(chosen, input.totalLines);
	const priority = [...chosen.keys()];
	while (countTokens(digest) > maxTokens && priority.length > 1) {
		chosen.delete(priority.pop()!);
		digest = assemble(chosen, input.totalLines);
	}
	return digest;
}

function assemble(chosen: Map<number, string>, totalLines: number): string {
	const numbers = [...chosen.keys()].sort((a, b) => a - b);
	const out: string[] = [];
	numbers.forEach((number, index) => {
		if (index > 0 && number > numbers[index - 1] + 1) out.push(`        … ${number - numbers[index - 1] - 1} lines omitted`);
		out.push(chosen.get(number)!);
	});
	if (numbers.length && numbers[0] > 1) out.unshift(`        … ${numbers[0] - 1} lines omitted`);
	if (numbers.length && numbers[numbers.length - 1] < totalLines) out.push(`        … ${totalLines - numbers[numbers.length - 1]} lines omitted`);
	return out.join('\n');
}
