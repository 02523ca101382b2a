import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanNdjson } from './scan-ndjson.js';
import type { ScanOptions } from './scan-ndjson.js';

const scan = (text: string, options: Partial<ScanOptions> = {}) =>
  scanNdjson(Buffer.from(text), { mode: 'full', keyField: undefined, retain: false, ...options });

describe('scanNdjson', () => {
  it.each([
    ['', 0, 0],
    ['{"a":1}', 1, 0],
    ['{"a":1}\n', 1, 0],
    ['{"a":1}\r\n{"a":2}\r\n', 2, 0],
    ['\n\n  \n{"a":1}\n\n', 1, 0],
    ['{"a":1}\nnope\n[1]\n"s"\nnull\n{"b":2}\n', 6, 4],
  ])('full mode: %j has %i rows, %i errors', (text, rows, errors) => {
    const r = scan(text);
    expect([r.rows, r.errors]).toEqual([rows, errors]);
  });

  it('reports the first bad line (1-based, blank lines counted)', () => {
    expect(scan('{"a":1}\n\nbad\nbad\n').firstErrorLine).toBe(3);
  });

  it('fast mode checks only line ends', () => {
    const r = scan('{"a":1}\n{"a":}\n[1]\n {"b":2} \n', { mode: 'fast' });
    expect([r.rows, r.errors]).toEqual([4, 1]);
  });

  it('extracts keys in both modes: strings, numbers, escapes, spaces; skips rows without the field', () => {
    const text =
      '{"id":1}\n{"x":"id","id":"a\\"b"}\n{ "id" : 3 , "v":1}\n{"other":1}\n{"id":"plain"}\n{"id":4.5}\n{"id":-7}\n{"id":"-7"}\n';
    for (const mode of ['full', 'fast'] as const) {
      expect(scan(text, { mode, keyField: 'id' }).keys).toEqual([
        1,
        'a"b',
        3,
        'plain',
        '4.5',
        -7,
        '-7',
      ]);
    }
  });

  it('retains parsed valid rows when asked, in either mode', () => {
    for (const mode of ['full', 'fast'] as const) {
      expect(scan('{"a":1}\nbad\n{"a":2}\n', { mode, retain: true }).retained).toEqual([
        { a: 1 },
        { a: 2 },
      ]);
    }
  });

  it('fast and full agree on valid rows (property)', () => {
    const row = fc.record({
      id: fc.oneof(fc.integer(), fc.string()),
      name: fc.string(),
      n: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.boolean(), (rows, crlf) => {
        const text = rows.map((r) => JSON.stringify(r)).join(crlf ? '\r\n' : '\n');
        const full = scan(text, { keyField: 'id' });
        const fast = scan(text, { mode: 'fast', keyField: 'id' });
        expect(fast.rows).toBe(rows.length);
        expect(fast.errors).toBe(0);
        expect(full.rows).toBe(rows.length);
        expect(fast.keys).toEqual(full.keys);
      }),
    );
  });

  it('byte validation and JSON.parse agree on rows, errors and keys (property)', () => {
    const id = fc.oneof(
      fc.integer(),
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.integer(), { maxLength: 2 }),
    );
    const line = fc.oneof(
      fc.record({ id, v: fc.string() }).map((r) => JSON.stringify(r)),
      fc.record({ v: fc.string() }).map((r) => JSON.stringify(r)),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const text = lines.join('\n');
        const validated = scan(text, { keyField: 'id' });
        const parsed = scan(text, { keyField: 'id', retain: true });
        expect([validated.rows, validated.errors, validated.firstErrorLine]).toEqual([
          parsed.rows,
          parsed.errors,
          parsed.firstErrorLine,
        ]);
        expect(validated.keys).toEqual(parsed.keys);
      }),
      { numRuns: 500 },
    );
  });
});
