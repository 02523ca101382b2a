import { describe, expect, it } from 'vitest';
import { createStallWatch } from './stall-watch.js';

describe('createStallWatch', () => {
  it('reports a mark that has not moved for the timeout, once', () => {
    const watch = createStallWatch<string>(1_000);
    expect(watch.observe('a', 'm1', 0)).toBeUndefined();
    expect(watch.observe('a', 'm1', 999)).toBeUndefined();
    expect(watch.observe('a', 'm1', 1_000)).toBe(1_000);
    expect(watch.observe('a', 'm1', 1_500)).toBeUndefined(); // starts over after a report
  });

  it('a moving mark, or nothing held, is never a stall', () => {
    const watch = createStallWatch<string>(1_000);
    watch.observe('a', 'm1', 0);
    expect(watch.observe('a', 'm2', 900)).toBeUndefined();
    expect(watch.observe('a', 'm2', 1_800)).toBeUndefined();
    expect(watch.observe('a', undefined, 1_950)).toBeUndefined();
    expect(watch.observe('a', 'm2', 2_000)).toBeUndefined();
    expect(watch.observe('a', 'm2', 2_999)).toBeUndefined();
    expect(watch.observe('a', 'm2', 3_000)).toBe(1_000);
  });

  it('0 turns the check off', () => {
    const watch = createStallWatch<string>(0);
    watch.observe('a', 'm', 0);
    expect(watch.observe('a', 'm', 1e9)).toBeUndefined();
  });
});
