import { describe, expect, it } from 'vitest';
import { parseColumnType } from './column-type.js';
import { convertColumn } from './convert-column.js';
import type { BinaryFormat } from './convert-column.js';
import { parseExactJson } from './exact-json.js';

/** Converts the JSON text `json` into a column of type `type`. */
function convert(type: string, json: string, binary: BinaryFormat = 'HEX'): unknown {
  const value = parseExactJson(json);
  if (value === undefined || value === null) throw new Error(`bad test input ${json}`);
  const out = convertColumn(parseColumnType(type), value, binary);
  return out.ok ? out.value : { rejected: out.reason };
}

const rejected = (reason: string | RegExp): unknown => ({
  rejected: typeof reason === 'string' ? reason : expect.stringMatching(reason),
});

describe('convertColumn: each Snowflake column type', () => {
  it.each<[string, string, unknown]>([
    ['NUMBER(38,0)', '12345678901234567890123', '12345678901234567890123'],
    ['NUMBER(38,0)', '"-42"', '-42'],
    ['NUMBER(10,2)', '1.5', '1.50'],
    ['NUMBER(10,2)', '1.005', '1.01'],
    ['NUMBER(10,2)', '-1.005', '-1.01'],
    ['NUMBER(10,2)', '1e2', '100.00'],
    ['NUMBER(5,0)', '99999', '99999'],
    ['NUMBER(5,0)', '100000', rejected('numeric value out of range')],
    ['NUMBER(5,2)', '1000', rejected('numeric value out of range')],
    ['INT', '1e40', rejected('numeric value out of range')],
    ['NUMBER', '"abc"', rejected('numeric value is not recognized')],
    ['NUMBER', 'true', rejected(/a boolean cannot be converted/)],
    ['FLOAT', '1.25', 1.25],
    ['FLOAT', '"NaN"', Number.NaN],
    ['FLOAT', '"inf"', Number.POSITIVE_INFINITY],
    ['FLOAT', '"-INF"', Number.NEGATIVE_INFINITY],
    ['FLOAT', '1e400', rejected('numeric value out of range')],
    ['FLOAT', '"1.5x"', rejected('numeric value is not recognized')],
    ['VARCHAR(5)', '"héllo"', 'héllo'],
    ['VARCHAR(5)', '"héllo!"', rejected("string is longer than the column's 5 characters")],
    ['VARCHAR', '12.50', '12.50'],
    ['VARCHAR', 'false', 'false'],
    ['VARCHAR', '{"a":1}', rejected(/an object cannot be converted/)],
    ['BINARY', '"6869"', Buffer.from('hi')],
    ['BINARY', '"6A6B"', Buffer.from('jk')],
    ['BINARY', '"xyz"', rejected('the string is not valid HEX')],
    ['BINARY(1)', '"6869"', rejected("binary value is longer than the column's 1 bytes")],
    ['BOOLEAN', 'true', true],
    ['BOOLEAN', '"off"', false],
    ['BOOLEAN', '"YES"', true],
    ['BOOLEAN', '0', false],
    ['BOOLEAN', '2.5', true],
    ['BOOLEAN', '"maybe"', rejected('boolean value is not recognized')],
    ['DATE', '"2026-02-28"', '2026-02-28'],
    ['DATE', '"2026-02-28T23:59:59+05:00"', '2026-02-28'],
    ['DATE', '"2026-02-30"', rejected('date is not recognized')],
    ['DATE', '86400', '1970-01-02'],
    ['TIME', '"20:57:01.123456789"', '20:57:01.123456789'],
    ['TIME', '"20:57"', '20:57:00.000000000'],
    ['TIME', '"20:57:01+07:00"', '20:57:01.000000000'],
    ['TIME', '"25:00"', rejected('time is not recognized')],
    ['TIMESTAMP_NTZ', '"2026-01-02T03:04:05.006+00:00"', '2026-01-02 03:04:05.006000000'],
    ['TIMESTAMP_NTZ', '"2026-01-02 03:04:05+09:00"', '2026-01-02 03:04:05.000000000'],
    ['TIMESTAMP_NTZ', '1700000000123', '2023-11-14 22:13:20.123000000'],
    ['TIMESTAMP_NTZ', '"1700000000"', '2023-11-14 22:13:20.000000000'],
    ['TIMESTAMP_LTZ', '"2026-01-02T03:04:05+05:30"', '2026-01-01 21:34:05.000000000 +00:00'],
    ['TIMESTAMP_LTZ', '"2026-01-02 03:04:05"', '2026-01-02 03:04:05.000000000 +00:00'],
    ['TIMESTAMP_TZ', '"2026-01-02T03:04:05.1-08:00"', '2026-01-02 03:04:05.100000000 -08:00'],
    ['TIMESTAMP_TZ', '"2026-01-02T03:04:05Z"', '2026-01-02 03:04:05.000000000 +00:00'],
    ['TIMESTAMP_TZ', '"yesterday"', rejected('timestamp is not recognized')],
    ['TIMESTAMP_TZ', '"2026-13-01"', rejected('timestamp is not recognized')],
    [
      'VARIANT',
      '{"a":[1,12345678901234567890,"x",1.5]}',
      { a: [1, 12345678901234567890n, 'x', 1.5] },
    ],
    ['VARIANT', '"text"', 'text'],
    ['OBJECT', '{"k":true}', { k: true }],
    ['OBJECT', '[1]', rejected(/an array cannot be converted/)],
    ['ARRAY', '[1,"a"]', [1, 'a']],
    ['ARRAY', '"[1]"', rejected(/a string cannot be converted/)],
  ])('%s ← %s', (type, json, expected) => {
    expect(convert(type, json)).toEqual(expected);
  });

  it('reads BINARY text in the table binary format', () => {
    expect(convert('BINARY', '"aGk="', 'BASE64')).toEqual(Buffer.from('hi'));
    expect(convert('BINARY', '"hi"', 'UTF-8')).toEqual(Buffer.from('hi'));
    expect(convert('BINARY', '"a*"', 'BASE64')).toEqual(rejected('the string is not valid BASE64'));
  });

  it('refuses types it does not know, naming them', () => {
    expect(() => parseColumnType('GEOGRAPHY')).toThrow(/GEOGRAPHY/);
    expect(() => parseColumnType('NUMBER(39,0)')).toThrow(/precision/);
  });
});
