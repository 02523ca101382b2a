import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareOffsetTokens, isIntegerOffsetToken } from './offset-token.js';

describe('compareOffsetTokens', () => {
  it.each([
    ['9', '10', -1],
    ['10', '9', 1],
    ['007', '7', 0],
    ['-5', '3', -1],
    ['123456789012345678901234567890', '123456789012345678901234567891', -1],
    ['99999999999999999999', '100000000000000000000', -1],
    ['9007199254740993', '9007199254740992', 1], // beyond 2^53: a double would call them equal
  ])('compares integers numerically: %s vs %s -> %i', (a, b, expected) => {
    expect(compareOffsetTokens(a, b)).toBe(expected);
  });

  it('falls back to lexicographic order when a token is not an integer and no comparator is set', () => {
    expect(compareOffsetTokens('a-10', 'a-9')).toBe(-1);
    expect(compareOffsetTokens('b', 'a')).toBe(1);
    expect(compareOffsetTokens('10', 'x')).toBe(-1);
    expect(compareOffsetTokens('same', 'same')).toBe(0);
  });

  it('uses the custom comparator for non-integer tokens, normalised to -1/0/1', () => {
    const bySuffix = (a: string, b: string) => Number(a.split('-')[1]) - Number(b.split('-')[1]);
    expect(compareOffsetTokens('p0-10', 'p0-9', bySuffix)).toBe(1);
    expect(compareOffsetTokens('p0-2', 'p0-9', bySuffix)).toBe(-1);
  });

  it('keeps numeric order for integer tokens even when a comparator is set', () => {
    const reverse = (a: string, b: string) => (a < b ? 1 : -1);
    expect(compareOffsetTokens('2', '10', reverse)).toBe(-1);
  });

  it('throws when the comparator returns something that is not a number', () => {
    const broken = () => Number.NaN;
    expect(() => compareOffsetTokens('a', 'b', broken)).toThrow(TypeError);
  });

  it('agrees with BigInt order for any pair of integers (property)', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), (x, y) => {
        const expected = x < y ? -1 : x > y ? 1 : 0;
        expect(compareOffsetTokens(x.toString(), y.toString())).toBe(expected);
      }),
    );
  });

  it('recognises integer tokens', () => {
    expect(isIntegerOffsetToken('42')).toBe(true);
    expect(isIntegerOffsetToken('-42')).toBe(true);
    expect(isIntegerOffsetToken('4.2')).toBe(false);
    expect(isIntegerOffsetToken('')).toBe(false);
    expect(isIntegerOffsetToken('1e3')).toBe(false);
  });
});
