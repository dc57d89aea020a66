/** Jest runs TypeScript through ts-jest in transpile-only mode; `tsc --noEmit` type-checks separately. */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] };

const project = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: 'node',
  transform,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
});

module.exports = {
  projects: [project('unit'), project('node'), project('interop'), project('e2e'), project('browser'), project('deploy')],
  testTimeout: 60_000,
};
