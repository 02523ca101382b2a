import { describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { encodedToBuffer, encodeRows } from './encode-rows.js';
import { endOfRows, rowEnds } from './row-ends.js';
import { ndjsonText } from '../../test/support/ndjson-text.js';
import { pourRows } from '../../test/support/pour-rows.js';

function codeOf(fn: () => unknown): { code: string; message: string; details: unknown } {
  try {
    fn();
  } catch (error) {
    if (isStreamingIngestError(error))
      return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a throw');
}

describe('encodeRows', () => {
  it('encodes rows as one NDJSON buffer with exact UTF-8 byte counts', () => {
    const out = encodeRows([{ a: 1 }, { b: 'é\n' }], 1000);
    const data = encodedToBuffer(out);
    expect(data.toString('utf8')).toBe('{"a":1}\n{"b":"é\\n"}\n');
    expect(out.rows).toBe(2);
    expect(out.bytes).toBe(data.byteLength);
    expect(out.bytes).toBe(21);
    expect([out.rowBytes(0), out.rowBytes(1)]).toEqual([8, 13]);
    // Raw newlines in values are escaped, so the row boundaries are the newline bytes.
    expect(Array.from(rowEnds(data, out.rows))).toEqual([8, 21]);
  });

  it('encodes no rows as an empty buffer', () => {
    expect(encodeRows([], 10)).toMatchObject({ rows: 0, bytes: 0 });
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['a cycle', cyclic],
    ['undefined', undefined],
    ['a function', () => 1],
    ['a symbol', Symbol('x')],
    ['null', null],
    ['a number', 42],
    ['a string', 'row'],
    ['an array', [1, 2]],
    ['an object whose toJSON returns a string', { toJSON: () => 'x' }],
    ['a Date', new Date(0)],
  ])('refuses %s with ROW_NOT_SERIALIZABLE naming the index', (_label, bad) => {
    const failure = codeOf(() => encodeRows([{ ok: 1 }, { ok: 2 }, bad], 1000));
    expect(failure.code).toBe('ROW_NOT_SERIALIZABLE');
    expect(failure.message).toContain('row 2');
    expect(failure.details).toMatchObject({ rowIndex: 2 });
  });

  it('refuses a row larger than one request with ROW_TOO_LARGE naming the index', () => {
    const failure = codeOf(() => encodeRows([{ a: 1 }, { big: 'x'.repeat(100) }], 50));
    expect(failure.code).toBe('ROW_TOO_LARGE');
    expect(failure.message).toContain('row 1');
  });

  it('measures multi-byte rows exactly against the limit', () => {
    const row = { s: 'é'.repeat(10) }; // {"s":"…"}\n = 9 + 20 bytes
    expect(encodeRows([row], 29).bytes).toBe(29);
    expect(() => encodeRows([{ a: 1 }, row], 28)).toThrow(/row 1 is 29 bytes/);
  });

  it('finds the end of the first rows without scanning the rest', () => {
    const data = encodedToBuffer(encodeRows([{ a: 1 }, { b: 2 }, { c: 3 }], 100));
    expect(endOfRows(data, 0)).toBe(0);
    expect(endOfRows(data, 2)).toBe(16);
    expect(endOfRows(data, 3)).toBe(data.byteLength);
  });

  it('accepts a row exactly at the limit', () => {
    const row = { s: 'x'.repeat(10) }; // {"s":"xxxxxxxxxx"}\n = 19 bytes
    expect(encodeRows([row], 19).bytes).toBe(19);
  });

  it('writes only whole rows that fit, from any row on, across group boundaries', () => {
    // 150 rows of 12-13 bytes span three 64-row groups; a multi-byte row sits in each group.
    const rows = Array.from({ length: 150 }, (_, i) => ({ i, s: i % 50 === 7 ? 'é€' : 'ab' }));
    const encoded = encodeRows(rows, 1000);
    const whole = encodedToBuffer(encoded).toString('utf8');
    expect(whole).toBe(ndjsonText(rows));
    // Pour the rows through small targets of odd sizes: the pieces must add up exactly.
    for (const size of [30, 41, 100, 777, 1000, 5000]) {
      expect(pourRows(encoded, size).toString('utf8')).toBe(whole);
    }
    expect(encoded.writeInto(Buffer.alloc(5), 0, 5, 0)).toEqual({ rows: 0, bytes: 0 });
  });
});
