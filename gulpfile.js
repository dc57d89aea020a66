// Asset build: tsc compiles the TypeScript; this copies what tsc does not (node and credential
// icons) into dist/ beside the compiled files, where n8n looks for them.
const { src, dest } = require('gulp');

function copyAssets() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:assets'] = copyAssets;
