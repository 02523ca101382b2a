import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The larger soak: `pnpm test:chaos` (CHAOS_SEED, CHAOS_ROWS override the defaults).
export default defineConfig({
  test: {
    ...sharedTestConfig,
    include: ['test/**/*.chaos.ts'],
    reporters: ['default', ['json', { outputFile: '.reports/vitest-chaos.json' }]],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
