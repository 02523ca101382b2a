// Shared vitest settings: every package writes a JSON report that scripts/test-summary.mjs adds up
// into the plain `N passed, N failed` line CI reads.
/** @type {import('vitest/node').TestUserConfig} */
export const sharedTestConfig = {
  include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
  testTimeout: 20_000,
  hookTimeout: 20_000,
  // Two cores: keep worker count small and predictable.
  maxWorkers: 2,
};
