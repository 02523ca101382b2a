import { describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { encodeNdjson } from './encode-ndjson.js';
import type { EncodedRowsInput } from './encode-ndjson.js';
import { encodedToBuffer } from './encode-rows.js';
import type { EncodedRows, UncheckedRows } from './encode-rows.js';
import { pourRows } from '../../test/support/pour-rows.js';

function failure(
  input: EncodedRowsInput,
  max = 1000,
): { code: string; message: string; index: unknown } {
  try {
    encodeNdjson(input, max);
  } catch (error) {
    if (isStreamingIngestError(error)) {
      return { code: error.code, message: error.message, index: error.details?.rowIndex };
    }
    throw error;
  }
  throw new Error('expected a throw');
}

const text = (input: EncodedRowsInput): string =>
  encodedToBuffer(encodeNdjson(input, 1000)).toString('utf8');

describe('encodeNdjson', () => {
  it.each<[string, EncodedRowsInput]>([
    ['an NDJSON string', '{"a":1}\n{"b":"é"}\n'],
    ['an NDJSON string without the last newline', '{"a":1}\n{"b":"é"}'],
    ['NDJSON bytes', Buffer.from('{"a":1}\n{"b":"é"}\n')],
    ['a plain Uint8Array', new TextEncoder().encode('{"a":1}\n{"b":"é"}')],
    ['an array of strings', ['{"a":1}', '{"b":"é"}']],
    ['an array of bytes', [Buffer.from('{"a":1}'), new TextEncoder().encode('{"b":"é"}')]],
  ])('takes %s as rows, with exact byte counts', (_label, input) => {
    const encoded = encodeNdjson(input, 1000);
    expect(encoded.rows).toBe(2);
    expect(encoded.bytes).toBe(Buffer.byteLength('{"a":1}\n{"b":"é"}\n'));
    expect([encoded.rowBytes(0), encoded.rowBytes(1)]).toEqual([8, 11]);
    expect(text(input)).toBe('{"a":1}\n{"b":"é"}\n');
  });

  it('keeps CRLF line ends as JSON whitespace', () => {
    expect(text('{"a":1}\r\n{"b":2}\r\n')).toBe('{"a":1}\r\n{"b":2}\r\n');
  });

  it('takes an empty input as no rows', () => {
    expect(encodeNdjson('', 10).rows).toBe(0);
    expect(encodeNdjson([], 10).rows).toBe(0);
    expect(encodeNdjson(new Uint8Array(0), 10).rows).toBe(0);
  });

  it.each<[string, EncodedRowsInput, number, RegExp]>([
    ['a blank line', '{"a":1}\n\n{"b":2}\n', 1, /row 1 is an empty line/],
    ['a line that is not an object', '{"a":1}\n[1,2]\n', 1, /row 1 does not start with/],
    ['a truncated object', '{"a":1}\n{"b":', 1, /row 1 does not start with/],
    ['an item with a newline', ['{"a":1}', '{"b":\n2}'], 1, /row 1 contains a newline/],
    ['bytes with a newline', [Buffer.from('{"a":\n1}')], 0, /row 0 contains a newline/],
    ['an empty item', ['{"a":1}', ''], 1, /row 1 is empty/],
    ['an item that is not an object', ['"x"'], 0, /row 0 does not start with/],
    [
      'an item of the wrong type',
      ['{"a":1}', 5] as unknown as string[],
      1,
      /must be a string or a Uint8Array, got number/,
    ],
  ])('refuses %s with INVALID_ENCODED_ROW naming the row', (_label, input, index, message) => {
    const f = failure(input);
    expect(f.code).toBe('INVALID_ENCODED_ROW');
    expect(f.index).toBe(index);
    expect(f.message).toMatch(message);
  });

  it('refuses a row larger than one request with ROW_TOO_LARGE, in every input form', () => {
    const big = `{"s":"${'x'.repeat(50)}"}`;
    for (const input of [
      `{"a":1}\n${big}\n`,
      ['{"a":1}', big],
      [Buffer.from('{"a":1}'), Buffer.from(big)],
    ]) {
      const f = failure(input, 40);
      expect(f.code).toBe('ROW_TOO_LARGE');
      expect(f.index).toBe(1);
    }
  });

  it('refuses input that is neither text, bytes nor an array with a TypeError', () => {
    expect(() => encodeNdjson(42 as unknown as string, 10)).toThrow(TypeError);
  });

  it('writes whole rows that fit, from any row on', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `{"i":${i},"s":"${'é'.repeat(i % 4)}"}`);
    const whole = `${lines.join('\n')}\n`;
    for (const input of [whole, lines, lines.map((l) => Buffer.from(l))] as EncodedRowsInput[]) {
      const encoded = encodeNdjson(input, 1000);
      for (const size of [25, 64, 333]) {
        expect(pourRows(encoded, size, 7).toString('utf8')).toBe(whole);
      }
    }
  });

  it('finds row boundaries past many marked rows, in any order, for every room size', () => {
    // 300 rows of 10..~120 bytes (deterministic), with and without the last newline
    const lines = Array.from(
      { length: 300 },
      (_, i) => `{"i":${i},"p":"${'x'.repeat((i * 37) % 97)}${i % 11 === 0 ? 'é' : ''}"}`,
    );
    for (const text of [`${lines.join('\n')}\n`, lines.join('\n')]) {
      const encoded = encodeNdjson(Buffer.from(text), 1000);
      expect(encoded.rows).toBe(300);
      // random access, backwards and forwards
      for (const i of [299, 0, 150, 31, 32, 33, 64, 5, 298]) {
        expect(encoded.rowBytes(i)).toBe(Buffer.byteLength(lines[i]!) + 1);
      }
      for (const room of [130, 1000, 4096, 10_000]) {
        expect(pourRows(encoded, room).toString('utf8')).toBe(`${lines.join('\n')}\n`);
      }
    }
  });

  it('offers its bytes in place only with copy false, for NDJSON text or bytes ending in a newline', () => {
    const ndjson = '{"a":1}\n{"b":2}\n';
    const bytes = Buffer.from(ndjson);
    expect(encodeNdjson(bytes, 1000).viewRows).toBeUndefined();
    expect(encodeNdjson(bytes, 1000, { copy: true }).viewRows).toBeUndefined();
    expect(encodeNdjson([ndjson.slice(0, 7)], 1000, { copy: false }).viewRows).toBeUndefined();
    // without its last newline the input is not the rows' exact bytes
    expect(encodeNdjson(Buffer.from('{"a":1}'), 1000, { copy: false }).viewRows).toBeUndefined();
    const view = encodeNdjson(bytes, 1000, { copy: false }).viewRows!(0, 1000)!;
    expect(view.rows).toBe(2);
    expect(view.data.buffer).toBe(bytes.buffer); // the same memory, not a copy
    expect(view.data.byteOffset).toBe(bytes.byteOffset);
    expect(view.data.toString('utf8')).toBe(ndjson);
    expect(encodeNdjson(ndjson, 1000).viewRows).toBeUndefined();
    const fromText = encodeNdjson(ndjson, 1000, { copy: false }).viewRows!(1, 1000)!;
    expect(fromText.data.toString('utf8')).toBe('{"b":2}\n');
  });

  it('views whole rows that fit, from any row on, and mixes with copies in row order', () => {
    const lines = Array.from(
      { length: 100 },
      (_, i) => `{"i":${i},"p":"${'x'.repeat((i * 13) % 41)}"}`,
    );
    const whole = `${lines.join('\n')}\n`;
    for (const room of [60, 200, 1000, 100_000]) {
      const encoded = encodeNdjson(Buffer.from(whole), 1000, { copy: false });
      const parts: Buffer[] = [];
      let from = 0;
      for (let k = 0; from < encoded.rows; k++) {
        if (k % 2 === 0) {
          const view = encoded.viewRows!(from, room)!;
          expect(view.data.byteLength).toBeLessThanOrEqual(room);
          parts.push(view.data);
          from += view.rows;
        } else {
          const target = Buffer.alloc(room);
          const w = encoded.writeInto(target, 0, room, from);
          parts.push(target.subarray(0, w.bytes));
          from += w.rows;
        }
      }
      expect(Buffer.concat(parts).toString('utf8')).toBe(whole);
    }
    // a room smaller than the next row: nothing to view
    expect(encodeNdjson(Buffer.from(whole), 1000, { copy: false }).viewRows!(0, 5)).toBeUndefined();
  });

  it('refuses a copy option that is not a boolean with a TypeError naming it', () => {
    expect(() => encodeNdjson('{"a":1}', 10, { copy: 'no' as unknown as boolean })).toThrow(
      /options\.copy must be a boolean/,
    );
  });
});

describe('encodeNdjson with rowCount', () => {
  const lines = Array.from({ length: 10 }, (_, i) => `{"i":${i},"p":"${'x'.repeat(i)}"}`);
  const whole = `${lines.join('\n')}\n`; // 125 bytes
  const SIZE = Buffer.byteLength(whole);
  /** The StreamingIngestError `fn` throws: its code and details. */
  const thrown = (fn: () => unknown): { code: string; details: unknown } => {
    try {
      fn();
    } catch (error) {
      if (isStreamingIngestError(error)) return { code: error.code, details: error.details };
      throw error;
    }
    throw new Error('expected a throw');
  };
  const isUnread = (encoded: EncodedRows | UncheckedRows): encoded is UncheckedRows =>
    'check' in encoded;
  /** `encoded` as rows taken unread; fails the test when they were read at once. */
  const unread = (encoded: EncodedRows | UncheckedRows): UncheckedRows => {
    if (!isUnread(encoded)) throw new Error('expected the rows to be taken unread');
    return encoded;
  };

  it.each([-1, 1.5, Number.NaN, '3', null])(
    'refuses a rowCount of %s with a TypeError naming it',
    (rowCount) => {
      const options = { rowCount: rowCount as number };
      expect(() => encodeNdjson(whole, 1000, options)).toThrow(
        /options\.rowCount must be a non-negative integer/,
      );
    },
  );

  it.each<[string, EncodedRowsInput, boolean]>([
    ['NDJSON text', whole, true],
    ['NDJSON bytes', Buffer.from(whole), true],
    ['NDJSON bytes sent in place but too small to be taken unread', Buffer.from(whole), false],
    ['an array of rows', lines, true],
  ])('holds %s to the count when it reads the rows at once', (_label, input, copy) => {
    const options = (rowCount: number) => ({ copy, rowCount });
    // maxBatchBytes 1000: 125 bytes are under half a batch, so they are read now
    expect(encodeNdjson(input, 1000, options(10), 1000).rows).toBe(10);
    expect(isUnread(encodeNdjson(input, 1000, options(10), 1000))).toBe(false);
    expect(thrown(() => encodeNdjson(input, 1000, options(11), 1000))).toEqual({
      code: 'ROW_COUNT_MISMATCH',
      details: { lines: 10, rowCount: 11 },
    });
  });

  it("with copy false, takes bytes that fill half a batch to one batch unread, as the caller's memory", () => {
    const bytes = Buffer.from(whole);
    for (const maxBatchBytes of [SIZE, 2 * SIZE]) {
      const encoded = unread(
        encodeNdjson(bytes, 1000, { copy: false, rowCount: 10 }, maxBatchBytes),
      );
      expect([encoded.rows, encoded.bytes]).toEqual([10, SIZE]);
      expect(encoded.data.buffer).toBe(bytes.buffer); // not a copy
      expect(encoded.data.byteOffset).toBe(bytes.byteOffset);
      expect(() => encoded.check()).not.toThrow();
    }
    const text = unread(encodeNdjson(whole, 1000, { copy: false, rowCount: 10 }, SIZE));
    expect(text.data.toString('utf8')).toBe(whole);
  });

  it.each<[string, Buffer, number, number]>([
    ['without rowCount', Buffer.from(whole), Number.NaN, SIZE],
    ['over one batch', Buffer.from(whole), 10, SIZE - 1],
    ['under half a batch', Buffer.from(whole), 10, 2 * SIZE + 2],
    ['without its last newline', Buffer.from(whole.slice(0, -1)), 10, SIZE],
    ['with a rowCount of 0', Buffer.from(whole), 0, SIZE],
  ])('reads the rows at once %s', (_label, bytes, rowCount, maxBatchBytes) => {
    const options = Number.isNaN(rowCount) ? { copy: false } : { copy: false, rowCount };
    const run = () => encodeNdjson(bytes, 1000, options, maxBatchBytes);
    if (rowCount === 0) expect(thrown(run).code).toBe('ROW_COUNT_MISMATCH');
    else expect(isUnread(run())).toBe(false);
  });

  it('checks the first and last rows at once, and reports the row a bad one is', () => {
    const badFirst = Buffer.from(`[1]\n${lines.slice(1).join('\n')}\n`);
    const badLast = Buffer.from(`${lines.slice(0, 9).join('\n')}\n[9]\n`);
    const options = { copy: false, rowCount: 10 };
    const first = thrown(() => encodeNdjson(badFirst, 1000, options, badFirst.length));
    expect(first).toMatchObject({ code: 'INVALID_ENCODED_ROW', details: { rowIndex: 0 } });
    const last = thrown(() => encodeNdjson(badLast, 1000, options, badLast.length));
    expect(last).toMatchObject({ code: 'INVALID_ENCODED_ROW', details: { rowIndex: 9 } });
    // CRLF line ends are rows too
    const crlf = Buffer.from(`${lines.join('\r\n')}\r\n`);
    expect(isUnread(encodeNdjson(crlf, 1000, options, crlf.length))).toBe(true);
  });

  it.each<[string, string, number, number, { code: string; details: unknown }]>([
    [
      'a malformed row',
      `${lines.slice(0, 4).join('\n')}\nnot json\n${lines.slice(5).join('\n')}\n`,
      10,
      1000,
      { code: 'INVALID_ENCODED_ROW', details: { rowIndex: 4 } },
    ],
    [
      'an empty line',
      `${lines.slice(0, 4).join('\n')}\n\n${lines.slice(4).join('\n')}\n`,
      11,
      1000,
      { code: 'INVALID_ENCODED_ROW', details: { rowIndex: 4 } },
    ],
    [
      'a wrong count',
      whole,
      9,
      1000,
      { code: 'ROW_COUNT_MISMATCH', details: { lines: 10, rowCount: 9 } },
    ],
    [
      'a row over the request limit',
      whole,
      10,
      20,
      { code: 'ROW_TOO_LARGE', details: { rowIndex: 6 } },
    ],
  ])('finds %s only when checked', (_label, text, rowCount, maxRowBytes, fault) => {
    const bytes = Buffer.from(text);
    const options = { copy: false, rowCount };
    const encoded = unread(encodeNdjson(bytes, maxRowBytes, options, bytes.length));
    expect(encoded.rows).toBe(rowCount); // taken on the caller's word
    expect(thrown(() => encoded.check())).toEqual(fault);
    expect(thrown(() => encoded.check())).toEqual(fault); // still failing
  });

  it('reads the rows once: a check that passed is not run again (a replay sends the same bytes)', () => {
    const bytes = Buffer.from(whole);
    const encoded = unread(encodeNdjson(bytes, 1000, { copy: false, rowCount: 10 }, SIZE));
    encoded.check();
    bytes.fill(0x20, 0, 5); // not allowed with copy false, and not read again
    expect(() => encoded.check()).not.toThrow();
  });
});
