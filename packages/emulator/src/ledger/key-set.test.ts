import { describe, expect, it } from 'vitest';
import { createKeySet } from './key-set.js';

describe('createKeySet', () => {
  it('detects duplicates for integer-looking and other keys', () => {
    const s = createKeySet();
    expect(['1', '2', '1', 'a', 'a', '01', '-3', '-3', '1.0'].map((k) => s.add(k))).toEqual([
      true,
      true,
      false,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
    expect(s.size).toBe(6);
  });

  it('keeps integers beyond 15 digits as strings (no precision loss)', () => {
    const s = createKeySet();
    expect(s.add('12345678901234567890')).toBe(true);
    expect(s.add('12345678901234567891')).toBe(true);
  });
});
