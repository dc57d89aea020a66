/** Markdown outside fenced code blocks: where untrusted text must never appear. */
export function outsideFences(markdown: string): string {
	const out: string[] = [];
	let closing: string | undefined;
	for (const line of markdown.split('\n')) {
		if (closing) {
			if (line === closing) closing = undefined;
			continue;
		}
		const open = /^(`{3,})\w*$/.exec(line);
		if (open) closing = open[1];
		else out.push(line);
	}
	return out.join('\n');
}
