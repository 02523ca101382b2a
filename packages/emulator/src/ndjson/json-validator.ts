/**
 * A byte-level JSON validator for one NDJSON line: accepts exactly what `JSON.parse` accepts
 * as an object (RFC 8259), without building it, so full validation runs at memory speed instead
 * of allocation speed. It can also report the raw span of one top-level field's value.
 */

const MAX_DEPTH = 512;

/** Raw value span of the requested top-level field, filled by {@link validateObjectLine}. */
export interface FieldSpan {
  start: number;
  end: number;
}

const isWs = (c: number | undefined): boolean =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined): boolean =>
  c !== undefined &&
  ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));

function ws(b: Uint8Array, p: number, end: number): number {
  while (p < end && isWs(b[p])) p++;
  return p;
}

/** Returns the index after the string starting at `p` (a `"`), or -1. */
function str(b: Uint8Array, p: number, end: number): number {
  p++;
  while (p < end) {
    const c = b[p]!;
    if (c === 0x22) return p + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      const e = b[p + 1];
      if (e === 0x75) {
        if (!(isHex(b[p + 2]) && isHex(b[p + 3]) && isHex(b[p + 4]) && isHex(b[p + 5]))) return -1;
        p += 6;
      } else if (
        e === 0x22 ||
        e === 0x5c ||
        e === 0x2f ||
        e === 0x62 ||
        e === 0x66 ||
        e === 0x6e ||
        e === 0x72 ||
        e === 0x74
      ) {
        p += 2;
      } else return -1;
    } else p++;
  }
  return -1;
}

function num(b: Uint8Array, p: number, end: number): number {
  if (b[p] === 0x2d) p++;
  if (b[p] === 0x30) p++;
  else if (isDigit(b[p])) while (p < end && isDigit(b[p])) p++;
  else return -1;
  if (b[p] === 0x2e) {
    p++;
    if (!isDigit(b[p])) return -1;
    while (p < end && isDigit(b[p])) p++;
  }
  if (b[p] === 0x65 || b[p] === 0x45) {
    p++;
    if (b[p] === 0x2b || b[p] === 0x2d) p++;
    if (!isDigit(b[p])) return -1;
    while (p < end && isDigit(b[p])) p++;
  }
  return p;
}

function literal(b: Uint8Array, p: number, end: number, word: readonly number[]): number {
  if (p + word.length > end) return -1;
  for (let i = 0; i < word.length; i++) if (b[p + i] !== word[i]) return -1;
  return p + word.length;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function keyEquals(
  b: Uint8Array,
  start: number,
  end: number,
  key: Uint8Array | undefined,
): boolean {
  if (!key || end - start !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (b[start + i] !== key[i]) return false;
  return true;
}

/** Returns the index after the value at `p`, or -1; records `field`'s span at depth 0. */
function value(
  b: Uint8Array,
  p: number,
  end: number,
  depth: number,
  key: Uint8Array | undefined,
  span: FieldSpan | undefined,
): number {
  const c = b[p];
  if (c === 0x7b || c === 0x5b) {
    if (depth >= MAX_DEPTH) return -1;
    const close = c === 0x7b ? 0x7d : 0x5d;
    p = ws(b, p + 1, end);
    if (b[p] === close) return p + 1;
    for (;;) {
      let matched = false;
      if (c === 0x7b) {
        if (b[p] !== 0x22) return -1;
        const k = str(b, p, end);
        if (k < 0) return -1;
        matched = depth === 0 && keyEquals(b, p + 1, k - 1, key);
        p = ws(b, k, end);
        if (b[p] !== 0x3a) return -1;
        p = ws(b, p + 1, end);
      }
      const v = value(b, p, end, depth + 1, key, span);
      if (v < 0) return -1;
      if (matched && span) {
        span.start = p;
        span.end = v;
      }
      p = ws(b, v, end);
      if (b[p] === 0x2c) p = ws(b, p + 1, end);
      else if (b[p] === close) return p + 1;
      else return -1;
    }
  }
  if (c === 0x22) return str(b, p, end);
  if (c === 0x74) return literal(b, p, end, TRUE);
  if (c === 0x66) return literal(b, p, end, FALSE);
  if (c === 0x6e) return literal(b, p, end, NULL);
  if (c === 0x2d || isDigit(c)) return num(b, p, end);
  return -1;
}

/**
 * True when bytes `[start, end)` hold exactly one JSON object (surrounding whitespace allowed).
 * When `key` (the field name's UTF-8 bytes, unescaped) is given, `span` receives the raw span of
 * that top-level field's value (start = end = -1 when absent; the last occurrence wins, as in JSON.parse).
 */
export function validateObjectLine(
  b: Uint8Array,
  start: number,
  end: number,
  key?: Uint8Array,
  span?: FieldSpan,
): boolean {
  if (span) span.start = span.end = -1;
  const p = ws(b, start, end);
  if (b[p] !== 0x7b) return false;
  const after = value(b, p, end, 0, key, span);
  return after >= 0 && ws(b, after, end) === end;
}
