import { describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { encodeRows } from './encode-rows.js';

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
  it('encodes rows as NDJSON lines with exact UTF-8 byte counts', () => {
    const out = encodeRows([{ a: 1 }, { b: 'é' }], 1000);
    expect(out.lines).toEqual(['{"a":1}\n', '{"b":"é"}\n']);
    expect(out.lineBytes).toEqual([8, 11]);
    expect(out.bytes).toBe(19);
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['a BigInt value', { n: 1n }],
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
    expect(failure.details).toEqual({ rowIndex: 2 });
  });

  it('refuses a row larger than one request with ROW_TOO_LARGE naming the index', () => {
    const failure = codeOf(() => encodeRows([{ a: 1 }, { big: 'x'.repeat(100) }], 50));
    expect(failure.code).toBe('ROW_TOO_LARGE');
    expect(failure.message).toContain('row 1');
  });

  it('accepts a row exactly at the limit', () => {
    const row = { s: 'x'.repeat(10) }; // {"s":"xxxxxxxxxx"}\n = 19 bytes
    expect(encodeRows([row], 19).bytes).toBe(19);
  });
});
