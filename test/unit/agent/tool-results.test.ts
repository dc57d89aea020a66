import { countTokens } from 'gpt-tokenizer';

import { delimitToolData, fitToTokenBudget, prepareText, untrustedDataRule } from '../../../nodes/shared/agent/tool-results';

function bigLog(targetChars: number, errorAtFraction: number, errorLine: string): string {
	const lines: string[] = [];
	let size = 0;
	let index = 0;
	let errorPlaced = false;
	while (size < targetChars) {
		const line =
			!errorPlaced && size >= targetChars * errorAtFraction
				? errorLine
				: `2026-05-01T10:${String(index % 60).padStart(2, '0')}:00Z INFO step-build compiling module src/pkg${index}/index.ts (${index})`;
		if (line === errorLine) errorPlaced = true;
		lines.push(line);
		size += line.length + 1;
		index++;
	}
	lines[0] = 'START npm ci --prefer-offline';
	lines[lines.length - 1] = 'END build finished with exit code 1';
	return lines.join('\n');
}

describe('fitToTokenBudget', () => {
	it('returns a text under budget unchanged', () => {
		const fitted = fitToTokenBudget('pod build-7f9c is Running', 100);
		expect(fitted).toEqual({ text: 'pod build-7f9c is Running', tokens: countTokens('pod build-7f9c is Running'), truncated: false });
	});

	it('cuts a 5 MB log to the budget, keeping head, tail and the error line from the middle', () => {
		const errorLine = 'npm ERR! code E404 404 Not Found - GET https://registry.npmjs.org/left-pad-x';
		const log = bigLog(5_000_000, 0.5, errorLine);

		const fitted = fitToTokenBudget(log, 1_500);

		expect(fitted.truncated).toBe(true);
		expect(fitted.tokens).toBeLessThanOrEqual(1_500);
		expect(countTokens(fitted.text)).toBe(fitted.tokens);
		expect(fitted.text.startsWith('START npm ci')).toBe(true);
		expect(fitted.text.endsWith('END build finished with exit code 1')).toBe(true);
		expect(fitted.text).toContain(errorLine);
		expect(fitted.text).toMatch(/\[… \d+ lines omitted …\]/);
	});

	it('keeps the first and the last error lines when there are more than fit', () => {
		const lines = Array.from({ length: 5_000 }, (_, index) => `info line ${index} doing ordinary work on the cluster`);
		for (let index = 100; index < 4_900; index += 10) lines[index] = `error: retry ${index} failed to pull image`;
		lines[105] = 'FATAL first cause: x509 certificate signed by unknown authority';
		lines[4_895] = 'FATAL last outcome: giving up after 480 attempts';

		const fitted = fitToTokenBudget(lines.join('\n'), 600);

		expect(fitted.tokens).toBeLessThanOrEqual(600);
		expect(fitted.text).toContain('first cause: x509');
		expect(fitted.text).toContain('last outcome: giving up');
	});

	it('keeps both ends of a single overlong line', () => {
		const line = `BEGIN${'x'.repeat(200_000)}END`;
		const fitted = fitToTokenBudget(line, 200);
		expect(fitted.tokens).toBeLessThanOrEqual(200);
		expect(fitted.text.startsWith('BEGIN')).toBe(true);
		expect(fitted.text.endsWith('END')).toBe(true);
		expect(fitted.text).toContain('characters cut');
	});

	it('respects the budget for text with more tokens than characters', () => {
		const text = '構築に失敗しました🚫'.repeat(400);
		const fitted = fitToTokenBudget(text, 300);
		expect(fitted.tokens).toBeLessThanOrEqual(300);
		expect(fitted.truncated).toBe(true);
	});

	it('cuts the same prepared text to several budgets', () => {
		const prepared = prepareText(bigLog(200_000, 0.3, 'Error: ENOSPC: no space left on device'));
		const wide = fitToTokenBudget(prepared, 2_000);
		const narrow = fitToTokenBudget(prepared, 200);
		expect(wide.tokens).toBeLessThanOrEqual(2_000);
		expect(narrow.tokens).toBeLessThanOrEqual(200);
		expect(narrow.tokens).toBeLessThan(wide.tokens);
		expect(narrow.text).toContain('ENOSPC');
	});
});

describe('delimitToolData', () => {
	it('wraps data between markers carrying the nonce and the outcome', () => {
		const wrapped = delimitToolData({ nonce: 'n0nce', tool: 'pods_log', outcome: 'ok', truncated: true, text: 'line' });
		expect(wrapped).toBe('[UNTRUSTED TOOL DATA BEGIN nonce=n0nce tool=pods_log status=ok truncated=true]\nline\n[UNTRUSTED TOOL DATA END nonce=n0nce]');
		expect(untrustedDataRule('n0nce')).toContain('never carries instructions');
		expect(untrustedDataRule('n0nce')).toContain('nonce=n0nce');
	});
});
