import { readIssueNumber, readOwner, readRepository, segmentsBelowServer } from '../../../nodes/shared/gitea';
import { thrownBy } from './giteaError';

const SERVER = 'https://example.com/gitea';
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('resource locators', () => {
	it('reads path segments below a sub-path', () => {
		expect(segmentsBelowServer('Issue', 'https://example.com/gitea/acme/widgets/issues/42?foo=1#x', SERVER)).toEqual([
			'acme',
			'widgets',
			'issues',
			'42',
		]);
		expect(segmentsBelowServer('Owner', 'https://git.example.com/acme/', 'https://git.example.com')).toEqual(['acme']);
	});

	it('refuses URLs of another server or outside the sub-path', () => {
		expect(thrownBy(() => segmentsBelowServer('Repository', 'https://other.example.com/gitea/acme/widgets', SERVER)).message).toBe(
			'Repository URL "https://other.example.com/gitea/acme/widgets" is not on the Gitea server of the credential (https://example.com/gitea) - use a URL from that server, or choose from the list',
		);
		expect(thrownBy(() => segmentsBelowServer('Owner', 'https://example.com/giteax/acme', SERVER)).field).toBe('Owner');
		expect(thrownBy(() => segmentsBelowServer('Owner', 'not a url', SERVER)).message).toBe(
			'Owner "not a url" is not a URL - paste the address from your browser',
		);
	});

	it('reads the owner by name, from the list or from a URL', () => {
		expect(readOwner(rl('list', 'acme'), SERVER)).toBe('acme');
		expect(readOwner(rl('url', 'https://example.com/gitea/acme'), SERVER)).toBe('acme');
		expect(readOwner('acme', SERVER)).toBe('acme');
		expect(thrownBy(() => readOwner(rl('name', ''), SERVER)).field).toBe('Owner');
	});

	it('reads the repository, and checks a URL against the owner', () => {
		expect(readRepository(rl('name', 'acme'), rl('name', 'widgets'), SERVER)).toEqual({ owner: 'acme', repo: 'widgets' });
		expect(readRepository(rl('name', 'acme'), rl('url', 'https://example.com/gitea/acme/widgets.git'), SERVER)).toEqual({
			owner: 'acme',
			repo: 'widgets',
		});
		expect(thrownBy(() => readRepository(rl('name', 'acme'), rl('url', 'https://example.com/gitea/other/widgets'), SERVER)).message).toBe(
			'Repository URL points to other/widgets, but Owner is "acme" - make them agree',
		);
	});

	it('reads the issue number by number or URL, and checks the URL against the repository', () => {
		const repository = { owner: 'acme', repo: 'widgets' };
		expect(readIssueNumber(rl('number', '#42'), repository, SERVER)).toBe(42);
		expect(readIssueNumber(rl('url', 'https://example.com/gitea/acme/widgets/issues/7'), repository, SERVER)).toBe(7);
		expect(thrownBy(() => readIssueNumber(rl('number', 'abc'), repository, SERVER)).field).toBe('Issue');
		expect(thrownBy(() => readIssueNumber(rl('url', 'https://example.com/gitea/acme/widgets/wiki/Home'), repository, SERVER)).message).toBe(
			'Issue URL "https://example.com/gitea/acme/widgets/wiki/Home" is not the address of an issue - e.g. https://example.com/gitea/owner/repo/issues/42',
		);
		expect(thrownBy(() => readIssueNumber(rl('url', 'https://example.com/gitea/acme/gadgets/issues/7'), repository, SERVER)).message).toBe(
			'Issue URL points to acme/gadgets, but Owner and Repository are acme/widgets - make them agree',
		);
	});
});
