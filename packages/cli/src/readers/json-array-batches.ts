import type { Row } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import { MAX_REJECTED_TEXT } from './read-item.js';
import type { ReadItem, ReaderOptions } from './read-item.js';

/** Largest JSON array element read; a longer one is rejected (a request holds at most 4 MiB). */
export const MAX_JSON_ELEMENT_BYTES = 8 * 1024 * 1024;

const ROWS_PER_BATCH = 2000;

/**
 * Streams the elements of one top-level JSON array without holding the array: a byte scanner
 * tracks depth and strings and cuts the text of each element, which alone is `JSON.parse`d.
 * Memory is bounded by {@link MAX_JSON_ELEMENT_BYTES} per element. An element's position is its
 * 1-based index; an element that is not an object, does not parse, or is too long is rejected.
 */
export async function* jsonArrayBatches(
  chunks: AsyncIterable<Buffer>,
  options: ReaderOptions,
): AsyncGenerator<ReadItem> {
  let started = false;
  let ended = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let index = 0;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let rows: Row[] = [];
  let bytes = 0;
  let first = 0;
  let last = 0;
  const out: ReadItem[] = [];

  const flush = (): void => {
    if (rows.length === 0) return;
    out.push({ kind: 'rows', rows, firstPosition: first, lastPosition: last });
    rows = [];
    bytes = 0;
  };
  const element = (): void => {
    const text = Buffer.concat(parts).toString('utf8').trim();
    parts = [];
    partBytes = 0;
    if (text === '' && !tooLong) return;
    index++;
    const wasTooLong = tooLong;
    tooLong = false;
    if (index <= options.resumeAfter) return;
    let value: unknown;
    let reason: string | undefined;
    if (wasTooLong) reason = `element is longer than ${MAX_JSON_ELEMENT_BYTES} bytes`;
    else {
      try {
        value = JSON.parse(text);
        if (typeof value !== 'object' || value === null || Array.isArray(value))
          reason = 'element is not a JSON object';
      } catch {
        reason = 'element is not valid JSON';
      }
    }
    if (reason !== undefined) {
      flush();
      out.push({
        kind: 'rejected',
        position: index,
        text: text.slice(0, MAX_REJECTED_TEXT),
        reason,
      });
      return;
    }
    if (rows.length === 0) first = index;
    rows.push(value as Row);
    last = index;
    bytes += text.length;
    if (rows.length >= ROWS_PER_BATCH || bytes >= options.maxBatchBytes / 2) flush();
  };
  const keep = (chunk: Buffer, from: number, to: number): void => {
    if (to <= from || tooLong) return;
    partBytes += to - from;
    if (partBytes > MAX_JSON_ELEMENT_BYTES) {
      tooLong = true;
      parts = [Buffer.from('…')];
    } else parts.push(chunk.subarray(from, to));
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === 0x5c) escaped = true;
        else if (b === 0x22) inString = false;
        continue;
      }
      if (!started) {
        if (b === 0x5b) {
          started = true;
          start = i + 1;
        } else if (
          b !== 0x20 &&
          b !== 0x0a &&
          b !== 0x0d &&
          b !== 0x09 &&
          b !== 0xef &&
          b !== 0xbb &&
          b !== 0xbf
        ) {
          throw new CliError('BAD_INPUT', 'JSON input must be one array of objects ([{...}, ...])');
        }
        continue;
      }
      if (ended) continue;
      if (b === 0x22) inString = true;
      else if (b === 0x7b || b === 0x5b) depth++;
      else if ((b === 0x7d || b === 0x5d) && depth > 0) depth--;
      else if (depth === 0 && (b === 0x2c || b === 0x5d)) {
        keep(chunk, start, i);
        element();
        start = i + 1;
        if (b === 0x5d) ended = true;
      }
    }
    if (started && !ended) keep(chunk, start, chunk.length);
    while (out.length > 0) yield out.shift()!;
  }
  if (started && !ended) throw new CliError('BAD_INPUT', 'JSON input ends before its closing ]');
  flush();
  while (out.length > 0) yield out.shift()!;
}
