import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// Type-checking every snippet builds one TypeScript program (a few seconds on two cores), and the
// runnable snippets each start a child process against the emulator.
export default defineConfig({ test: { ...sharedTestConfig, testTimeout: 120_000 } });
