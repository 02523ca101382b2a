import { describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { encodeNdjson } from './encode-ndjson.js';
import type { EncodedRowsInput } from './encode-ndjson.js';
import { encodedToBuffer } from './encode-rows.js';
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
});
