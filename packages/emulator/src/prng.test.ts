import { createSeededRandom } from '@snowpipe/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPrng } from './prng.js';

describe('createPrng', () => {
  it('is reproducible per seed and stays in [0, 1)', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(createPrng(43)()).not.toBe(xs[0]);
  });
});

describe('createPrng is the same generator as @snowpipe/test-utils createSeededRandom', () => {
  // The emulator is published and cannot depend on the private test utilities, so the copy stays;
  // this pins the two together so a seed means the same faults in tests and in the emulator.
  it('gives the same sequence for every seed', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const ours = createPrng(seed);
        const theirs = createSeededRandom(seed);
        for (let i = 0; i < 64; i++) expect(ours()).toBe(theirs());
      }),
    );
  });
});
