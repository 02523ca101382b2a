import { channelError } from './channel-error.js';
import { rowTooLarge } from './encode-rows.js';
import type { EncodedRows, UncheckedRows } from './encode-rows.js';
import { blockRows } from './ndjson-block.js';
import { CLOSE_BRACE, countMismatch, invalid, OPEN_BRACE } from './ndjson-lines.js';
import { unreadBlock } from './ndjson-unread.js';
import { asBuffer, NEWLINE } from './row-ends.js';

/**
 * Rows that are already JSON: one NDJSON text (a `string` or bytes, one row per line, the last
 * newline optional), or one row's JSON per array item (a Kafka message value, a log line).
 */
export type EncodedRowsInput = string | Uint8Array | readonly (string | Uint8Array)[];

/** One row per item. */
function itemRows(items: readonly (string | Uint8Array)[], maxRowBytes: number): EncodedRows {
  const n = items.length;
  const sizes = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const item = items[i];
    // The same checks for text and bytes: `{` and `}` are ASCII, so chars and bytes agree.
    let hasNewline: boolean;
    let head: number | undefined;
    let tail: number | undefined;
    let size: number;
    if (typeof item === 'string') {
      hasNewline = item.includes('\n');
      head = item.charCodeAt(0);
      tail = item.charCodeAt(item.length - 1);
      size = Buffer.byteLength(item, 'utf8');
    } else if (item instanceof Uint8Array) {
      hasNewline = asBuffer(item).indexOf(NEWLINE) >= 0;
      head = item[0];
      tail = item[item.length - 1];
      size = item.length;
    } else {
      throw channelError(
        'INVALID_ENCODED_ROW',
        `encoded row ${i} must be a string or a Uint8Array, got ${item === null ? 'null' : typeof item}`,
        { rowIndex: i },
      );
    }
    if (hasNewline) throw invalid(i, 'contains a newline');
    if (size === 0) throw invalid(i, 'is empty');
    if (head !== OPEN_BRACE || tail !== CLOSE_BRACE) {
      throw invalid(i, "does not start with '{' and end with '}'");
    }
    if (size + 1 > maxRowBytes) throw rowTooLarge(i, size + 1, maxRowBytes);
    sizes[i] = size + 1;
    total += size + 1;
  }
  return {
    rows: n,
    bytes: total,
    rowBytes: (i) => sizes[i] as number,
    writeInto(target, offset, limit, fromRow) {
      let pos = offset;
      let i = fromRow;
      while (i < n && pos + (sizes[i] as number) <= limit) {
        const item = items[i] as string | Uint8Array;
        if (typeof item === 'string') pos += target.write(item, pos, 'utf8');
        else pos += asBuffer(item).copy(target, pos);
        target[pos++] = NEWLINE;
        i++;
      }
      return { rows: i - fromRow, bytes: pos - offset };
    },
  };
}

/** Options of `appendEncodedRows`. */
export interface AppendEncodedOptions {
  /**
   * `false` lets the client keep and send the caller's bytes as they are instead of copying them
   * into its own request buffers: the caller must then not modify them until they are committed
   * (`waitForCommit`), or the service may receive the changed bytes (a replay after a recovery
   * re-sends them too). Applies to NDJSON given as one `Uint8Array` or `string` that ends in a
   * newline (for a string it is always safe: the client encodes it into bytes of its own). The
   * client uses the bytes in place only when they fill at least half a batch (`maxBatchBytes`):
   * such an append is sent as batches of its own rather than sharing one with the rows before
   * or after it. Smaller ones are copied into a batch with other rows as usual.
   * @default true
   */
  copy?: boolean;
  /**
   * How many rows the input holds, when you know it (for instance the records you encoded). The
   * client holds you to it: a different number of lines fails with `ROW_COUNT_MISMATCH`.
   *
   * With `copy: false` it also spares the client a pass over your bytes. An NDJSON `Uint8Array` or
   * `string` that ends in a newline and fills half a batch to one batch (`maxBatchBytes`) is then
   * not read when you append it: its lines are counted and checked right before they are sent, as
   * one batch of their own, when the socket write is about to read the same bytes (about 10 % more
   * rows per second end to end in the benchmark). A malformed row, an oversized one or a wrong
   * count is then found at that point: **nothing of that batch is sent and the channel fails**
   * (`INVALID_ENCODED_ROW`, `ROW_TOO_LARGE` or `ROW_COUNT_MISMATCH`, the details naming its offset
   * tokens; reopen the channel and resume from its committed offset token), instead of the append
   * call rejecting. Any other append is checked when you make it, as without `rowCount`.
   */
  rowCount?: number;
}

/**
 * Takes rows that are already JSON without parsing them: each must be one line that starts with
 * `{` and ends with `}` (a cheap check that catches a wrong framing, a blank line or a stray
 * newline, naming the row's index). Whether each line is valid JSON is left to the service, which
 * counts rows it cannot parse in the channel's `rowsErrorCount`. Rows are copied when the
 * pending buffer takes them, so the caller may reuse its buffers once the append resolves, unless
 * `options.copy` is `false` (see {@link AppendEncodedOptions}).
 */
export function encodeNdjson(
  input: EncodedRowsInput,
  maxRowBytes: number,
  options?: AppendEncodedOptions,
): EncodedRows;
/**
 * As above, except that with `copy: false` and `rowCount` an NDJSON text of half a batch to one
 * batch (`maxBatchBytes`) is taken unread: its lines are checked when it is about to be sent
 * (see {@link UncheckedRows}).
 */
export function encodeNdjson(
  input: EncodedRowsInput,
  maxRowBytes: number,
  options: AppendEncodedOptions | undefined,
  maxBatchBytes: number,
): EncodedRows | UncheckedRows;
export function encodeNdjson(
  input: EncodedRowsInput,
  maxRowBytes: number,
  options?: AppendEncodedOptions,
  maxBatchBytes = Number.POSITIVE_INFINITY,
): EncodedRows | UncheckedRows {
  const copy = options?.copy ?? true;
  if (typeof copy !== 'boolean') {
    throw new TypeError(`options.copy must be a boolean, got ${typeof copy}`);
  }
  const rowCount = options?.rowCount;
  if (rowCount !== undefined && !(Number.isSafeInteger(rowCount) && rowCount >= 0)) {
    const got = typeof rowCount === 'number' ? String(rowCount) : typeof rowCount;
    throw new TypeError(`options.rowCount must be a non-negative integer, got ${got}`);
  }
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const data = typeof input === 'string' ? Buffer.from(input, 'utf8') : asBuffer(input);
    const unread =
      !copy && rowCount !== undefined
        ? unreadBlock(data, maxRowBytes, rowCount, maxBatchBytes)
        : undefined;
    return unread ?? blockRows(data, maxRowBytes, !copy, rowCount);
  }
  if (Array.isArray(input)) {
    const encoded = itemRows(input as readonly (string | Uint8Array)[], maxRowBytes);
    if (rowCount !== undefined && encoded.rows !== rowCount) {
      throw countMismatch(encoded.rows, rowCount);
    }
    return encoded;
  }
  throw new TypeError(
    'encoded rows must be an NDJSON string, a Uint8Array, or an array of strings or Uint8Arrays',
  );
}
