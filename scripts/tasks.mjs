// The project's tasks, run under Node 24 by scripts/bootstrap.mjs.
//   build            tsc + gulp (icons and other assets into dist/)
//   lint             eslint with n8n's community-node rules
//   test [jest args] build, type-check, lint, then every jest project
//   start            real n8n with this package loaded (scripts/start.mjs)
//   bench <name>     a benchmark script from bench/
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

function step(label, args) {
	console.log(`\n[${label}] ${args.map((a) => a.replace(root + '/', '')).join(' ')}`);
	const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
	if (result.status !== 0) {
		console.error(`[${label}] failed (exit ${result.status ?? result.signal})`);
		process.exit(result.status ?? 1);
	}
}

const tasks = {
	build() {
		step('build', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.build.json']);
		step('assets', [bin('gulp', 'bin/gulp.js'), 'build:assets']);
	},
	typecheck() {
		step('typecheck', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
	},
	lint() {
		step('lint', [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.']);
	},
	test(...jestArgs) {
		tasks.build();
		tasks.typecheck();
		tasks.lint();
		// secretlint is ESM-only; the core loads it with import(), which jest supports only with vm modules.
		step('jest', ['--expose-gc', '--experimental-vm-modules', '--disable-warning=ExperimentalWarning', bin('jest', 'bin/jest.js'), '--runInBand', ...jestArgs]);
	},
	async start() {
		tasks.build();
		const { start } = await import('./start.mjs');
		await start();
	},
	bench(name, ...args) {
		const script = join(root, 'bench', `${name}.ts`);
		if (!name || !existsSync(script)) {
			console.error(`unknown benchmark "${name ?? ''}": expected a file bench/<name>.ts`);
			process.exit(2);
		}
		tasks.build();
		step(`bench:${name}`, ['--expose-gc', '--import', 'tsx', script, ...args]);
	},
};

const [task, ...rest] = process.argv.slice(2);
if (!task || !(task in tasks)) {
	console.error(`unknown task "${task ?? ''}": expected one of ${Object.keys(tasks).join(', ')}`);
	process.exit(2);
}
await tasks[task](...rest);
