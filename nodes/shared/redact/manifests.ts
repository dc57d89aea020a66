/**
 * Kubernetes Secret manifests, in every form a tool prints them: YAML with keys in any order (kubectl
 * sorts them, so `data:` comes before `kind:`), Secrets in a `kind: List`, JSON compact or pretty in
 * any key order, JSON inside a JSON or YAML string (the `last-applied-configuration` annotation),
 * `data` and `stringData`, single values and block scalars. Every value under `data`/`stringData` of
 * an object whose `kind` is `Secret` goes; keys, names, types and annotations' other fields stay.
 */
import type { Edits } from './edits';
import { PATTERNS } from './rules';

/** Values our own screens already replaced: everything else under a Secret's data goes, however it looks. */
const ALREADY_WITHHELD = /^\[(?:withheld|REDACTED:[\w-]+)\]$/;

const RULE = 'kubernetes-secret';
const DATA_KEYS = new Set(['data', 'stringData']);

export function findSecretManifests(text: string, edits: Edits): void {
	if (!PATTERNS.secretKind.test(text)) return;
	scanJson(text, edits, '"');
	// JSON inside a JSON or YAML string: the same scan with `\"` as the quote.
	if (text.includes('\\"')) scanJson(text, edits, '\\"');
	scanYaml(text, edits);
}

interface Frame {
	object: boolean;
	key?: string;
	secret: boolean;
	/** The object whose `data`/`stringData` this frame is inside of. */
	owner?: Frame;
	/** String values under this object's `data`/`stringData`, redacted if it turns out to be a Secret. */
	values: Array<[number, number]>;
}

/**
 * A tolerant tokenizer over JSON objects anywhere in the text: strings, braces, brackets, colons and
 * commas; everything else is skipped. One pass, so the key order inside an object does not matter.
 */
function scanJson(text: string, edits: Edits, quote: '"' | '\\"'): void {
	const stack: Frame[] = [];
	const q = quote.length;
	const structure = new RegExp(quote === '"' ? PATTERNS.jsonStructure.source : PATTERNS.escapedJsonStructure.source, 'g');
	let found: RegExpExecArray | null;
	while ((found = structure.exec(text))) {
		const i = found.index;
		const c = text[i];
		if (found[0] === quote) {
			const end = findStringEnd(text, i + q, quote);
			const value = text.slice(i + q, end);
			const after = skipSpace(text, end + q);
			const frame = stack[stack.length - 1];
			if (frame?.object && frame.key === undefined && text[after] === ':') {
				frame.key = value;
			} else if (frame) {
				if (frame.object && frame.key === 'kind' && value === 'Secret') frame.secret = true;
				const owner = frame.owner ?? (frame.object && frame.key !== undefined && DATA_KEYS.has(frame.key) ? frame : undefined);
				// A value already withheld (the agent's Secret screen, a masked value) is kept as it reads.
				if (owner && !ALREADY_WITHHELD.test(value)) owner.values.push([i + q, end]);
			}
			structure.lastIndex = end + q;
			continue;
		}
		if (c === '{' || c === '[') {
			const parent = stack[stack.length - 1];
			const owner = parent?.owner ?? (parent?.object && parent.key !== undefined && DATA_KEYS.has(parent.key) ? parent : undefined);
			stack.push({ object: c === '{', secret: false, owner, values: [] });
		} else if (c === '}' || c === ']') {
			const frame = stack.pop();
			if (frame?.secret) for (const [start, end] of frame.values) edits.add(start, end, RULE);
			const parent = stack[stack.length - 1];
			if (parent?.object) parent.key = undefined;
		} else if (c === ',') {
			const frame = stack[stack.length - 1];
			if (frame?.object) frame.key = undefined;
		}
	}
}

function findStringEnd(text: string, from: number, quote: '"' | '\\"'): number {
	if (quote === '"') {
		for (let i = from; i < text.length; i++) {
			if (text[i] === '\\') i++;
			else if (text[i] === '"' || text[i] === '\n') return i;
		}
		return text.length;
	}
	// Inside an escaped string, an escaped quote of its own is `\\\"`.
	for (let at = text.indexOf('\\"', from); at !== -1; at = text.indexOf('\\"', at + 2)) {
		if (at >= 2 && text[at - 1] === '\\' && text[at - 2] === '\\') continue;
		const newline = text.slice(from, at).indexOf('\n');
		return newline === -1 ? at : from + newline;
	}
	return text.length;
}

function skipSpace(text: string, at: number): number {
	while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
	return at;
}

interface Line {
	start: number;
	end: number;
	/** Leading spaces. */
	indent: number;
	/** Column of the first key, after any `- ` list dashes. */
	keyColumn: number;
	blank: boolean;
}

function readLines(text: string): Line[] {
	const lines: Line[] = [];
	let start = 0;
	while (start <= text.length) {
		let end = text.indexOf('\n', start);
		if (end === -1) end = text.length;
		let at = start;
		while (at < end && text.charCodeAt(at) === 32) at++;
		const indent = at - start;
		// `- - key:` nests list items: the key column is after the last dash.
		while (at + 1 < end && text.charCodeAt(at) === 45 /* - */ && text.charCodeAt(at + 1) === 32) {
			at += 2;
			while (at < end && text.charCodeAt(at) === 32) at++;
		}
		const keyColumn = at - start;
		while (at < end && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9 || text.charCodeAt(at) === 13)) at++;
		lines.push({ start, end, indent, keyColumn, blank: at >= end });
		start = end + 1;
	}
	return lines;
}

const unquote = (text: string) => (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0] ? text.slice(1, -1) : text);

/** The line's key and where its colon is, searched within the line only. */
function keyAt(text: string, line: Line): { key: string; colon: number } | undefined {
	const from = line.start + line.keyColumn;
	const colon = text.slice(from, line.end).indexOf(':');
	if (colon === -1) return undefined;
	return { key: unquote(text.slice(from, from + colon).trim()), colon: from + colon };
}

function startsWithKey(text: string, line: Line, key: string): boolean {
	const at = line.start + line.keyColumn;
	return text.startsWith(key, at) || text.startsWith(key, at + 1);
}

function isSecretKindLine(text: string, line: Line): boolean {
	if (!startsWithKey(text, line, 'kind')) return false;
	const found = keyAt(text, line);
	return found?.key === 'kind' && unquote(text.slice(found.colon + 1, line.end).trim()) === 'Secret';
}

/**
 * YAML: for each `kind: Secret` line, the mapping it belongs to (the lines at its key column, up to
 * the list dash or document start above and the first shallower line below) is searched for
 * `data:`/`stringData:`, and every line under those loses its value.
 */
function scanYaml(text: string, edits: Edits): void {
	const lines = readLines(text);
	let covered = 0;
	for (let k = 0; k < lines.length; k++) {
		if (k < covered || !isSecretKindLine(text, lines[k])) continue;
		const column = lines[k].keyColumn;
		let first = k;
		while (first > covered) {
			const line = lines[first - 1];
			if (line.blank) {
				first--;
				continue;
			}
			if (text.startsWith('---', line.start) || line.keyColumn < column || (line.indent < column && line.keyColumn !== column)) break;
			first--;
			if (line.indent < column) break; // the list item's dash line opens the mapping
		}
		let last = k;
		while (last + 1 < lines.length) {
			const line = lines[last + 1];
			if (!line.blank && (line.indent < column || text.startsWith('---', line.start))) break;
			last++;
		}
		for (let i = first; i <= last; i++) {
			const line = lines[i];
			if (line.blank || line.keyColumn !== column || !(startsWithKey(text, line, 'data') || startsWithKey(text, line, 'stringData'))) continue;
			const found = keyAt(text, line);
			if (!found || !DATA_KEYS.has(found.key)) continue;
			i = redactDataBlock(text, lines, i, found.colon, last, column, edits);
		}
		covered = last + 1;
	}
}

/** Redacts the values under a `data:` line (inline flow mapping or indented block); returns its last line. */
function redactDataBlock(text: string, lines: Line[], index: number, colon: number, last: number, column: number, edits: Edits): number {
	const line = lines[index];
	const inline = text.slice(colon + 1, line.end);
	const inlineValue = inline.trim();
	if (inlineValue && inlineValue !== '{}') {
		edits.add(colon + 1 + (inline.length - inline.trimStart().length), colon + 1 + inline.trimEnd().length, RULE);
		return index;
	}
	let entryColumn = -1;
	let i = index + 1;
	for (; i <= last; i++) {
		const child = lines[i];
		if (child.blank) continue;
		if (child.indent <= column) break;
		if (entryColumn === -1) entryColumn = child.keyColumn;
		const entry = child.keyColumn === entryColumn ? keyAt(text, child) : undefined;
		if (!entry) {
			// A block scalar's lines, or anything else under data: all of it goes.
			edits.add(child.start + child.indent, child.start + child.indent + text.slice(child.start + child.indent, child.end).trimEnd().length, RULE);
			continue;
		}
		// `key: value` keeps the key; a block scalar's indicator (`|`, `>-`) stays and its lines go.
		const rest = text.slice(entry.colon + 1, child.end);
		const value = rest.trim();
		if (!value || PATTERNS.yamlBlockScalar.test(value) || ALREADY_WITHHELD.test(value)) continue;
		edits.add(entry.colon + 1 + (rest.length - rest.trimStart().length), entry.colon + 1 + rest.trimEnd().length, RULE);
	}
	return i - 1;
}
