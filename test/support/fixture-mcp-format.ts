/**
 * The text formats kubernetes-mcp-server prints, rebuilt in TypeScript so the fixture MCP server's
 * answers are byte-identical to the real server's:
 *
 * - `marshalYaml`: sigs.k8s.io/yaml's Marshal, i.e. go-yaml v2's emitter over JSON data. Keys are
 *   sorted the go-yaml way, strings that would read back as another type (timestamps, numbers,
 *   booleans) are double-quoted, strings with indicators single-quoted, long flow scalars folded at
 *   the first space after column 80, multi-line strings written as literal blocks. The `yaml` package
 *   reads this text back (the tests compare parsed results with it) but writes differently: it quotes
 *   and folds by its own rules, so its output is not what the real server prints.
 * - `tabwriterFormat`: Go's text/tabwriter as kubectl configures it (minwidth 6, padding 3), for
 *   the `pods_top` / `nodes_top` tables.
 * - `goTimeString`: Go's `time.Time.String()` for UTC times.
 * - `scaledValue`, `milliValue`, `wholeValue`: Kubernetes resource quantities, rounded up as Quantity does.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const bestWidth = 80;
const bestIndent = 2;

// ---- What go-yaml v2's resolver would read an unquoted string as (resolve.go, encode.go). ----

const mapped = new Set([
	'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
	'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
	'', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<',
]);
const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const base60Float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Go's time.Parse against go-yaml v2's four timestamp layouts. */
function isGoYamlTimestamp(text: string): boolean {
	const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:([Tt])|( ))(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
	if (!match) return false;
	const [, year, month, day, t, space, hour, minute, second, , zone] = match;
	if (Number(month) < 1 || Number(month) > 12 || Number(day) < 1 || Number(day) > daysInMonth(Number(year), Number(month))) return false;
	if (hour === undefined) return true;
	if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return false;
	// The T layouts need a zone; the space layout has none.
	return t ? zone !== undefined : space !== undefined && zone === undefined;
}

/** strconv.ParseInt/ParseUint with base 0 (after go-yaml removed the underscores). */
function isGoInteger(plain: string): boolean {
	const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9][0-9]*|0)$/.exec(plain);
	if (!match) return false;
	const digits = match[2];
	let value: bigint;
	if (/^0[oO]/.test(digits)) value = BigInt(`0o${digits.slice(2)}`);
	else if (/^0[0-7]+$/.test(digits)) value = BigInt(`0o${digits.slice(1)}`);
	else value = BigInt(digits);
	return match[1] === '-' ? value <= 2n ** 63n : value < 2n ** 64n;
}

function resolvesToNonString(text: string): boolean {
	if (mapped.has(text)) return true;
	const hint = text.charAt(0);
	if (hint === '.') return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text);
	if (!/^[-+0-9]/.test(hint)) return false;
	if (isGoYamlTimestamp(text)) return true;
	const plain = text.replace(/_/g, '');
	if (isGoInteger(plain)) return true;
	if (yamlStyleFloat.test(plain)) return true;
	return /^-?0b[01]+$/.test(plain);
}

function isBase60Float(text: string): boolean {
	return /^[-+0-9]/.test(text) && text.includes(':') && base60Float.test(text);
}

// ---- Character classes of the emitter (yamlprivateh.go), on code points. ----

const isBreak = (c: number | undefined) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isSpace = (c: number | undefined) => c === 0x20;
const isBlank = (c: number | undefined) => c === 0x20 || c === 0x09;
const isPrintable = (c: number) =>
	c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);

interface ScalarAnalysis {
	multiline: boolean;
	blockPlainAllowed: boolean;
	singleQuotedAllowed: boolean;
	blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, for block context (flow output is never needed here). */
function analyzeScalar(chars: number[]): ScalarAnalysis {
	if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
	let blockIndicators = false;
	let lineBreaks = false;
	let special = false;
	let leadingSpace = false;
	let leadingBreak = false;
	let trailingSpace = false;
	let trailingBreak = false;
	let breakSpace = false;
	let spaceBreak = false;
	let previousSpace = false;
	let previousBreak = false;
	let precededByWhitespace = true;
	const startsWith = (text: string) => String.fromCodePoint(...chars.slice(0, 3)) === text;
	if (chars.length >= 3 && (startsWith('---') || startsWith('...'))) blockIndicators = true;
	for (let i = 0; i < chars.length; i++) {
		const c = chars[i];
		const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
		if (i === 0) {
			const char = String.fromCodePoint(c);
			if ('#,[]{}&*!|>\'"%@`'.includes(char)) blockIndicators = true;
			else if ((char === '?' || char === ':' || char === '-') && followedByWhitespace) blockIndicators = true;
		} else if ((c === 0x3a && followedByWhitespace) || (c === 0x23 && precededByWhitespace)) {
			blockIndicators = true;
		}
		if (!isPrintable(c)) special = true;
		if (isSpace(c)) {
			if (i === 0) leadingSpace = true;
			if (i === chars.length - 1) trailingSpace = true;
			if (previousBreak) breakSpace = true;
			previousSpace = true;
			previousBreak = false;
		} else if (isBreak(c)) {
			lineBreaks = true;
			if (i === 0) leadingBreak = true;
			if (i === chars.length - 1) trailingBreak = true;
			if (previousSpace) spaceBreak = true;
			previousSpace = false;
			previousBreak = true;
		} else {
			previousSpace = false;
			previousBreak = false;
		}
		precededByWhitespace = isBlank(c) || isBreak(c) || c === 0;
	}
	const analysis: ScalarAnalysis = { multiline: lineBreaks, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true };
	if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) analysis.blockPlainAllowed = false;
	if (trailingSpace) analysis.blockAllowed = false;
	if (breakSpace) {
		analysis.blockPlainAllowed = false;
		analysis.singleQuotedAllowed = false;
	}
	if (spaceBreak || special) {
		analysis.blockPlainAllowed = false;
		analysis.singleQuotedAllowed = false;
		analysis.blockAllowed = false;
	}
	if (lineBreaks || blockIndicators) analysis.blockPlainAllowed = false;
	return analysis;
}

// ---- Map keys in go-yaml v2's order (sorter.go). ----

const isLetter = (char: string) => (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z') || (char > '\x7f' && /\p{L}/u.test(char));
const isDigit = (char: string) => (char >= '0' && char <= '9') || (char > '\x7f' && /\p{Nd}/u.test(char));

function goYamlKeyLess(a: string, b: string): boolean {
	const ar = [...a];
	const br = [...b];
	for (let i = 0; i < ar.length && i < br.length; i++) {
		if (ar[i] === br[i]) continue;
		const al = isLetter(ar[i]);
		const bl = isLetter(br[i]);
		if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
		if (al || bl) return bl;
		let an = 0;
		let bn = 0;
		if (ar[i] === '0' || br[i] === '0') {
			for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
				if (ar[j] !== '0') {
					an = 1;
					bn = 1;
					break;
				}
			}
		}
		let ai = i;
		let bi = i;
		for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + Number(ar[ai]);
		for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + Number(br[bi]);
		if (an !== bn) return an < bn;
		if (ai !== bi) return ai < bi;
		return ar[i].codePointAt(0)! < br[i].codePointAt(0)!;
	}
	return ar.length < br.length;
}

function sortedKeys(object: Record<string, unknown>): string[] {
	return Object.keys(object).sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
}

/** strconv.FormatFloat(f, 'g', -1, 64) as go-yaml prints floats. */
function goFloatString(value: number): string {
	if (Number.isNaN(value)) return '.nan';
	if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
	const [mantissa, exponentText] = value.toExponential().split('e');
	const exponent = Number(exponentText);
	// Shortest digits; %e below 1e-4 and from 1e6 on (FormatFloat's precision-6 rule).
	if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
	return String(value);
}

/** A JSON number as Go decodes it (int64 when it fits, else float64) and go-yaml prints it. */
function goNumberString(value: number): string {
	return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? String(value) : goFloatString(value);
}

// ---- The emitter (emitterc.go), for block style output of JSON data. ----

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

class GoYamlEmitter {
	private out = '';
	private column = 0;
	private indent = -1;
	private readonly indents: number[] = [];
	private whitespace = true;
	private indention = true;

	emitDocument(value: Json): string {
		this.node(value, { mapping: false, simpleKey: false });
		this.writeIndent();
		return this.out;
	}

	/** Writes ASCII text (indicators, padding, escapes). */
	private put(text: string): void {
		this.out += text;
		this.column += text.length;
	}

	/** Writes one character; Go counts columns in characters, not UTF-16 units. */
	private putChar(c: number): void {
		this.out += String.fromCodePoint(c);
		this.column++;
	}

	private putBreak(): void {
		this.out += '\n';
		this.column = 0;
	}

	private increaseIndent(flow: boolean, indentless: boolean): void {
		this.indents.push(this.indent);
		if (this.indent < 0) this.indent = flow ? bestIndent : 0;
		else if (!indentless) this.indent += bestIndent;
	}

	private popIndent(): void {
		this.indent = this.indents.pop() ?? -1;
	}

	private writeIndent(): void {
		const indent = Math.max(this.indent, 0);
		if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
		while (this.column < indent) this.put(' ');
		this.whitespace = true;
		this.indention = true;
	}

	private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
		if (needWhitespace && !this.whitespace) this.put(' ');
		this.put(indicator);
		this.whitespace = isWhitespace;
		this.indention = this.indention && isIndention;
	}

	private node(value: Json, context: { mapping: boolean; simpleKey: boolean }): void {
		if (Array.isArray(value)) this.sequence(value, context.mapping);
		else if (value !== null && typeof value === 'object') this.mapping(value);
		else this.scalar(value, context.simpleKey);
	}

	private sequence(items: Json[], inMapping: boolean): void {
		if (items.length === 0) {
			this.writeIndicator('[', true, true, false);
			this.writeIndicator(']', false, false, false);
			return;
		}
		this.increaseIndent(false, inMapping && !this.indention);
		for (const item of items) {
			this.writeIndent();
			this.writeIndicator('-', true, false, true);
			this.node(item, { mapping: false, simpleKey: false });
		}
		this.popIndent();
	}

	private mapping(object: { [key: string]: Json }): void {
		const keys = sortedKeys(object);
		if (keys.length === 0) {
			this.writeIndicator('{', true, true, false);
			this.writeIndicator('}', false, false, false);
			return;
		}
		this.increaseIndent(false, false);
		for (const key of keys) {
			this.writeIndent();
			const simple = !analyzeScalar(codePoints(key)).multiline && Buffer.byteLength(key) <= 128;
			if (simple) {
				this.scalar(key, true);
				this.writeIndicator(':', false, false, false);
			} else {
				this.writeIndicator('?', true, false, true);
				this.scalar(key, false);
				this.writeIndent();
				this.writeIndicator(':', true, false, true);
			}
			this.node(object[key], { mapping: true, simpleKey: false });
		}
		this.popIndent();
	}

	private scalar(value: null | boolean | number | string, simpleKey: boolean): void {
		this.increaseIndent(true, false);
		if (typeof value === 'string') this.stringScalar(value, simpleKey);
		else this.writePlain(codePoints(value === null ? 'null' : typeof value === 'number' ? goNumberString(value) : String(value)), false);
		this.popIndent();
	}

	private stringScalar(value: string, simpleKey: boolean): void {
		const chars = codePoints(value);
		const analysis = analyzeScalar(chars);
		// encoder.stringv: the requested style; then yaml_emitter_select_scalar_style.
		let style: ScalarStyle = value.includes('\n') ? 'literal' : resolvesToNonString(value) || isBase60Float(value) ? 'double' : 'plain';
		if (simpleKey && analysis.multiline) style = 'double';
		if (style === 'plain' && (!analysis.blockPlainAllowed || (value === '' && simpleKey))) style = 'single';
		if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
		if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
		const allowBreaks = !simpleKey;
		if (style === 'plain') this.writePlain(chars, allowBreaks);
		else if (style === 'single') this.writeSingleQuoted(chars, allowBreaks);
		else if (style === 'double') this.writeDoubleQuoted(chars, allowBreaks);
		else this.writeLiteral(chars);
	}

	private writePlain(chars: number[], allowBreaks: boolean): void {
		if (!this.whitespace) this.put(' ');
		let spaces = false;
		for (let i = 0; i < chars.length; i++) {
			if (isSpace(chars[i])) {
				if (allowBreaks && !spaces && this.column > bestWidth && !isSpace(chars[i + 1])) this.writeIndent();
				else this.put(' ');
				spaces = true;
			} else {
				this.putChar(chars[i]);
				this.indention = false;
				spaces = false;
			}
		}
		this.whitespace = false;
		this.indention = false;
	}

	private writeSingleQuoted(chars: number[], allowBreaks: boolean): void {
		this.writeIndicator("'", true, false, false);
		let spaces = false;
		let breaks = false;
		for (let i = 0; i < chars.length; i++) {
			const c = chars[i];
			if (isSpace(c)) {
				if (allowBreaks && !spaces && this.column > bestWidth && i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1])) this.writeIndent();
				else this.put(' ');
				spaces = true;
			} else if (isBreak(c)) {
				if (!breaks && c === 0x0a) this.putBreak();
				this.writeBreak(c);
				this.indention = true;
				breaks = true;
			} else {
				if (breaks) this.writeIndent();
				if (c === 0x27) this.put("'");
				this.putChar(c);
				this.indention = false;
				spaces = false;
				breaks = false;
			}
		}
		this.writeIndicator("'", false, false, false);
		this.whitespace = false;
		this.indention = false;
	}

	private writeDoubleQuoted(chars: number[], allowBreaks: boolean): void {
		this.writeIndicator('"', true, false, false);
		const bom = chars[0] === 0xfeff;
		let spaces = false;
		for (let i = 0; i < chars.length; i++) {
			const c = chars[i];
			if (!isPrintable(c) || bom || isBreak(c) || c === 0x22 || c === 0x5c) {
				this.put(`\\${doubleQuotedEscape(c)}`);
				spaces = false;
			} else if (isSpace(c)) {
				if (allowBreaks && !spaces && this.column > bestWidth && i > 0 && i < chars.length - 1) {
					this.writeIndent();
					if (isSpace(chars[i + 1])) this.put('\\');
				} else {
					this.put(' ');
				}
				spaces = true;
			} else {
				this.putChar(c);
				spaces = false;
			}
		}
		this.writeIndicator('"', false, false, false);
		this.whitespace = false;
		this.indention = false;
	}

	private writeLiteral(chars: number[]): void {
		this.writeIndicator('|', true, false, false);
		if (isSpace(chars[0]) || isBreak(chars[0])) this.writeIndicator(String(bestIndent), false, false, false);
		const last = chars.length - 1;
		const chomp = !isBreak(chars[last]) ? '-' : last === 0 || isBreak(chars[last - 1]) ? '+' : '';
		if (chomp) this.writeIndicator(chomp, false, false, false);
		this.putBreak();
		this.indention = true;
		this.whitespace = true;
		let breaks = true;
		for (const c of chars) {
			if (isBreak(c)) {
				this.writeBreak(c);
				this.indention = true;
				breaks = true;
			} else {
				if (breaks) this.writeIndent();
				this.putChar(c);
				this.indention = false;
				breaks = false;
			}
		}
	}

	private writeBreak(c: number): void {
		if (c === 0x0a) {
			this.putBreak();
		} else {
			this.out += String.fromCodePoint(c);
			this.column = 0;
		}
	}
}

function codePoints(text: string): number[] {
	const points: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const c = text.codePointAt(i)!;
		points.push(c);
		if (c > 0xffff) i++;
	}
	return points;
}

const namedEscapes: Record<number, string> = {
	0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
	0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function doubleQuotedEscape(c: number): string {
	if (namedEscapes[c] !== undefined) return namedEscapes[c];
	const hex = c.toString(16).toUpperCase();
	if (c <= 0xff) return `x${hex.padStart(2, '0')}`;
	if (c <= 0xffff) return `u${hex.padStart(4, '0')}`;
	return `U${hex.padStart(8, '0')}`;
}

/**
 * sigs.k8s.io/yaml reads its own JSON back as YAML before printing it, and YAML folds a raw NEL
 * (U+0085, which JSON leaves unescaped) in a quoted string like a line break: one becomes a space,
 * n in a row n-1 newlines, with the blanks around them dropped.
 */
function foldJsonLineBreaks(_key: string, value: unknown): unknown {
	if (typeof value !== 'string' || !value.includes('\u0085')) return value;
	return value.replace(/[ \t]*(?:\u0085[ \t]*)+/g, (run) => {
		const breaks = run.split('\u0085').length - 1;
		return breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
	});
}

/** YAML text of JSON data exactly as sigs.k8s.io/yaml.Marshal (go-yaml v2) prints it. */
export function marshalYaml(value: unknown): string {
	const text = JSON.stringify(value);
	const json = JSON.parse(text, text.includes('\u0085') ? foldJsonLineBreaks : undefined) as Json;
	return new GoYamlEmitter().emitDocument(json);
}

// ---- text/tabwriter (minwidth 6, tabwidth 4, padding 3, padchar ' '), as kubectl's printers use it. ----

const tabMinWidth = 6;
const tabPadding = 3;

/** Aligns tab-terminated cells the way Go's text/tabwriter does, column block by column block. */
export function tabwriterFormat(text: string): string {
	const lines = text.split('\n').map((line) => line.split('\t'));
	const widths: number[] = [];
	let out = '';
	const writeLines = (line0: number, line1: number) => {
		for (let i = line0; i < line1; i++) {
			const cells = lines[i];
			cells.forEach((cell, j) => {
				out += cell;
				if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j] - [...cell].length));
			});
			if (i + 1 < lines.length) out += '\n';
		}
	};
	const format = (first: number, last: number) => {
		let line0 = first;
		const column = widths.length;
		for (let current = line0; current < last; current++) {
			if (column >= lines[current].length - 1) continue;
			writeLines(line0, current);
			line0 = current;
			let width = tabMinWidth;
			for (; current < last; current++) {
				if (column >= lines[current].length - 1) break;
				width = Math.max(width, [...lines[current][column]].length + tabPadding);
			}
			widths.push(width);
			format(line0, current);
			widths.pop();
			line0 = current;
		}
		writeLines(line0, last);
	};
	format(0, lines.length);
	return out;
}

// ---- Go values as Go prints them. ----

/** `time.Time.String()` of an RFC 3339 time in UTC: `2025-06-03 09:13:38 +0000 UTC`, fractions without trailing zeros. */
export function goTimeString(rfc3339: string | null | undefined): string {
	const match = rfc3339 ? /^(.+?)(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(rfc3339) : null;
	const instant = match ? Date.parse(`${match[1]}${match[3]}`) : Number.NaN;
	if (!match || Number.isNaN(instant)) return '0001-01-01 00:00:00 +0000 UTC';
	const [date, time] = new Date(instant).toISOString().slice(0, 19).split('T');
	const fraction = match[2]?.slice(0, 9).replace(/0+$/, '');
	return `${date} ${time}${fraction ? `.${fraction}` : ''} +0000 UTC`;
}

const decimalExponents: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binaryExponents: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * A resource quantity (`1187m`, `11893452Ki`, `8`) times 10^`scale`, rounded up as Quantity's
 * ScaledValue does; 0 when absent or unreadable. Exact: bytes times 1000 do not fit a double.
 */
export function scaledValue(quantity: unknown, scale: number): bigint {
	const match = typeof quantity === 'string' ? /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]))?$/.exec(quantity) : null;
	if (!match || (match[1] === '' && !match[2])) return 0n;
	const fraction = match[2] ?? '';
	let numerator = BigInt(`${match[1]}${fraction}` || '0');
	let denominator = 10n ** BigInt(fraction.length);
	const suffix = match[4] ?? '';
	if (binaryExponents[suffix] !== undefined) numerator *= 2n ** BigInt(binaryExponents[suffix]);
	const exponent = scale + (match[3] !== undefined ? Number(match[3]) : (decimalExponents[suffix] ?? 0));
	if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
	else denominator *= 10n ** BigInt(-exponent);
	return (numerator + denominator - 1n) / denominator;
}

/** Quantity.MilliValue(): thousandths, rounded up. */
export function milliValue(quantity: unknown): bigint {
	return scaledValue(quantity, 3);
}

/** Quantity.Value(): whole units, rounded up. */
export function wholeValue(quantity: unknown): bigint {
	return scaledValue(quantity, 0);
}
