/**
 * The rendered issue, comment and emails read by a GFM renderer (micromark + GFM, the rules Gitea's
 * goldmark follows; see test/support/gfm.ts), on a failure whose every untrusted part is hostile.
 */
import { buildReport } from '../../../nodes/shared/triage/report';
import { unreachableClusterRecord } from '../../../nodes/shared/triage/collect';
import { parseFailureRequest } from '../../../nodes/shared/triage/input';
import { renderReport } from '../../../nodes/shared/triage/render';
import { codeCell, markdownHref, neutraliseInline } from '../../../nodes/shared/redact/safe-text';
import { parseGfm, textOf, untrustedElements } from '../../support/gfm';
import { countUntrustedElements, hostileRecord, renderHostileFailure, untrustedTitleElements, type UntrustedByOutput } from '../../support/hostile-report';

describe('rendering read as GFM, with every untrusted input hostile', () => {
	let found: UntrustedByOutput;
	let body: string;

	beforeAll(async () => {
		const hostile = await renderHostileFailure();
		body = hostile.rendered.body;
		found = await countUntrustedElements(hostile);
	});

	it.each(['title', 'body', 'commentBody', 'text', 'html'] as const)('renders no element from untrusted text in the %s', (output) => {
		expect(found[output]).toEqual([]);
	});

	it('still shows the untrusted text, inside code', async () => {
		const tree = await parseGfm(body);
		const code = tree.children.filter((node) => node.type === 'code').map(textOf).join('\n');
		expect(code).toContain('| ![beacon](https://evil.example/b.png) |');
		const rows = tree.children.find((node) => node.type === 'table');
		expect(rows && textOf(rows)).toContain('registry.example/app:1 | ![beacon](https://evil.example/b.png) |');
	});
});

describe('a table cell of code', () => {
	const cellsOf = async (value: string) => {
		const tree = await parseGfm(`| | |\n|---|---|\n| Image | ${codeCell(value)} |`);
		const table = tree.children[0];
		if (table.type !== 'table') throw new Error(`expected a table, got ${table.type}`);
		return table.children[1].children.map(textOf);
	};

	it.each([
		['a | b', 'a | b'],
		['x | ![i](https://evil.example/i.png) | y', 'x | ![i](https://evil.example/i.png) | y'],
		['a \\| b', 'a | b'],
		['a \\\\| b', 'a \\\\| b'],
		['`|`', '`|`'],
		['||||', '||||'],
	])('keeps %j in one cell', async (value, shown) => {
		expect(await cellsOf(value)).toEqual(['Image', shown]);
	});

	it('splits without the escaping, as GFM does (what the issue had before)', async () => {
		const tree = await parseGfm('| | |\n|---|---|\n| Image | `x | ![i](https://evil.example/i.png) | y` |');
		const table = tree.children[0];
		expect(table.type === 'table' && table.children[1].children.length).toBeGreaterThan(2);
	});
});

describe('links and inline text', () => {
	it('percent-encodes what would end a markdown link or split a table row', async () => {
		const href = markdownHref('https://tekton.example/run?x=|)(y z')!;
		expect(href).toBe('https://tekton.example/run?x=%7C%29%28y%20z');
		expect(await untrustedElements(`| | |\n|---|---|\n| Run | [open](${href}) |`, { links: [href], tableColumns: 2 })).toEqual([]);
		expect(markdownHref('javascript:alert(1)')).toBeUndefined();
	});

	it('breaks !4 pull-request references as it breaks #4', () => {
		expect(untrustedTitleElements(neutraliseInline('fixed in !4 and #5, see owner/repo!6'))).toEqual([]);
		expect(untrustedTitleElements('fixed in !4')).toEqual([{ kind: 'issue reference', text: '!4' }]);
	});

	it('removes bidi overrides and zero-width characters from titles, and only then inserts its own breaks', () => {
		const title = neutraliseInline('\u202eevil\u202c ad\u200bmin \u2066iso\u2069 \ufeff\u200e\u200f\u061c@admin');
		expect(title).toBe('evil admin iso @\u200badmin');
		expect(untrustedTitleElements(title)).toEqual([]);
	});
});

describe('names from requests', () => {
	const event = (metadataName: unknown, labels: Record<string, unknown> = {}) => ({
		headers: { 'ce-type': 'dev.tekton.event.taskrun.failed.v1' },
		body: { taskRun: { metadata: { name: metadataName, namespace: 'ci', labels }, status: { podName: 'build-pod' } } },
	});

	it.each([
		[event('run | ![b](https://evil.example/b.png)'), 'taskRun.metadata.name'],
		[event('run-1', { 'tekton.dev/pipelineRun': 'run`|`![b](https://evil.example/b.png)' }), 'taskRun.metadata.labels.tekton.dev/pipelineRun'],
	])('are validated before they are shown, also from a CloudEvent (%#)', (request, field) => {
		expect(() => parseFailureRequest(request)).toThrow(expect.objectContaining({ field }));
	});

	it('render nothing active when the cluster cannot be read and the event is all there is', async () => {
		const target = parseFailureRequest(event('build-run-compile', { 'tekton.dev/pipelineRun': 'build-run' }));
		const report = await buildReport(unreachableClusterRecord(target, 'connect ECONNREFUSED 127.0.0.1:1 | ![b](https://evil.example/b.png)'));
		const rendered = await renderReport({ report });
		expect(await untrustedElements(rendered.body, { html: [/^<!-- fingerprint: [0-9a-f]{16} -->$/], headings: [/./], tableColumns: 2, untrustedMarker: /evil/ })).toEqual([]);
		expect(rendered.body).toContain('| TaskRun | `build-run-compile` |');
	});
});

describe('the hostile record', () => {
	it('is hostile: rendered without escaping it would make links, images and split cells', async () => {
		const record = hostileRecord();
		const naive = `| | |\n|---|---|\n| Image | \`${record.containers[0].image}\` |\n\n${record.containers[0].log}`;
		const kinds = new Set((await untrustedElements(naive, { tableColumns: 2, untrustedMarker: /evil/ })).map((e) => e.kind));
		expect([...kinds]).toEqual(expect.arrayContaining(['image', 'link', 'reference', 'html', 'heading', 'table cell', 'mention', 'issue reference']));
	});
});
