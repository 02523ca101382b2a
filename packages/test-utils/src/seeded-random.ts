/**
 * A seeded pseudo-random source (mulberry32): the same seed gives the same sequence, so tests
 * that involve jitter are reproducible. Returns numbers in [0, 1).
 * @example
 * const random = createSeededRandom(42);
 * random(); // always the same first value for seed 42
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A "random" source that always returns `value` (e.g. 0 or 1 to test jitter bounds). */
export function constantRandom(value: number): () => number {
  return () => value;
}
