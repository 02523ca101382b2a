import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateObjectLine } from './json-validator.js';
import type { FieldSpan } from './json-validator.js';

/** The reference verdict: what the service would accept (JSON.parse of the UTF-8 text is an object). */
function reference(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

const check = (text: string): boolean => {
  const b = Buffer.from(text);
  return validateObjectLine(b, 0, b.length);
};

describe('validateObjectLine', () => {
  it.each([
    ['{}', true],
    [' { "a" : [1, -2.5e+3, true, false, null, {"b": "\\u00e9\\n"}] } ', true],
    ['{"a":1,}', false],
    ['{"a":01}', false],
    ['{"a":1.}', false],
    ['{"a":-}', false],
    ['{"a":"\\x"}', false],
    ['{"a":"tab\there"}', false],
    ['{"a":tru}', false],
    ['{"a":1} x', false],
    ['{"a":1}{"b":2}', false],
    ['[1]', false],
    ['"s"', false],
    ['{a:1}', false],
    ['{"a":"\\ud800"}', true],
    ['{"é":"ü"}', true],
  ])('%s -> %s (same as JSON.parse)', (text, ok) => {
    expect(check(text)).toBe(ok);
    expect(reference(text)).toBe(ok);
  });

  it('agrees with JSON.parse on generated JSON and on mutations of it (property)', () => {
    const mutated = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', ',', '"', '}', ']', '\\', ' ', '0', '-', '.', 'e', '\u0001'),
        fc.boolean(),
      )
      .map(([json, at, ch, del]) => {
        const i = at % (json.length + 1);
        return json.slice(0, i) + ch + json.slice(del ? i + 1 : i);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (text) => {
        expect(check(text)).toBe(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('reports the span of a top-level field (last occurrence), not of nested ones', () => {
    const b = Buffer.from('{"x":{"id":1},"id":"first","id":  [1, 2] }');
    const span: FieldSpan = { start: 0, end: 0 };
    expect(validateObjectLine(b, 0, b.length, Buffer.from('id'), span)).toBe(true);
    expect(b.toString('utf8', span.start, span.end)).toBe('[1, 2]');
    const none = Buffer.from('{"x":{"id":1}}');
    expect(validateObjectLine(none, 0, none.length, Buffer.from('id'), span)).toBe(true);
    expect(span).toEqual({ start: -1, end: -1 });
  });

  it('rejects nesting deeper than 512 instead of overflowing the stack', () => {
    const deep = `{"a":${'['.repeat(600)}${']'.repeat(600)}}`;
    expect(check(deep)).toBe(false);
  });
});
