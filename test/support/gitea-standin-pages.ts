// Read-only HTML pages for the Gitea API stand-in, so a person running the sandbox can see what was
// filed: the repositories, a repository's issues with their bodies, and one issue with its comments
// at the `html_url` the API hands out. Every stored text is untrusted (issue bodies quote pod logs),
// so all of it is escaped, and the Content-Security-Policy forbids scripts, images and other loads.
import type { StandinState, StoredComment, StoredIssue, StoredRepo } from './gitea-standin';

export const STANDIN_PAGE_HEADERS: Record<string, string> = {
	'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
};

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
.note { color: #59636e; font-size: 13px; }
.issue { border: 1px solid #d1d9e0; border-radius: 6px; padding: .6rem .9rem; margin: .8rem 0; }
.state { display: inline-block; border-radius: 1em; padding: 0 .6em; color: #fff; font-size: 12px; }
.open { background: #1a7f37; } .closed { background: #8250df; }
.label { display: inline-block; border-radius: 1em; padding: 0 .6em; font-size: 12px; border: 1px solid #d1d9e0; margin-left: .3em; }
pre { white-space: pre-wrap; word-break: break-word; background: #f6f8fa; padding: .7rem; border-radius: 6px; font-size: 13px; }
summary { cursor: pointer; color: #59636e; }
`;

function page(title: string, content: string): string {
	return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<p class="note">Gitea API stand-in (sandbox): a read-only view of what was filed through the API. Reload to see new issues.</p>
${content}
</body>
</html>
`;
}

const pathPart = (text: string): string => encodeURIComponent(text);

function repoHref(root: string, repo: StoredRepo): string {
	return `${root}/${pathPart(repo.owner)}/${pathPart(repo.name)}/issues`;
}

function issueHref(root: string, issue: StoredIssue): string {
	const [owner, name] = issue.repo.split('/');
	return `${root}/${pathPart(owner)}/${pathPart(name)}/issues/${issue.number}`;
}

function labels(state: StandinState, issue: StoredIssue): string {
	return issue.labelIds
		.map((id) => state.labels.find((label) => label.id === id))
		.filter((label) => label !== undefined)
		.map((label) => {
			const color = /^[0-9a-f]{6}$/i.test(label.color) ? ` style="border-color: #${label.color}"` : '';
			return `<span class="label"${color}>${escapeHtml(label.name)}</span>`;
		})
		.join('');
}

function commentsOf(state: StandinState, issue: StoredIssue): StoredComment[] {
	return state.comments.filter((comment) => comment.repo === issue.repo && comment.issueNumber === issue.number);
}

function issueHeading(state: StandinState, root: string, issue: StoredIssue): string {
	return (
		`<span class="state ${issue.state}">${issue.state}</span> ` +
		`<a href="${issueHref(root, issue)}">#${issue.number} ${escapeHtml(issue.title)}</a>${labels(state, issue)}` +
		`<div class="note">opened ${escapeHtml(issue.createdAt)} by ${escapeHtml(issue.poster)}, updated ${escapeHtml(issue.updatedAt)}, ` +
		`${commentsOf(state, issue).length} comment(s)</div>`
	);
}

function indexPage(state: StandinState, root: string): string {
	const rows = state.repos.map((repo) => {
		const issues = state.issues.filter((issue) => issue.repo === `${repo.owner}/${repo.name}`);
		const open = issues.filter((issue) => issue.state === 'open').length;
		return `<li><a href="${repoHref(root, repo)}">${escapeHtml(`${repo.owner}/${repo.name}`)}</a> <span class="note">${open} open, ${issues.length} in all</span></li>`;
	});
	return page('Repositories', `<h1>Repositories</h1>\n<ul>${rows.join('\n')}</ul>`);
}

function issueListPage(state: StandinState, root: string, repo: StoredRepo): string {
	const key = `${repo.owner}/${repo.name}`;
	const issues = state.issues.filter((issue) => issue.repo === key).sort((a, b) => b.number - a.number);
	const items = issues.map(
		(issue) =>
			`<div class="issue">${issueHeading(state, root, issue)}` +
			`<details><summary>body</summary><pre>${escapeHtml(issue.body)}</pre></details></div>`,
	);
	const content = issues.length === 0 ? '<p>No issues yet.</p>' : items.join('\n');
	return page(`Issues · ${key}`, `<h1>${escapeHtml(key)}: issues</h1>\n<p><a href="${root}/">all repositories</a></p>\n${content}`);
}

function issuePage(state: StandinState, root: string, repo: StoredRepo, issue: StoredIssue): string {
	const comments = commentsOf(state, issue).map(
		(comment) =>
			`<div class="issue" id="issuecomment-${comment.id}"><div class="note">${escapeHtml(comment.poster)} commented ${escapeHtml(comment.createdAt)}</div>` +
			`<pre>${escapeHtml(comment.body)}</pre></div>`,
	);
	return page(
		`#${issue.number} ${issue.title}`,
		`<p><a href="${repoHref(root, repo)}">${escapeHtml(issue.repo)}: all issues</a></p>\n` +
			`<h1>${escapeHtml(issue.title)} <span class="note">#${issue.number}</span></h1>\n${issueHeading(state, root, issue)}\n` +
			`<pre>${escapeHtml(issue.body)}</pre>\n${comments.join('\n')}`,
	);
}

/**
 * The page at `path` (below the stand-in's sub-path), or undefined where Gitea would answer 404:
 * `/`, `/{owner}/{repo}[/issues]` and `/{owner}/{repo}/issues/{number}`. `root` is the sub-path,
 * so links work behind one.
 */
export function renderStandinPage(state: StandinState, path: string, root: string): string | undefined {
	let segments: string[];
	try {
		segments = path.split('/').filter(Boolean).map(decodeURIComponent);
	} catch {
		return undefined;
	}
	if (segments.length === 0) return indexPage(state, root);
	const [owner, name, section, number, ...rest] = segments;
	const repo = state.repos.find(
		(candidate) => candidate.owner.toLowerCase() === owner.toLowerCase() && candidate.name.toLowerCase() === name?.toLowerCase(),
	);
	if (!repo || rest.length > 0 || (section !== undefined && section !== 'issues')) return undefined;
	if (number === undefined) return issueListPage(state, root, repo);
	const issue = state.issues.find((candidate) => candidate.repo === `${repo.owner}/${repo.name}` && String(candidate.number) === number);
	return issue ? issuePage(state, root, repo, issue) : undefined;
}
