import {
	carriesFingerprint,
	fingerprintsIn,
	newIssueBody,
	occurrenceComment,
	occurrencesIn,
	withOccurrences,
	withoutMarkers,
} from '../../../nodes/shared/gitea/issue-markers';

const SEEN = new Date('2025-05-01T10:00:00.000Z');
const LATER = new Date('2025-05-02T08:30:00.000Z');

describe('fingerprint markers', () => {
	it('appends the markers to a new issue body', () => {
		expect(newIssueBody('## Build failed\n\nnpm ERR! ERESOLVE\n\n', 'fp-1', SEEN)).toBe(
			'## Build failed\n\nnpm ERR! ERESOLVE\n\n<!-- fingerprint: fp-1 -->\n<!-- occurrences: 1 -->\n<!-- last-seen: 2025-05-01T10:00:00.000Z -->\n',
		);
		expect(newIssueBody('', 'fp-1', SEEN)).toBe('<!-- fingerprint: fp-1 -->\n<!-- occurrences: 1 -->\n<!-- last-seen: 2025-05-01T10:00:00.000Z -->\n');
	});

	it('replaces markers that a rendered body already carries', () => {
		const rendered = 'Report\n<!-- fingerprint: stale -->\n<!-- occurrences: 9 -->';
		const body = newIssueBody(rendered, 'fresh', SEEN);
		expect(fingerprintsIn(body)).toEqual(['fresh']);
		expect(occurrencesIn(body)).toBe(1);
		expect(withoutMarkers(rendered).trim()).toBe('Report');
	});

	it('finds an exact fingerprint and no prefix of it', () => {
		const body = newIssueBody('text', 'abc123', SEEN);
		expect(carriesFingerprint(body, 'abc123')).toBe(true);
		expect(carriesFingerprint(body, 'abc')).toBe(false);
		expect(carriesFingerprint(undefined, 'abc123')).toBe(false);
		expect(carriesFingerprint('<!-- fingerprint-occurrence: abc123 -->', 'abc123')).toBe(false);
	});

	it('updates the count and last-seen time in place', () => {
		const body = withOccurrences(newIssueBody('text', 'fp', SEEN), 4, LATER);
		expect(occurrencesIn(body)).toBe(4);
		expect(body).toContain('<!-- last-seen: 2025-05-02T08:30:00.000Z -->');
		expect(body).not.toContain('2025-05-01T10:00:00.000Z');
		expect(body.startsWith('text\n\n<!-- fingerprint: fp -->')).toBe(true);
	});

	it('puts the markers back when a person deleted them', () => {
		const body = withOccurrences('edited by hand <!-- fingerprint: fp -->', 3, LATER);
		expect(occurrencesIn(body)).toBe(3);
		expect(body).toContain('<!-- last-seen: 2025-05-02T08:30:00.000Z -->');
	});

	it('writes a comment with the count, the time, the run link and its own markers', () => {
		const comment = occurrenceComment({
			fingerprint: 'fp',
			count: 3,
			seenAt: LATER,
			runUrl: 'https://tekton.example.com/#/pipelineruns/build-42',
			text: 'Still failing in step-install.',
		});
		expect(comment).toBe(
			[
				'**Seen 3 times** - last seen 2025-05-02T08:30:00.000Z.',
				'',
				'New run: <https://tekton.example.com/#/pipelineruns/build-42>',
				'',
				'Still failing in step-install.',
				'',
				'<!-- fingerprint-occurrence: fp -->',
				'<!-- occurrences: 3 -->',
				'',
			].join('\n'),
		);
		expect(occurrenceComment({ fingerprint: 'fp', count: 2, seenAt: LATER })).not.toContain('New run');
	});
});
