/**
 * Finds which lines of a chunk contain any of a set of words, case-insensitively, in one pass:
 * an Aho-Corasick automaton compiled to a flat transition table. It runs over JavaScript strings
 * (UTF-16 code units) or over raw UTF-8 bytes, so a log read from a stream need not be decoded
 * except for the few lines that are kept. A regex alternation of ~120 words scans at a fraction
 * of this speed, because V8 checks every alternative at every position.
 */

export interface LineScan {
	/** Number of complete lines found. */
	count: number;
	/** Offset of each line's terminating newline. */
	lineEnds: Int32Array;
	/** 1 where the line holds a word. */
	hits: Uint8Array;
}

interface Automaton {
	/** transitions[state * classes + class] = next state * classes, or -1 when a word ends there. */
	transitions: Int32Array;
	classes: number;
	classOf: (unit: number) => number;
}

/** Builds the automaton over sequences of symbols (code units or bytes), folding ASCII case. */
function buildAutomaton(words: number[][], classOf: (unit: number) => number, classes: number): Automaton {
	const goto: Int32Array[] = [new Int32Array(classes).fill(-1)];
	const accepting: boolean[] = [false];
	for (const word of words) {
		let state = 0;
		for (const unit of word) {
			const cls = classOf(unit);
			if (goto[state][cls] === -1) {
				goto[state][cls] = goto.length;
				goto.push(new Int32Array(classes).fill(-1));
				accepting.push(false);
			}
			state = goto[state][cls];
		}
		accepting[state] = true;
	}
	// Breadth-first failure links turn the trie into a complete DFA.
	const failure = new Int32Array(goto.length);
	const queue: number[] = [];
	for (let cls = 0; cls < classes; cls++) {
		const next = goto[0][cls];
		if (next === -1) goto[0][cls] = 0;
		else queue.push(next);
	}
	for (let head = 0; head < queue.length; head++) {
		const state = queue[head];
		accepting[state] ||= accepting[failure[state]];
		for (let cls = 0; cls < classes; cls++) {
			const next = goto[state][cls];
			if (next === -1) goto[state][cls] = goto[failure[state]][cls];
			else {
				failure[next] = goto[failure[state]][cls];
				queue.push(next);
			}
		}
	}
	const transitions = new Int32Array(goto.length * classes);
	for (let state = 0; state < goto.length; state++) {
		for (let cls = 0; cls < classes; cls++) {
			const next = goto[state][cls];
			transitions[state * classes + cls] = accepting[next] ? -1 : next * classes;
		}
	}
	return { transitions, classes, classOf };
}

/** Symbol classes: one per distinct unit used by the words (ASCII letters case-folded), 0 for the rest. */
function symbolClasses(words: number[][]): { classOf: (unit: number) => number; classes: number } {
	const ids = new Map<number, number>();
	const fold = (unit: number) => (unit >= 65 && unit <= 90 ? unit + 32 : unit);
	for (const word of words) for (const unit of word) if (!ids.has(fold(unit))) ids.set(fold(unit), ids.size + 1);
	const ascii = new Uint8Array(256);
	for (let unit = 0; unit < 256; unit++) ascii[unit] = ids.get(fold(unit)) ?? 0;
	const wide = new Map([...ids].filter(([unit]) => unit >= 256));
	return { classOf: (unit) => (unit < 256 ? ascii[unit] : (wide.get(unit) ?? 0)), classes: ids.size + 1 };
}

function buildFor(words: number[][]): Automaton {
	const { classOf, classes } = symbolClasses(words);
	return buildAutomaton(words, classOf, classes);
}

export class KeywordScanner {
	private readonly forStrings: Automaton;
	private readonly forBytes: Automaton;
	private readonly asciiClass: Uint8Array;
	private readonly byteClass: Uint8Array;
	private lineEnds = new Int32Array(1024);
	private hits = new Uint8Array(1024);

	constructor(words: string[]) {
		const lower = words.map((word) => word.toLowerCase());
		this.forStrings = buildFor(lower.map((word) => [...word].map((char) => char.charCodeAt(0))));
		this.forBytes = buildFor(lower.map((word) => [...Buffer.from(word, 'utf8')]));
		this.asciiClass = Uint8Array.from({ length: 256 }, (_, unit) => this.forStrings.classOf(unit));
		this.byteClass = Uint8Array.from({ length: 256 }, (_, unit) => this.forBytes.classOf(unit));
	}

	/** True when `text` holds any of the words. */
	test(text: string): boolean {
		const { transitions, classOf } = this.forStrings;
		for (let i = 0, state = 0; i < text.length; i++) {
			const next = transitions[state + classOf(text.charCodeAt(i))];
			if (next < 0) return true;
			state = next;
		}
		return false;
	}

	/** Scans the complete lines of text[0, end); text[end - 1] must be a newline. */
	scanString(text: string, end: number): LineScan {
		const { transitions, classOf } = this.forStrings;
		const ascii = this.asciiClass;
		let count = 0;
		let state = 0;
		let hit = 0;
		for (let i = 0; i < end; i++) {
			const unit = text.charCodeAt(i);
			if (unit === 10) {
				this.record(count++, i, hit);
				state = 0;
				hit = 0;
				continue;
			}
			if (hit) continue;
			const next = transitions[state + (unit < 256 ? ascii[unit] : classOf(unit))];
			if (next < 0) hit = 1;
			else state = next;
		}
		return { count, lineEnds: this.lineEnds, hits: this.hits };
	}

	/** The same over UTF-8 bytes; a newline byte never occurs inside a multi-byte character. */
	scanBytes(bytes: Uint8Array, end: number): LineScan {
		const { transitions } = this.forBytes;
		const classes = this.byteClass;
		let count = 0;
		let state = 0;
		let hit = 0;
		for (let i = 0; i < end; i++) {
			const byte = bytes[i];
			if (byte === 10) {
				this.record(count++, i, hit);
				state = 0;
				hit = 0;
				continue;
			}
			if (hit) continue;
			const next = transitions[state + classes[byte]];
			if (next < 0) hit = 1;
			else state = next;
		}
		return { count, lineEnds: this.lineEnds, hits: this.hits };
	}

	private record(index: number, end: number, hit: number): void {
		if (index >= this.lineEnds.length) {
			const lineEnds = new Int32Array(this.lineEnds.length * 2);
			lineEnds.set(this.lineEnds);
			this.lineEnds = lineEnds;
			const hits = new Uint8Array(this.hits.length * 2);
			hits.set(this.hits);
			this.hits = hits;
		}
		this.lineEnds[index] = end;
		this.hits[index] = hit;
	}
}
