// n8n's community-node rules, in the variant without n8n Cloud support (this package needs runtime
// dependencies), laid out as @n8n/node-cli's own `configWithoutCloudSupport` does.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const communityNodes = n8nCommunityNodesPlugin.configs.recommendedWithoutN8nCloudSupport;

const rulesTurnedOff = {
	// The nodes need the MCP SDK, the OpenAI client, a Gitea client, zod and secretlint at run time;
	// that is why this package targets self-hosted n8n and not n8n Cloud.
	'@n8n/community-nodes/no-runtime-dependencies': 'off',
	// `overrides` pins linkedom for our *dev* install of n8n-core (0.18.15 needs a package the registry
	// lacks); npm ignores the overrides of an installed dependency, so users are not affected.
	'@n8n/community-nodes/no-overrides-field': 'off',
};

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**'] },
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, communityNodes],
		rules: { 'no-console': 'error', ...rulesTurnedOff },
	},
	{
		// The n8n-free core cannot construct NodeApiError (it has no node); it throws its own typed
		// errors, which nodes/adapters maps to NodeApiError / NodeOperationError at the node boundary.
		files: ['nodes/shared/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// The custom-headers field usually carries API keys (X-Api-Key, Authorization), so it is masked
		// although its name does not look secret.
		files: ['credentials/McpServerApi.credentials.ts'],
		rules: { '@n8n/community-nodes/credential-unnecessary-password': 'off' },
	},
	{
		files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
	},
	{
		// The plain-JavaScript scripts (bootstrap, tasks, n8n install and start, workflow generators).
		files: ['scripts/**/*.mjs', 'deploy/**/*.mjs', 'gulpfile.js', 'jest.config.js'],
		extends: [js.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
		// `const { dropped, ...kept } = object` is how the scripts drop fields.
		rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
	},
	{
		files: ['package.json'],
		extends: [communityNodes],
		rules: rulesTurnedOff,
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
);
