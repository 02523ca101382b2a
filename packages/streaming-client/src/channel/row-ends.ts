/** The `\n` byte that ends every NDJSON row. */
export const NEWLINE = 10;

/** `data` as a `Buffer` (for its native `indexOf` and `copy`), without copying the bytes. */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Where the row starting at `pos` ends: just past its `\n`, or at the end of `buf`. */
export function nextRowEnd(buf: Buffer, pos: number): number {
  const nl = buf.indexOf(NEWLINE, pos);
  return nl < 0 ? buf.length : nl + 1;
}

/**
 * The end offset (exclusive, just past its `\n`) of every row in an NDJSON buffer. JSON text never
 * holds a raw newline (JSON.stringify escapes it) and no UTF-8 multi-byte sequence contains byte
 * 0x0a, so the newlines are exactly the row boundaries. Computed only when rows must be split
 * apart; `indexOf` is a native memchr, far cheaper than keeping per-row lengths around.
 */
export function rowEnds(data: Uint8Array, rows: number): Uint32Array {
  const buf = asBuffer(data);
  const ends = new Uint32Array(rows);
  let pos = 0;
  for (let i = 0; i < rows; i++) {
    // A buffer built by encodeRows always ends in a newline; be safe if it does not.
    pos = nextRowEnd(buf, pos);
    ends[i] = pos;
  }
  return ends;
}

/**
 * The end offset of the first `count` rows of an NDJSON buffer (0 when `count` is 0), scanning
 * only as far as needed.
 */
export function endOfRows(data: Uint8Array, count: number): number {
  const buf = asBuffer(data);
  let pos = 0;
  for (let i = 0; i < count && pos < buf.length; i++) pos = nextRowEnd(buf, pos);
  return pos;
}
