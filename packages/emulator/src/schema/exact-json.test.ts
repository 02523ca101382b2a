import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonNumber, parseExactJson } from './exact-json.js';

/** The parse with numbers turned back into JavaScript numbers, to compare with JSON.parse. */
function plain(v: unknown): unknown {
  if (v instanceof JsonNumber) return Number(v.text);
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

describe('parseExactJson', () => {
  it('keeps the digits of numbers JSON.parse would round', () => {
    const v = parseExactJson('{"id":12345678901234567890123,"f":1.10}') as Record<
      string,
      JsonNumber
    >;
    expect(v.id?.text).toBe('12345678901234567890123');
    expect(v.f?.text).toBe('1.10');
  });

  it('agrees with JSON.parse on any JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(plain(parseExactJson(text))).toEqual(JSON.parse(text));
      }),
    );
  });

  it.each(['{', '{"a":1,}', '[1 2]', '01', '"\\x"', '{"a":1} x', 'NaN', ''])(
    'refuses %j',
    (text) => {
      expect(parseExactJson(text)).toBeUndefined();
    },
  );
});
