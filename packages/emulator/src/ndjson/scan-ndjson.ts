import type { ValidationMode } from '../options.js';
import { validateObjectLine } from './json-validator.js';
import type { FieldSpan } from './json-validator.js';

/** What one append body contained. */
export interface ScanResult {
  /** Non-blank lines (valid + invalid). */
  rows: number;
  /** Lines that are not a JSON object. */
  errors: number;
  /** 1-based line number of the first bad line, for `last_error_message`. */
  firstErrorLine: number | undefined;
  /** Row keys of valid rows when a key field is configured (rows without the field are skipped); integers as numbers. */
  keys: Array<string | number> | undefined;
  /** Parsed valid rows when retention is on. */
  retained: unknown[] | undefined;
  /** Why the first bad row was rejected, when a table schema says more than "not JSON". */
  errorMessage?: string;
}

/** Scanning options. */
export interface ScanOptions {
  mode: ValidationMode;
  keyField: string | undefined;
  retain: boolean;
}

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

const isWs = (b: number | undefined): boolean => b === SPACE || b === TAB || b === CR || b === NL;

function keyOf(value: unknown): string | number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** True when `pattern` occurs in `buf` at `at`. */
function bytesAt(buf: Buffer, at: number, pattern: Buffer): boolean {
  if (at + pattern.length > buf.length) return false;
  for (let i = 0; i < pattern.length; i++) if (buf[at + i] !== pattern[i]) return false;
  return true;
}

function isRowObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the value after `"field"` at `at` in a line ending at `end`, without parsing the row.
 * Returns undefined when `at` is not a key position (the pattern matched inside a value).
 */
function readKeyAt(buf: Buffer, at: number, end: number): string | number | undefined {
  let p = at;
  while (p < end && isWs(buf[p])) p++;
  if (buf[p] !== 0x3a) return undefined;
  p++;
  while (p < end && isWs(buf[p])) p++;
  if (buf[p] === QUOTE) {
    let q = p + 1;
    let escaped = false;
    while (q < end && buf[q] !== QUOTE) {
      if (buf[q] === BACKSLASH) {
        escaped = true;
        q++;
      }
      q++;
    }
    if (q >= end) return undefined;
    if (!escaped) return buf.toString('utf8', p + 1, q);
    try {
      return JSON.parse(buf.toString('utf8', p, q + 1)) as string;
    } catch {
      return undefined;
    }
  }
  // Integers are read straight into a number (no string); anything else keeps its text.
  const negative = buf[p] === 0x2d;
  if (negative) p++;
  let q = p;
  let n = 0;
  let digitsOnly = true;
  while (q < end) {
    const b = buf[q]!;
    if (b === 0x2c || b === 0x7d || b === 0x5d || isWs(b)) break;
    if (b >= 0x30 && b <= 0x39) n = n * 10 + (b - 0x30);
    else digitsOnly = false;
    q++;
  }
  if (q === p) return undefined;
  if (digitsOnly && q - p <= 15 && (buf[p] !== 0x30 || q - p === 1)) return negative ? -n : n;
  return buf.toString('latin1', negative ? p - 1 : p, q);
}

/** The key of a validated row from the raw span of its value (integers as numbers). */
function keyFromSpan(buf: Buffer, start: number, end: number): string | number | undefined {
  if (start < 0) return undefined;
  if (buf[start] === QUOTE) {
    for (let i = start + 1; i < end - 1; i++) {
      if (buf[i] === BACKSLASH) return JSON.parse(buf.toString('utf8', start, end)) as string;
    }
    return buf.toString('utf8', start + 1, end - 1);
  }
  let p = start;
  const negative = buf[p] === 0x2d;
  if (negative) p++;
  const digits = end - p;
  if (digits >= 1 && digits <= 15 && (buf[p] !== 0x30 || digits === 1)) {
    let n = 0;
    for (; p < end; p++) {
      const c = buf[p]!;
      if (c < 0x30 || c > 0x39) break;
      n = n * 10 + (c - 0x30);
    }
    if (p === end) return negative ? -n : n;
  }
  return keyOf(JSON.parse(buf.toString('utf8', start, end)));
}

/**
 * Counts and checks NDJSON rows. `full` validates every line exactly (as `JSON.parse` would,
 * without building objects); `fast` only checks that each line starts with `{` and ends with `}`
 * and extracts keys by searching bytes. Rows are parsed only when retention needs them.
 */
export function scanNdjson(buf: Buffer, options: ScanOptions): ScanResult {
  const keys = options.keyField !== undefined ? ([] as Array<string | number>) : undefined;
  const retained = options.retain ? ([] as unknown[]) : undefined;
  let rows = 0;
  let errors = 0;
  let firstErrorLine: number | undefined;
  const fail = (line: number): void => {
    errors++;
    firstErrorLine ??= line;
  };
  const fullParse = options.retain;
  const validate = options.mode === 'full' && !options.retain;
  const keyBytes = options.keyField !== undefined ? Buffer.from(options.keyField) : undefined;
  const span: FieldSpan = { start: -1, end: -1 };
  const pattern =
    options.keyField !== undefined && !fullParse && !validate
      ? Buffer.from(JSON.stringify(options.keyField))
      : undefined;
  let nextHit = -2;
  let start = 0;
  let line = 0;
  const len = buf.length;
  while (start < len) {
    let nl = buf.indexOf(NL, start);
    if (nl === -1) nl = len;
    line++;
    let s = start;
    let e = nl;
    start = nl + 1;
    while (s < e && isWs(buf[s])) s++;
    while (e > s && isWs(buf[e - 1])) e--;
    if (s === e) continue;
    rows++;
    if (validate) {
      if (!validateObjectLine(buf, s, e, keyBytes, keyBytes ? span : undefined)) {
        fail(line);
        continue;
      }
      if (keys) {
        const k = keyFromSpan(buf, span.start, span.end);
        if (k !== undefined) keys.push(k);
      }
      continue;
    }
    if (fullParse) {
      let value: unknown;
      try {
        value = JSON.parse(buf.toString('utf8', s, e));
      } catch {
        fail(line);
        continue;
      }
      if (!isRowObject(value)) {
        fail(line);
        continue;
      }
      if (keys) {
        const k = keyOf(value[options.keyField!]);
        if (k !== undefined) keys.push(k);
      }
      retained?.push(value);
      continue;
    }
    if (buf[s] !== 0x7b || buf[e - 1] !== 0x7d) {
      fail(line);
      continue;
    }
    if (pattern && keys) {
      // Fast path: the key is the first field (`{"id":…`), as most writers emit it.
      if (bytesAt(buf, s + 1, pattern)) {
        const k = readKeyAt(buf, s + 1 + pattern.length, e);
        if (k !== undefined) {
          keys.push(k);
          continue;
        }
      }
      if (nextHit === -1) continue;
      if (nextHit < s) nextHit = buf.indexOf(pattern, s);
      while (nextHit !== -1 && nextHit < e) {
        const k = readKeyAt(buf, nextHit + pattern.length, e);
        if (k !== undefined) {
          keys.push(k);
          break;
        }
        nextHit = buf.indexOf(pattern, nextHit + 1);
      }
    }
  }
  return { rows, errors, firstErrorLine, keys, retained };
}
