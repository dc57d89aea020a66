/**
 * npm run bench:injection — elements rendered from untrusted text. A failure whose log, events, pod
 * names, labels, image, reason, read problems and model analysis are all hostile markup is rendered
 * into the issue title, body and comment and both emails; each output is read as Gitea reads it (GFM,
 * see test/support/gfm.ts) and every link, image, reference, HTML, heading, split table cell, mention
 * or issue reference that the untrusted text made is counted. The target is 0.
 */
import { countUntrustedElements, HOSTILE_LINES, renderHostileFailure } from '../test/support/hostile-report';

async function main(): Promise<void> {
	const found = await countUntrustedElements(await renderHostileFailure());
	console.log(`bench:injection: ${HOSTILE_LINES.length} hostile lines in every untrusted part of one failure\n`);
	console.log('output        elements from untrusted text');
	let total = 0;
	for (const [output, elements] of Object.entries(found)) {
		total += elements.length;
		const kinds = new Map<string, number>();
		for (const element of elements) kinds.set(element.kind, (kinds.get(element.kind) ?? 0) + 1);
		const detail = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
		console.log(`${output.padEnd(13)} ${String(elements.length).padStart(4)}${detail ? `  (${detail})` : ''}`);
	}
	console.log(`${'total'.padEnd(13)} ${String(total).padStart(4)}   target 0`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
