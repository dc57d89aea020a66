import {
	carriesFingerprint,
	fingerprintsIn,
	isOccurrenceCommentFor,
	newIssueBody,
	occurrenceComment,
	occurrencesIn,
	withOccurrences,
	withoutMarkers,
} from '../../../nodes/shared/gitea/issue-markers';

const SEEN = new Date('2025-05-01T10:00:00.000Z');
const LATER = new Date('2025-05-02T08:30:00.000Z');
const PLANTED = '<!-- finger<!-- occurrences: 1 -->print: deadbeefdeadbeef -->';

describe('fingerprint markers', () => {
	it('put the markers first in a new issue body, before the text', () => {
		expect(newIssueBody('## Build failed\n\nnpm ERR! ERESOLVE\n\n', 'fp-1', SEEN)).toBe(
			'<!-- fingerprint: fp-1 -->\n<!-- occurrences: 1 -->\n<!-- last-seen: 2025-05-01T10:00:00.000Z -->\n\n## Build failed\n\nnpm ERR! ERESOLVE\n',
		);
		expect(newIssueBody('', 'fp-1', SEEN)).toBe('<!-- fingerprint: fp-1 -->\n<!-- occurrences: 1 -->\n<!-- last-seen: 2025-05-01T10:00:00.000Z -->\n');
	});

	it('replace markers that a rendered body already carries', () => {
		const rendered = 'Report\n<!-- fingerprint: stale -->\n<!-- occurrences: 9 -->';
		const body = newIssueBody(rendered, 'fresh', SEEN);
		expect(fingerprintsIn(body)).toEqual(['fresh']);
		expect(occurrencesIn(body)).toBe(1);
		expect(withoutMarkers(rendered).trim()).toBe('Report');
	});

	it('find an exact fingerprint on a line of its own, and no prefix of it', () => {
		const body = newIssueBody('text', 'abc123', SEEN);
		expect(carriesFingerprint(body, 'abc123')).toBe(true);
		expect(carriesFingerprint(body, 'abc')).toBe(false);
		expect(carriesFingerprint(undefined, 'abc123')).toBe(false);
		expect(carriesFingerprint('<!-- fingerprint-occurrence: abc123 -->', 'abc123')).toBe(false);
		expect(carriesFingerprint('Issue filed by hand\r\n<!-- fingerprint: abc123 -->\r\n', 'abc123')).toBe(true);
	});

	it('update the count and last-seen time in place', () => {
		const body = withOccurrences(newIssueBody('text', 'fp', SEEN), { count: 4, seenAt: LATER, fingerprint: 'fp' });
		expect(occurrencesIn(body)).toBe(4);
		expect(body).toContain('<!-- last-seen: 2025-05-02T08:30:00.000Z -->');
		expect(body).not.toContain('2025-05-01T10:00:00.000Z');
		expect(body.endsWith('\n\ntext\n')).toBe(true);
	});

	it('put the markers back when a person deleted them', () => {
		const body = withOccurrences('edited by hand\n<!-- fingerprint: fp -->', { count: 3, seenAt: LATER, fingerprint: 'fp' });
		expect(occurrencesIn(body)).toBe(3);
		expect(fingerprintsIn(body)).toEqual(['fp']);
		expect(body).toContain('<!-- last-seen: 2025-05-02T08:30:00.000Z -->');
	});

	it('move an issue from a previous fingerprint to the current one', () => {
		const old = '## What failed\n\n<!-- fingerprint: legacy-1 -->\n<!-- occurrences: 2 -->\n<!-- last-seen: 2025-05-01T10:00:00.000Z -->\n';
		const body = withOccurrences(old, { count: 3, seenAt: LATER, fingerprint: 'new-1', replacing: ['legacy-1'] });
		expect(fingerprintsIn(body)).toEqual(['new-1']);
		expect(occurrencesIn(body)).toBe(3);
		expect(body.startsWith('## What failed\n\n<!-- fingerprint: new-1 -->')).toBe(true);
		const both = withOccurrences('<!-- fingerprint: new-1 -->\n<!-- fingerprint: legacy-1 -->', { count: 2, seenAt: LATER, fingerprint: 'new-1', replacing: ['legacy-1'] });
		expect(fingerprintsIn(both)).toEqual(['new-1']);
	});

	it('write a comment with its markers first, then the count, the time, the run link and the text', () => {
		const comment = occurrenceComment({
			fingerprint: 'fp',
			count: 3,
			seenAt: LATER,
			runUrl: 'https://tekton.example.com/#/pipelineruns/build-42',
			text: 'Still failing in step-install.',
		});
		expect(comment).toBe(
			[
				'<!-- fingerprint-occurrence: fp -->',
				'<!-- occurrences: 3 -->',
				'',
				'**Seen 3 times** - last seen 2025-05-02T08:30:00.000Z.',
				'',
				'New run: <https://tekton.example.com/#/pipelineruns/build-42>',
				'',
				'Still failing in step-install.',
				'',
			].join('\n'),
		);
		expect(occurrenceComment({ fingerprint: 'fp', count: 2, seenAt: LATER })).not.toContain('New run');
		expect(isOccurrenceCommentFor(comment, ['other', 'fp'])).toBe(true);
		expect(isOccurrenceCommentFor(comment, ['other'])).toBe(false);
	});
});

describe('markers planted in untrusted text', () => {
	const fenced = (text: string) => `## Evidence\n\n\`\`\`text\n${text}\n\`\`\`\n`;

	it('a nested fingerprint marker in a log line never becomes a marker, fenced or not', () => {
		for (const text of [fenced(PLANTED), PLANTED, `log: ${PLANTED}`]) {
			const body = newIssueBody(text, 'ours', SEEN);
			expect(fingerprintsIn(body)).toEqual(['ours']);
			expect(carriesFingerprint(body, 'deadbeefdeadbeef')).toBe(false);
			expect(fingerprintsIn(withoutMarkers(text))).toEqual([]);
		}
	});

	it('markers inside fenced or indented code, quotes and lists are text, not markers', () => {
		const quoted = [
			fenced('<!-- fingerprint: deadbeefdeadbeef -->\n<!-- occurrences: 99 -->'),
			'~~~\n<!-- fingerprint: deadbeefdeadbeef -->\n~~~',
			'    <!-- fingerprint: deadbeefdeadbeef -->',
			'> <!-- fingerprint: deadbeefdeadbeef -->',
			'- <!-- fingerprint: deadbeefdeadbeef -->',
			'<div>\n<!-- fingerprint: deadbeefdeadbeef -->\n</div>',
		];
		for (const text of quoted) {
			expect(fingerprintsIn(text)).toEqual([]);
			expect(occurrencesIn(text)).toBeUndefined();
			expect(withoutMarkers(text)).toBe(text);
		}
	});

	it('a count planted in the comment text, nested or fenced, does not set the count', () => {
		for (const planted of [fenced('<!-- occurrences: 9999 -->'), '<!-- occu<!-- x -->rrences: 9999 -->', '<!-- occurrences: 9999 -->', fenced(PLANTED)]) {
			const comment = occurrenceComment({ fingerprint: 'fp', count: 3, seenAt: LATER, text: `The model says:\n\n${planted}` });
			expect(occurrencesIn(comment)).toBe(3);
			expect(isOccurrenceCommentFor(comment, ['deadbeefdeadbeef'])).toBe(false);
		}
		const forged = occurrenceComment({ fingerprint: 'fp', count: 3, seenAt: LATER, text: '<!-- fingerprint-occurrence: other -->\n<!-- occurrences: 50 -->' });
		expect(isOccurrenceCommentFor(forged, ['other'])).toBe(false);
		expect(occurrencesIn(forged)).toBe(3);
	});

	it('stripping runs until no marker is left', () => {
		const hostile = ['<!-- fingerprint: a -->\n<!-- fingerprint: b -->', `${PLANTED}\n<!-- occurrences: 2 -->\n${PLANTED}`, '<!-- fingerprint: x -->'.repeat(3)];
		for (const text of hostile) {
			const clean = withoutMarkers(text);
			expect([fingerprintsIn(clean), occurrencesIn(clean)]).toEqual([[], undefined]);
		}
	});
});
