/**
 * The key-value family: a value after a key that names a secret, in any casing and separator
 * (`DB_PASSWORD=`, `dbPassword:`, `"pass":`, `<password>`, `--token X`, `db-password X`), headers
 * (`Authorization`, `Cookie`, `Set-Cookie`), Kubernetes env pairs (`name: DB_PASSWORD` then
 * `value:`), and password flags of tools (`mysql -pX`, `docker login -p X`, `curl -u user:pw`).
 *
 * A cheap pattern finds words that may be part of such a key; the key around the word, its
 * separator and its value are then read with plain code, once per key, so the scan stays linear.
 */
import type { Edits } from './edits';
import {
	AUTH_SCHEMES,
	NOT_A_SECRET_LAST_SEGMENTS,
	PASSWORD_FLAG_LETTER,
	PATTERNS,
	PLACEHOLDER_VALUE,
	PROSE_WORDS,
	SECRET_ID_QUALIFIERS,
	SECRET_KEY_QUALIFIERS,
	SECRET_SEGMENTS,
	SECRET_WORD_ENDINGS,
	URL_ONLY_SECRET_NAMES,
} from './rules';

const MAX_KEY_LENGTH = 120;
/** Shorter values are flags and switches (`auth=ok`, `pwd=-`), not secrets worth a marker. */
const MIN_VALUE_LENGTH = 3;
/** How far after `name: DB_PASSWORD` its `value:` may be (a few YAML lines or one JSON object). */
const ENV_VALUE_WINDOW = 300;

type Separator = 'equals' | 'colon' | 'flag' | 'space' | 'xml';

const isKeyChar = (c: number) =>
	(c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 /* _ */ || c === 46 /* . */ || c === 45; /* - */
const isBlank = (c: number) => c === 32 || c === 9;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/** `DB_PASSWORD` → [db, password]; `x-api-key` → [x, api, key]; `_authToken` → [auth, token]; `APIKey` → [api, key]. */
export function keySegments(key: string): string[] {
	const segments: string[] = [];
	let current = '';
	for (let i = 0; i < key.length; i++) {
		const c = key.charCodeAt(i);
		if (!isKeyChar(c) || c === 95 || c === 46 || c === 45) {
			if (current) segments.push(current);
			current = '';
			continue;
		}
		const boundary =
			current.length > 0 &&
			isUpper(c) &&
			(isLower(key.charCodeAt(i - 1)) || (i + 1 < key.length && key.charCodeAt(i + 1) >= 97 && key.charCodeAt(i + 1) <= 122 && isUpper(key.charCodeAt(i - 1))));
		if (boundary) {
			segments.push(current);
			current = '';
		}
		current += key[i].toLowerCase();
	}
	if (current) segments.push(current);
	return segments;
}

/** Whether a key (its segments) names a secret. `inUrl`: the key is a URL query parameter. */
export function namesSecret(segments: string[], inUrl = false): boolean {
	if (!segments.length) return false;
	const last = segments[segments.length - 1];
	if (last === 'id' || last === 'ids') return segments.length > 1 && SECRET_ID_QUALIFIERS.has(segments[segments.length - 2]);
	if (NOT_A_SECRET_LAST_SEGMENTS.has(last)) return false;
	for (let i = 0; i < segments.length; i++) {
		const segment = segments[i];
		if (SECRET_SEGMENTS.has(segment)) return true;
		if (SECRET_WORD_ENDINGS.some((word) => segment.endsWith(word))) return true;
		if (segment === 'key' && i > 0 && SECRET_KEY_QUALIFIERS.has(segments[i - 1])) return true;
	}
	return inUrl && segments.length === 1 && URL_ONLY_SECRET_NAMES.has(last);
}

const HEADER_KIND: Record<string, 'authorization' | 'cookie' | 'set-cookie'> = {
	authorization: 'authorization',
	'proxy-authorization': 'authorization',
	cookie: 'cookie',
	'set-cookie': 'set-cookie',
};

interface Key {
	start: number;
	end: number;
	/** Where the separator starts (after a closing quote of a quoted key). */
	after: number;
	quoted: boolean;
	inUrl: boolean;
	xml: boolean;
	flag: boolean;
}

function readKey(text: string, hit: number): Key | undefined {
	let start = hit;
	while (start > 0 && isKeyChar(text.charCodeAt(start - 1)) && hit - start < MAX_KEY_LENGTH) start--;
	let end = hit;
	while (end < text.length && isKeyChar(text.charCodeAt(end)) && end - start < MAX_KEY_LENGTH) end++;
	if (start > 0 && isKeyChar(text.charCodeAt(start - 1))) return undefined;
	if (end < text.length && isKeyChar(text.charCodeAt(end))) return undefined;
	const before = start > 0 ? text[start - 1] : '';
	// A path component (`…/serviceaccount/token: permission denied`) is a file, not a key.
	if (before === '/') return undefined;
	const quote = before === '"' || before === "'" ? before : '';
	// JSON inside a JSON string (a structured log of request headers): `\"password\":\"x\"`.
	const escaped = quote === '"' && text[start - 2] === '\\' && text[end] === '\\' && text[end + 1] === '"';
	const quoted = escaped || (quote !== '' && text[end] === quote);
	return {
		start,
		end,
		after: escaped ? end + 2 : quoted ? end + 1 : end,
		quoted,
		inUrl: before === '?' || before === '&',
		xml: before === '<' && text[end] === '>',
		flag: text.charCodeAt(start) === 45 /* - */,
	};
}

/** The separator after a key and where its value starts, or undefined when the key is not followed by one. */
function readSeparator(text: string, key: Key): { kind: Separator; valueStart: number } | undefined {
	if (key.xml) return { kind: 'xml', valueStart: key.end + 1 };
	let at = key.after;
	while (at < text.length && isBlank(text.charCodeAt(at))) at++;
	const spaced = at > key.after;
	const c = text[at];
	const next = text[at + 1];
	if (c === '=' && next === '>') return { kind: 'equals', valueStart: skipBlanks(text, at + 2) };
	if (c === ':' && next === '=') return { kind: 'equals', valueStart: skipBlanks(text, at + 2) };
	if (c === '=' && next !== '=') return { kind: 'equals', valueStart: skipBlanks(text, at + 1) };
	if (c === ':') {
		// `key:value` without a space is `file:line`, `host:port` or `image:tag`; quoted keys are JSON.
		if (key.quoted || next === undefined || next === ' ' || next === '\t' || next === '"' || next === "'" || next === '\n' || next === '\r') {
			return { kind: 'colon', valueStart: skipBlanks(text, at + 1) };
		}
		// `password:hunter2`: a key that ends in a secret word takes a value without the space.
		if (!spaced && !(next >= '0' && next <= '9') && endsInSecretWord(text, key)) return { kind: 'colon', valueStart: at + 1 };
		return undefined;
	}
	if (spaced && c !== undefined && c !== '\n' && c !== '\r' && c !== '-' && !key.quoted) {
		if (key.flag) return { kind: 'flag', valueStart: at };
		// Only a key with an explicit separator takes a bare space: `db-password X`, not `D0ckerPw X` or `token expired`;
		// and .netrc's `machine h login u password X`.
		if (hasSeparator(text, key) || isNetrcPassword(text, key)) return { kind: 'space', valueStart: at };
	}
	return undefined;
}

function endsInSecretWord(text: string, key: Key): boolean {
	const segments = keySegments(text.slice(key.start, key.end));
	const last = segments[segments.length - 1] ?? '';
	return SECRET_WORD_ENDINGS.some((word) => last.endsWith(word));
}

/** `PASS: TestFoo` and `--- PASS: TestFoo (0.00s)` are test results: a bare `pass` key is one only with `=`, quoted or as a flag. */
function isTestStatus(name: string, key: Key, separator: Separator): boolean {
	return name.toLowerCase() === 'pass' && separator === 'colon' && !key.quoted;
}

function isNetrcPassword(text: string, key: Key): boolean {
	const name = text.slice(key.start, key.end).toLowerCase();
	if (name !== 'password' && name !== 'passwd') return false;
	const window = text.slice(Math.max(0, key.start - 200), key.start);
	const before = window.slice(window.lastIndexOf('\n') + 1);
	return before.includes('login ') || before.startsWith('machine ') || before.startsWith('default ');
}

function hasSeparator(text: string, key: Key): boolean {
	for (let i = key.start; i < key.end; i++) if (text[i] === '-' || text[i] === '_') return true;
	return false;
}

/** The quote a key stands inside (`-H "Authorization: Bearer x"`): its value ends there. */
function enclosingQuote(text: string, key: Key): string | undefined {
	const before = text[key.start - 1];
	return !key.quoted && (before === '"' || before === "'") ? before : undefined;
}

/** The end of a value that runs to the end of its line, or to the quote the key stands inside. */
function restOfValue(text: string, key: Key, at: number): number {
	const end = lineEnd(text, at);
	const quote = enclosingQuote(text, key);
	if (!quote) return end;
	const close = text.slice(at, end).indexOf(quote);
	return close === -1 ? end : at + close;
}

function skipBlanks(text: string, at: number): number {
	while (at < text.length && isBlank(text.charCodeAt(at))) at++;
	return at;
}

function lineEnd(text: string, at: number): number {
	const end = text.indexOf('\n', at);
	const stop = end === -1 ? text.length : end;
	return stop > at && text[stop - 1] === '\r' ? stop - 1 : stop;
}

/** Whether only indentation, a list dash or a sigil stands before the key on its line (a YAML or config line). */
function leadsLine(text: string, key: Key): boolean {
	for (let i = key.start - (key.quoted ? 2 : 1), steps = 0; i >= 0 && steps < 200; i--, steps++) {
		const c = text[i];
		if (c === '\n') return true;
		if (c !== ' ' && c !== '\t' && c !== '-' && c !== ':' && c !== '$' && c !== '"' && c !== "'") return false;
	}
	return key.start - (key.quoted ? 1 : 0) <= 200;
}

const UNQUOTED_STOP = new Set([' ', '\t', '\n', '\r', '"', "'", '`', '&', ',', ';', '<', '>', '|', ')', ']', '}']);

/** Reads a quoted value starting at `at` (the quote); returns the inside, or to the line end when unclosed. */
function quotedValue(text: string, at: number): [number, number] {
	const quote = text[at];
	let i = at + 1;
	for (; i < text.length && text[i] !== '\n'; i++) {
		if (quote === '"' && text[i] === '\\') i++;
		else if (text[i] === quote) return [at + 1, i];
	}
	return [at + 1, i > at + 1 && text[i - 1] === '\r' ? i - 1 : i];
}

/** A value in `\"…\"` (JSON inside a JSON string), from the backslash at `at`. */
function escapedQuotedValue(text: string, at: number): [number, number] {
	let i = at + 2;
	for (; i < text.length && text[i] !== '\n'; i++) {
		if (text[i] === '\\' && text[i + 1] === '"') return [at + 2, i];
		if (text[i] === '\\') i++;
	}
	return [at + 2, i];
}

/** The end of an XML element's text: its closing tag or the end of the line. */
function elementEnd(text: string, at: number): number {
	let i = at;
	while (i < text.length && text[i] !== '<' && text[i] !== '\n') i++;
	return i;
}

function unquotedRun(text: string, at: number, stopAtHash: boolean): number {
	let i = at;
	while (i < text.length && !UNQUOTED_STOP.has(text[i]) && !(stopAtHash && text[i] === '#')) i++;
	return i;
}

/** A value that is prose, a placeholder or a structure is not a secret. */
function isSecretValue(value: string, checkProse: boolean): boolean {
	const trimmed = value.trim();
	if (trimmed.length < MIN_VALUE_LENGTH || PLACEHOLDER_VALUE.test(trimmed)) return false;
	if (trimmed === '{' || trimmed === '[' || trimmed === '|' || trimmed === '>' || trimmed === '|-' || trimmed === '>-') return false;
	if (checkProse) {
		let n = 0;
		while (n < trimmed.length && isLetter(trimmed.charCodeAt(n))) n++;
		if (n > 0 && PROSE_WORDS.has(trimmed.slice(0, n).toLowerCase()) && (n === trimmed.length || ' \t:,'.includes(trimmed[n]))) return false;
	}
	return true;
}

/** A digit, a symbol, or a capital after the first letter: `Tr0ub4dor3`, `dXNlcjpwYXNz`, not `missing` or `Missing`. */
const looksMadeUp = (value: string) => [...value].some((c, i) => !isLetter(c.charCodeAt(0)) || (i > 0 && c >= 'A' && c <= 'Z'));

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigits = (text: string) => text.length > 0 && [...text].every((c) => c >= '0' && c <= '9');

/** Finds the value after a separator; returns its range, or undefined when there is none worth redacting. */
function readValue(text: string, key: Key, separator: { kind: Separator; valueStart: number }): [number, number] | undefined {
	const at = separator.valueStart;
	if (at >= text.length) return undefined;
	const c = text[at];
	if (c === '\n' || c === '\r') return undefined;
	let range: [number, number];
	let checkProse = false;
	if (c === '\\' && text[at + 1] === '"') range = escapedQuotedValue(text, at);
	else if (c === '"' || c === "'" || c === '`') range = quotedValue(text, at);
	else if (separator.kind === 'xml') range = [at, elementEnd(text, at)];
	else if (separator.kind === 'colon' && !key.quoted && leadsLine(text, key)) {
		// A YAML or config line: the value is the rest of the line (`passphrase: correct horse battery`).
		let end = restOfValue(text, key, at);
		const comment = text.slice(at, end).lastIndexOf(' #');
		if (comment > 0) end = at + comment;
		while (end > at && isBlank(text.charCodeAt(end - 1))) end--;
		range = [at, end];
		checkProse = true;
	} else {
		let end = unquotedRun(text, at, key.inUrl);
		if (separator.kind === 'colon' || separator.kind === 'space') {
			// `(using password: YES).` ends a sentence, not a value.
			while (end > at && '.:!?'.includes(text[end - 1])) end--;
			checkProse = true;
		}
		range = [at, end];
	}
	const value = text.slice(range[0], range[1]);
	if (!isSecretValue(value, checkProse)) return undefined;
	// After a bare space only a value that looks made up counts (`db-password Tr0ub4dor3`, not `api-key missing`).
	if (separator.kind === 'space' && !(value.length >= 6 && looksMadeUp(value))) return undefined;
	return range;
}

/** `Authorization: Bearer x` keeps the scheme; the credentials after it, to the end of the string or line, go. */
function redactAuthorization(text: string, key: Key, valueStart: number, edits: Edits): number {
	const quote = text[valueStart];
	const [start, end] = quote === '"' || quote === "'" ? quotedValue(text, valueStart) : [valueStart, restOfValue(text, key, valueStart)];
	let credentials = start;
	let schemeEnd = start;
	while (schemeEnd < end && schemeEnd - start < 40 && (isKeyChar(text.charCodeAt(schemeEnd)) && text[schemeEnd] !== '.')) schemeEnd++;
	if (schemeEnd > start && AUTH_SCHEMES.has(text.slice(start, schemeEnd).toLowerCase()) && isBlank(text.charCodeAt(schemeEnd))) credentials = skipBlanks(text, schemeEnd);
	let stop = end;
	while (stop > credentials && isBlank(text.charCodeAt(stop - 1))) stop--;
	if (stop > credentials && isSecretValue(text.slice(credentials, stop), false)) edits.add(credentials, stop, 'authorization-header');
	return Math.max(end, key.end);
}

/** `Cookie: a=1; b=2` loses every value; `Set-Cookie: sid=1; Path=/` loses the cookie's value, not its attributes. */
function redactCookies(text: string, key: Key, valueStart: number, edits: Edits, setCookie: boolean): number {
	const quote = text[valueStart];
	const [start, end] = quote === '"' || quote === "'" ? quotedValue(text, valueStart) : [valueStart, restOfValue(text, key, valueStart)];
	let at = start;
	while (at < end) {
		const equals = text.indexOf('=', at);
		if (equals === -1 || equals >= end) break;
		let valueEnd = text.indexOf(';', equals);
		if (valueEnd === -1 || valueEnd > end) valueEnd = end;
		edits.add(equals + 1, valueEnd, 'cookie');
		if (setCookie) break;
		at = valueEnd + 1;
	}
	return Math.max(end, key.end);
}

/** `name: DB_PASSWORD` (YAML) or `"name":"DB_PASSWORD"` (JSON): the key is the value of a `name` key. */
function isEnvName(text: string, key: Key): boolean {
	let i = key.start - 1;
	if (text[i] === '"' || text[i] === "'") i--;
	while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
	if (text[i] !== ':' && text[i] !== '=') return false;
	i--;
	while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
	if (text[i] === '"' || text[i] === "'") i--;
	return i >= 3 && text.slice(i - 3, i + 1).toLowerCase() === 'name' && (i < 4 || !isKeyChar(text.charCodeAt(i - 4)));
}

/** The `value` that goes with an env `name` naming a secret, within a few lines. */
function redactEnvValue(text: string, from: number, edits: Edits): number {
	const window = text.slice(from, from + ENV_VALUE_WINDOW);
	for (let found = window.indexOf('value'); found !== -1; found = window.indexOf('value', found + 5)) {
		const key = readKey(text, from + found);
		if (!key || key.end - key.start !== 5) continue;
		const separator = readSeparator(text, key);
		if (!separator || separator.kind !== 'colon') continue;
		const range = readValue(text, key, separator);
		if (range) edits.add(range[0], range[1], 'key-value');
		return range ? range[1] : key.end;
	}
	return from;
}

/** `API Key = …`, `Access key: …`: a bare `key` after a word that says which key. */
function qualifiedBySpace(text: string, key: Key, name: string): boolean {
	if (name.toLowerCase() !== 'key' || !isBlank(text.charCodeAt(key.start - 1))) return false;
	let start = key.start - 1;
	while (start > 0 && key.start - start < 20 && isLetter(text.charCodeAt(start - 1))) start--;
	return SECRET_KEY_QUALIFIERS.has(text.slice(start, key.start - 1).toLowerCase());
}

/** Adds the key-value family's findings to `edits`. */
export function findKeyValues(text: string, edits: Edits): void {
	const hints = new RegExp(PATTERNS.keyHint.source, PATTERNS.keyHint.flags);
	let match: RegExpExecArray | null;
	while ((match = hints.exec(text))) {
		const key = readKey(text, match.index);
		if (!key) {
			// The word is inside an over-long run: skip the run.
			let end = match.index;
			while (end < text.length && isKeyChar(text.charCodeAt(end))) end++;
			hints.lastIndex = Math.max(end, match.index + match[0].length);
			continue;
		}
		hints.lastIndex = key.end;
		const name = text.slice(key.start, key.end);
		const separator = readSeparator(text, key);
		if (!separator) {
			if (isEnvName(text, key) && namesSecret(keySegments(name))) hints.lastIndex = Math.max(key.end, redactEnvValue(text, key.after, edits));
			continue;
		}
		const header = separator.kind === 'colon' || separator.kind === 'equals' ? HEADER_KIND[name.toLowerCase()] : undefined;
		if (header) {
			hints.lastIndex =
				header === 'authorization'
					? redactAuthorization(text, key, separator.valueStart, edits)
					: redactCookies(text, key, separator.valueStart, edits, header === 'set-cookie');
			continue;
		}
		if (!namesSecret(keySegments(name), key.inUrl) && !qualifiedBySpace(text, key, name)) continue;
		if (isTestStatus(name, key, separator.kind)) continue;
		const range = readValue(text, key, separator);
		if (!range) continue;
		edits.add(range[0], range[1], 'key-value');
		hints.lastIndex = Math.max(key.end, range[1]);
	}
}

/** `mysql -pX`, `docker login -p X`, `redis-cli -a X`, `sshpass -p X`: short flags that take a password after those tools. */
export function findPasswordFlags(text: string, edits: Edits): void {
	const tools = new RegExp(PATTERNS.passwordFlagTool.source, PATTERNS.passwordFlagTool.flags);
	let match: RegExpExecArray | null;
	while ((match = tools.exec(text))) {
		const from = match.index + match[0].length;
		const end = lineEnd(text, from);
		const letter = PASSWORD_FLAG_LETTER[match[0]] ?? 'p';
		const flags = new RegExp(PATTERNS.shortPasswordFlag.source, PATTERNS.shortPasswordFlag.flags);
		const line = text.slice(from, end);
		let flag: RegExpExecArray | null;
		while ((flag = flags.exec(line))) {
			if (flag[1] !== letter) continue;
			const value = flag[2];
			const start = from + flag.index + flag[0].length - value.length;
			const quoted = value.startsWith('"') || value.startsWith("'");
			if (!PLACEHOLDER_VALUE.test(quoted ? value.slice(1) : value)) edits.add(quoted ? start + 1 : start, quoted ? start + value.length - 1 : start + value.length, 'password-flag');
			break;
		}
		tools.lastIndex = Math.max(tools.lastIndex, end);
	}
	const users = new RegExp(PATTERNS.userFlag.source, PATTERNS.userFlag.flags);
	while ((match = users.exec(text))) {
		const password = match[3];
		// `-u 1000:1000` is a user and group (docker), not a password.
		if (isDigits(password) || PLACEHOLDER_VALUE.test(password)) continue;
		const end = match.index + match[0].length - match[1].length;
		edits.add(end - password.length, end, 'password-flag');
	}
}
