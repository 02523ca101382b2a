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
