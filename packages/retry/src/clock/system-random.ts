/**
 * The real random source (`Math.random`): a number in [0, 1). Inject a seeded one in tests.
 * This module is the only library code allowed to call `Math.random`.
 */
export const systemRandom: () => number = () => Math.random();
