import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './parse-retry-after.js';

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

describe('parseRetryAfter', () => {
  const table: Array<[string | null | undefined, number | undefined]> = [
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['Wed, 21 Oct 2015 07:28:05 GMT', 5000],
    ['Wednesday, 21-Oct-15 07:28:30 GMT', 30_000],
    ['Wed Oct 21 07:29:00 2015', 60_000],
    // A date in the past means "now".
    ['Wed, 21 Oct 2015 07:00:00 GMT', 0],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['Wed, 99 Foo 2015 77:00:00 GMT', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ];
  it.each(table)('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it('cannot read a date without a valid now', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Number.NaN)).toBeUndefined();
    expect(parseRetryAfter('2', Number.NaN)).toBe(2000);
  });
});
