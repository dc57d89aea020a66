import {
	checkColor,
	checkFingerprint,
	checkName,
	checkTextSize,
	checkTitle,
	MAX_TEXT_BYTES,
	normalizeServerUrl,
	parseDate,
	parseIssueNumber,
	parseNameList,
} from '../../../nodes/shared/gitea';
import { thrownBy } from './giteaError';

describe('normalizeServerUrl', () => {
	it.each([
		['https://git.example.com', 'https://git.example.com'],
		['https://git.example.com/', 'https://git.example.com'],
		['https://git.example.com/api/v1', 'https://git.example.com'],
		['https://git.example.com/api/v1/', 'https://git.example.com'],
		['  https://git.example.com/gitea//  ', 'https://git.example.com/gitea'],
		['https://git.example.com/gitea/api/v1', 'https://git.example.com/gitea'],
		['HTTP://Git.Example.com:3000/gitea/', 'http://git.example.com:3000/gitea'],
	])('turns %s into %s', (input, expected) => {
		expect(normalizeServerUrl(input)).toBe(expected);
	});

	it('refuses a URL without a scheme and names the field', () => {
		const error = thrownBy(() => normalizeServerUrl('git.example.com/gitea'));
		expect(error.code).toBe('INVALID_URL');
		expect(error.field).toBe('Server URL');
		expect(error.message).toContain('Server URL "git.example.com/gitea" has no http:// or https:// scheme');
		expect(error.message).toContain('https://git.example.com/gitea');
	});

	it('refuses an empty URL, another scheme and embedded credentials', () => {
		expect(thrownBy(() => normalizeServerUrl(' ')).message).toMatch(/^Server URL is empty/);
		expect(thrownBy(() => normalizeServerUrl('ftp://git.example.com')).code).toBe('INVALID_URL');
		expect(thrownBy(() => normalizeServerUrl('https://bot:secret@git.example.com')).message).toMatch(/must not contain a user name or password/);
	});
});

describe('parseIssueNumber', () => {
	it('accepts whole numbers, with or without #', () => {
		expect(parseIssueNumber('42')).toBe(42);
		expect(parseIssueNumber(' #7 ')).toBe(7);
		expect(parseIssueNumber(3)).toBe(3);
	});

	it.each(['abc', '4.5', '-1', '0', '12abc', '1e3'])('refuses %s and names the field', (value) => {
		const error = thrownBy(() => parseIssueNumber(value));
		expect(error.code).toBe('INVALID_INPUT');
		expect(error.field).toBe('Issue');
		expect(error.message).toBe(`Issue must be a positive whole number (the issue number, e.g. 42), not "${value}"`);
	});

	it('says so when the number is empty', () => {
		expect(thrownBy(() => parseIssueNumber('')).message).toBe('Issue is empty - enter the issue number, e.g. 42');
	});
});

describe('checkTitle', () => {
	it('trims a title', () => {
		expect(checkTitle('  Build failed  ')).toBe('Build failed');
	});

	it('refuses an empty or blank title, naming the field', () => {
		for (const value of ['', '   ', undefined]) {
			const error = thrownBy(() => checkTitle(value));
			expect(error.field).toBe('Title');
			expect(error.message).toBe('Title is empty - Gitea needs a title for every issue');
		}
	});

	it('refuses a title longer than Gitea stores', () => {
		expect(thrownBy(() => checkTitle('x'.repeat(256))).message).toMatch(/^Title is 256 characters long; Gitea stores at most 255/);
	});
});

describe('checkTextSize', () => {
	it('accepts text up to the limit once JSON-encoded', () => {
		const text = 'a'.repeat(MAX_TEXT_BYTES - 2);
		expect(checkTextSize('Body', text)).toBe(text);
	});

	it('counts the JSON encoding: escaped newlines and multi-byte characters', () => {
		const newlines = '\n'.repeat(MAX_TEXT_BYTES / 2);
		const error = thrownBy(() => checkTextSize('Body', newlines));
		expect(error.field).toBe('Body');
		expect(error.message).toMatch(new RegExp(`^Body is ${MAX_TEXT_BYTES + 2} bytes once encoded, over the ${MAX_TEXT_BYTES}-byte limit`));
		const accents = 'é'.repeat(MAX_TEXT_BYTES / 2);
		expect(thrownBy(() => checkTextSize('Comment', accents)).message).toMatch(new RegExp(`^Comment is ${MAX_TEXT_BYTES + 2} bytes`));
	});
});

describe('names, lists, colours and dates', () => {
	it('checks Gitea names', () => {
		expect(checkName('Owner', ' acme ')).toBe('acme');
		expect(thrownBy(() => checkName('Repository', 'a/b')).message).toBe(
			'Repository "a/b" is not a valid Gitea name - use letters, digits, "-", "_" and "."',
		);
		expect(thrownBy(() => checkName('Owner', '..')).field).toBe('Owner');
		expect(thrownBy(() => checkName('Owner', '')).message).toMatch(/^Owner is empty/);
	});

	it('splits label lists from text or arrays, without blanks or repeats', () => {
		expect(parseNameList('ci-failure, flaky,,ci-failure , ')).toEqual(['ci-failure', 'flaky']);
		expect(parseNameList(['bug', ' bug', 'kind/ci'])).toEqual(['bug', 'kind/ci']);
		expect(parseNameList(undefined)).toEqual([]);
	});

	it('normalises colours', () => {
		expect(checkColor('E11D21')).toBe('#e11d21');
		expect(checkColor('#00aabb')).toBe('#00aabb');
		expect(thrownBy(() => checkColor('red', 'Label Color')).message).toBe(
			'Label Color "red" is not a hex colour - use six hex digits, e.g. #e11d21',
		);
	});

	it('parses dates to RFC 3339', () => {
		expect(parseDate('Due Date', '2025-03-31')).toBe('2025-03-31T00:00:00.000Z');
		expect(thrownBy(() => parseDate('Updated Since', 'yesterday')).message).toMatch(/^Updated Since "yesterday" is not a date/);
	});
});

describe('checkFingerprint', () => {
	it('trims and accepts hashes and readable keys', () => {
		expect(checkFingerprint(' 3f2a9c ')).toBe('3f2a9c');
		expect(checkFingerprint('npm-eresolve:build/step-install')).toBe('npm-eresolve:build/step-install');
	});

	it.each([
		['', /^Fingerprint is empty/],
		['a\nb', /must not contain line breaks/],
		['a-->b', /must not contain line breaks, "<", ">" or "--"/],
		['x'.repeat(201), /at most 200 fit/],
	])('refuses %j', (value, message) => {
		const error = thrownBy(() => checkFingerprint(value));
		expect(error.field).toBe('Fingerprint');
		expect(error.message).toMatch(message);
	});
});
