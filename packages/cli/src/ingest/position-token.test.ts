import { describe, expect, it } from 'vitest';
import { compareCliTokens, formatToken, parseToken } from './position-token.js';

describe('offset tokens of the CLI', () => {
  it('round-trips both layouts and refuses foreign tokens', () => {
    expect(formatToken('line', { input: 1, position: 42 })).toBe('42');
    expect(formatToken('file-line', { input: 2, position: 17 })).toBe('2:17');
    expect(parseToken('line', '42')).toEqual({ input: 1, position: 42 });
    expect(parseToken('file-line', '2:17')).toEqual({ input: 2, position: 17 });
    expect(parseToken('line', '2:17')).toBeUndefined();
    expect(parseToken('file-line', '17')).toBeUndefined();
    expect(parseToken('line', 'kafka-offset-9')).toBeUndefined();
    expect(parseToken('line', '007')).toBeUndefined();
  });

  it('orders input:line tokens as number pairs', () => {
    expect(compareCliTokens('1:10', '1:9')).toBeGreaterThan(0);
    expect(compareCliTokens('2:1', '1:99')).toBeGreaterThan(0);
    expect(compareCliTokens('1:5', '1:5')).toBe(0);
    expect(compareCliTokens('10', '9')).toBeGreaterThan(0);
  });
});
