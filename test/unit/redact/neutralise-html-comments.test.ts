import { fingerprintsIn, occurrenceComment, occurrencesIn } from '../../../nodes/shared/gitea/issue-markers';
import { fence, neutraliseHtmlComments } from '../../../nodes/shared/redact/safe-text';
import { renderReport } from '../../../nodes/shared/triage/render';
import { buildReportFromLog } from '../../../nodes/shared/triage/report';

const PLANTED = '<!-- finger<!-- occurrences: 1 -->print: deadbeefdeadbeef -->';

describe('neutraliseHtmlComments', () => {
	it.each([PLANTED, '<!--<!---->-->', '<!---->', '--->', '<!-- fingerprint: x -->'])('leaves no comment opener or closer in %j', (text) => {
		const safe = neutraliseHtmlComments(text);
		expect(safe).not.toMatch(/<!--|-->/);
		// Only the angle brackets of comment openers and closers change, to visible look-alikes.
		expect(safe.replace(/‹/g, '<').replace(/›/g, '>')).toBe(text);
	});

	it('is applied to every fenced block', () => {
		expect(fence(PLANTED)).not.toMatch(/<!--|-->/);
	});
});

describe('a rendered issue with markers planted in the log and in the model text', () => {
	it('carries only its own fingerprint marker and no foreign comment', async () => {
		const report = await buildReportFromLog(`npm ERR! code E404\nnpm ERR! 404 ${PLANTED}\n${PLANTED}\n`, { namespace: 'ci', container: 'step-npm', pipelineTask: 'install', exitCode: 1 });
		const rendered = await renderReport({ report, analysis: { summary: `The log says ${PLANTED}`, root_cause: '<!-- occurrences: 9999 -->', fixes: [PLANTED] } });
		expect(rendered.body.match(/<!--/g)).toHaveLength(1);
		expect(fingerprintsIn(rendered.body)).toEqual([report.fingerprint]);
		expect(rendered.commentBody).not.toMatch(/<!--|-->/);
		const comment = occurrenceComment({ fingerprint: report.fingerprint, count: 2, seenAt: new Date('2025-05-01T10:00:00.000Z'), text: rendered.commentBody });
		expect(occurrencesIn(comment)).toBe(2);
	});
});
