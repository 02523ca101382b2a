import { describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import { encodeRowJson } from './encode-row-json.js';
import { formatUtcIso } from './format-utc-iso.js';

function refusal(fn: () => unknown): { code: string; message: string; details: unknown } {
  try {
    fn();
  } catch (error) {
    if (isStreamingIngestError(error)) {
      return { code: error.code, message: error.message, details: error.details };
    }
    throw error;
  }
  throw new Error('expected a refusal');
}

class Money {
  constructor(readonly cents: number) {}
  toJSON(): string {
    return (this.cents / 100).toFixed(2);
  }
}
class Plain {
  a = 1;
}

describe('encodeRowJson: what each JavaScript value becomes', () => {
  it.each<[string, unknown, string]>([
    ['a string', 'é "x"\n', '"é \\"x\\"\\n"'],
    ['a finite number', 1.5, '1.5'],
    ['negative zero, with its sign', -0, '-0'],
    ['negative zero inside an array', [-0, 0], '[-0,0]'],
    ['a boolean', true, 'true'],
    ['null', null, 'null'],
    ['undefined (sent as null)', undefined, 'null'],
    ['a BigInt beyond 2^53, exactly', 12345678901234567890123n, '12345678901234567890123'],
    ['a negative BigInt', -9007199254740993n, '-9007199254740993'],
    ['NaN', Number.NaN, '"NaN"'],
    ['Infinity', Number.POSITIVE_INFINITY, '"inf"'],
    ['-Infinity', Number.NEGATIVE_INFINITY, '"-inf"'],
    ['a Buffer (hex)', Buffer.from('hi'), '"6869"'],
    ['a Uint8Array (hex)', new Uint8Array([1, 2, 255]), '"0102ff"'],
    [
      'a Uint8Array view into a larger buffer',
      new Uint8Array([9, 1, 2, 9]).subarray(1, 3),
      '"0102"',
    ],
    ['an Int16Array (its bytes)', new Int16Array([1]), '"0100"'],
    ['a DataView (its bytes)', new DataView(new Uint8Array([7, 8]).buffer), '"0708"'],
    [
      'a Date, with an explicit offset',
      new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
      '"2026-01-02T03:04:05.006+00:00"',
    ],
    ['an array with the same rules inside', [1n, undefined, Number.NaN, 'x'], '[1,null,"NaN","x"]'],
    [
      'a nested object with the same rules inside',
      { b: Buffer.from([0xab]), n: { big: 2n } },
      '{"b":"ab","n":{"big":2}}',
    ],
    ['a value with toJSON()', new Money(1234), '"12.34"'],
    [
      'an object without prototype',
      Object.assign(Object.create(null) as object, { k: 1 }),
      '{"k":1}',
    ],
  ])('%s', (_label, value, json) => {
    const text = encodeRowJson({ v: value }, 0, 'HEX');
    expect(text).toBe(`{"v":${json}}`);
  });

  it('writes binary in the chosen binaryInputFormat', () => {
    const row = { b: Buffer.from('héllo') };
    expect(encodeRowJson(row, 0, 'HEX')).toBe('{"b":"68c3a96c6c6f"}');
    expect(encodeRowJson(row, 0, 'BASE64')).toBe('{"b":"aMOpbGxv"}');
    expect(encodeRowJson(row, 0, 'UTF-8')).toBe('{"b":"héllo"}');
  });

  it("refuses bytes that are not UTF-8 under 'UTF-8' instead of replacing them", () => {
    const failure = refusal(() => encodeRowJson({ b: Buffer.from([0xff]) }, 3, 'UTF-8'));
    expect(failure).toMatchObject({
      code: 'ROW_NOT_SERIALIZABLE',
      details: { rowIndex: 3, columnPath: 'b' },
    });
  });

  it('leaves plain rows exactly as JSON.stringify writes them', () => {
    const row = { id: 1, s: 'x', ok: false, n: null, tags: ['a'], o: { p: [1, { q: 2 }] } };
    expect(encodeRowJson(row, 0, 'HEX')).toBe(JSON.stringify(row));
  });

  it('puts top-level BigInt columns after the others (key order carries no meaning)', () => {
    const text = encodeRowJson({ id: 2n ** 64n, name: 'a' }, 0, 'HEX');
    expect(text).toBe('{"name":"a","id":18446744073709551616}');
  });

  it('keeps a BigInt exact even when a string in the row looks like a placeholder', () => {
    const text = encodeRowJson({ a: '\u0000bigint0', n: { deep: 2n ** 70n } }, 0, 'HEX');
    expect(text).toBe('{"a":"\\u0000bigint0","n":{"deep":1180591620717411303424}}');
  });
});

describe('encodeRowJson: refusals name the row and the column path', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.again = cyclic;
  it.each<[string, unknown, string, string]>([
    ['a function', { f: () => 1 }, 'f', 'a function'],
    ['a symbol', { s: Symbol('x') }, 's', 'a symbol'],
    ['a Map', { m: new Map([[1, 2]]) }, 'm', 'a Map'],
    ['a Set', { s: new Set([1]) }, 's', 'a Set'],
    ['a class instance without toJSON', { c: new Plain() }, 'c', 'an instance of Plain'],
    ['an ArrayBuffer (not a view)', { a: new ArrayBuffer(2) }, 'a', 'an ArrayBuffer'],
    ['a boxed number', { n: Object(1) as unknown }, 'n', 'an instance of Number'],
    ['a RegExp', { r: /x/ }, 'r', 'an instance of RegExp'],
    ['an invalid Date', { d: new Date(Number.NaN) }, 'd', 'an instance of Date'],
    ['a Map deep inside', { p: { items: [1, { m: new Map() }] } }, 'p.items[1].m', 'a Map'],
    ['a function under an odd key', { p: { 'odd key': () => 1 } }, 'p["odd key"]', 'a function'],
    ['a cycle', { c: cyclic }, 'c.again', 'an object'],
    ['a function in a row with a BigInt', { id: 1n, f: () => 1 }, 'f', 'a function'],
  ])('%s', (_label, row, columnPath, valueType) => {
    const failure = refusal(() => encodeRowJson(row, 7, 'HEX'));
    expect(failure.code).toBe('ROW_NOT_SERIALIZABLE');
    expect(failure.details).toEqual({ rowIndex: 7, columnPath, valueType });
    expect(failure.message).toContain(`row 7, column ${columnPath}`);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [1]],
    ['a string', 'x'],
    ['a class instance', new Plain()],
    ['a Map', new Map()],
    ['an object whose toJSON returns a string', { toJSON: () => 'x' }],
  ])('refuses %s as a row', (_label, row) => {
    const failure = refusal(() => encodeRowJson(row, 4, 'HEX'));
    expect(failure).toMatchObject({ code: 'ROW_NOT_SERIALIZABLE', details: { rowIndex: 4 } });
    expect(failure.message).toContain('row 4');
  });

  it('takes a row whose toJSON returns a plain object', () => {
    const row = { toJSON: () => ({ id: 1n, at: new Date(0) }) };
    expect(encodeRowJson(row, 0, 'HEX')).toBe('{"at":"1970-01-01T00:00:00.000+00:00","id":1}');
  });

  it('turns a getter that throws into ROW_NOT_SERIALIZABLE with the cause', () => {
    const row = {
      get boom(): never {
        throw new Error('nope');
      },
    };
    const failure = refusal(() => encodeRowJson(row, 1, 'HEX'));
    expect(failure).toMatchObject({ code: 'ROW_NOT_SERIALIZABLE', details: { rowIndex: 1 } });
  });
});

describe('formatUtcIso', () => {
  it('matches toISOString (with +00:00) across years 0 to 9999 and falls back outside', () => {
    const samples = [
      -62_167_219_200_000, -1, 0, 951_782_400_000, 1_709_210_096_789, 253_402_300_799_999,
    ];
    for (let ms = -62_167_219_200_000; ms < 253_402_300_799_999; ms += 7_777_777_777_777)
      samples.push(ms);
    samples.push(253_402_300_800_000, -62_167_219_200_001);
    for (const ms of samples) {
      expect(formatUtcIso(ms)).toBe(new Date(ms).toISOString().replace(/Z$/, '+00:00'));
    }
  });
});
