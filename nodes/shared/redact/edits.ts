/** The replacements one redaction stage found, applied in one pass so the text is rebuilt once per stage. */

export const marker = (rule: string) => `[REDACTED:${rule}]`;
const MARKER_START = '[REDACTED';
const MARKER_MAX_LENGTH = 48;

interface Edit {
	start: number;
	end: number;
	rule: string;
}

export class Edits {
	private readonly edits: Edit[] = [];

	constructor(
		private readonly text: string,
		private readonly counts: Record<string, number>,
	) {}

	/** Marks text[start, end) as a secret found by `rule`; empty ranges and ranges already redacted are ignored. */
	add(start: number, end: number, rule: string): void {
		if (end <= start || this.overlapsMarker(start, end)) return;
		this.edits.push({ start, end, rule });
	}

	/** A range that touches a marker an earlier stage wrote is already redacted. */
	private overlapsMarker(start: number, end: number): boolean {
		const from = Math.max(0, start - MARKER_MAX_LENGTH);
		const window = this.text.slice(from, end);
		for (let at = window.indexOf(MARKER_START); at !== -1; at = window.indexOf(MARKER_START, at + 1)) {
			const close = window.indexOf(']', at);
			if (close === -1 || from + close >= start) return true;
		}
		return false;
	}

	get size(): number {
		return this.edits.length;
	}

	/**
	 * The text with every range replaced by its marker; overlapping ranges keep the first. A range
	 * spanning lines becomes one marker per line, so callers can map the text back to log lines.
	 */
	apply(): string {
		if (!this.edits.length) return this.text;
		this.edits.sort((a, b) => a.start - b.start || b.end - a.end);
		const parts: string[] = [];
		let at = 0;
		for (const edit of this.edits) {
			if (edit.start < at) continue;
			parts.push(this.text.slice(at, edit.start));
			const lines = countNewlines(this.text, edit.start, edit.end);
			parts.push(marker(edit.rule) + `\n${marker(edit.rule)}`.repeat(lines));
			this.counts[edit.rule] = (this.counts[edit.rule] ?? 0) + 1;
			at = edit.end;
		}
		parts.push(this.text.slice(at));
		return parts.join('');
	}
}

function countNewlines(text: string, start: number, end: number): number {
	let count = 0;
	for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) count++;
	return count;
}
