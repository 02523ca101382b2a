import { makeBatch } from './batch.js';
import type { Batch, Piece } from './batch.js';
import type { BufferLease, BufferPool } from './buffer-pool.js';
import type { EncodedRows, UncheckedRows } from './encode-rows.js';
import { rowToken } from './split-tokens.js';
import type { CallSplit } from './split-tokens.js';

/**
 * The rows a channel has accepted but not yet put into a request, in append order. Rows are
 * written straight into request-body buffers leased from the client's pool: a batch is a region
 * of one buffer, so forming a request copies nothing, and a buffer goes back to the pool once
 * every row in it is committed.
 */
export interface PendingBuffer {
  /**
   * Takes an append call's rows, with the offset tokens of its first and last row: copies them
   * into the open batch, or, when they may be sent in place (`EncodedRows.viewRows`) and fill at
   * least half a batch, makes batches of them as they are. Rows taken unread
   * ({@link UncheckedRows}) always become one batch of their own, after the open batch. A call
   * that fits one batch is never split: when it does not fit the room left, the open batch is cut
   * before it. A larger call is cut where `split` gives each piece its last row's token.
   */
  push(
    rows: EncodedRows | UncheckedRows,
    startOffsetToken: string | undefined,
    endOffsetToken: string | undefined,
    appendedAtMs: number,
    split?: CallSplit,
  ): void;
  /** The next batch: a full one first, else what has been written since the last batch. */
  take(): Batch | undefined;
  /** True when a batch is full (its buffer ran out of room) and should be sent without waiting. */
  hasFullBatch(): boolean;
  /** Drops everything (channel failed or closed); returns the bytes dropped. */
  clear(): number;
  readonly bytes: number;
  readonly rows: number;
  /** When the oldest buffered row arrived, or undefined when empty. */
  oldestAppendAtMs(): number | undefined;
  /** The buffered rows as batches and pieces, oldest first (for accounting; nothing is taken). */
  held(): { batches: readonly Batch[]; open: readonly Piece[] };
  /** The first offset token among the buffered rows (for errors naming what was not sent). */
  firstOffsetToken(): string | undefined;
}

/** Options for {@link createPendingBuffer}. */
export interface PendingBufferOptions {
  /** Where body buffers come from (shared by the client's channels). */
  pool: BufferPool;
  /** The largest batch: no body buffer is bigger unless a single row needs it. */
  maxBatchBytes: number;
  /**
   * A channel's first buffer. A channel that fills a buffer with one batch gets full-size
   * (`maxBatchBytes`) buffers from then on; one whose batches the lag timer cuts short gets
   * buffers sized for twice its largest batch.
   * @default 65536
   */
  minBufferBytes?: number;
}

interface ReadyBatch {
  readonly batch: Batch;
  readonly sinceMs: number;
}

/** Creates an empty {@link PendingBuffer}. */
export function createPendingBuffer(options: PendingBufferOptions): PendingBuffer {
  const { pool, maxBatchBytes } = options;
  const smallest = Math.min(options.minBufferBytes ?? 65_536, maxBatchBytes);
  // Batches ready to send, oldest at `head`: taken by index, not `shift()`, which copies the whole
  // array once it is long (a producer far ahead of the network queues many batches).
  let ready: Array<ReadyBatch | undefined> = [];
  let head = 0;
  let lease: BufferLease | undefined;
  let start = 0; // first byte of the open region (rows written since the last batch)
  let pos = 0; // next free byte
  let largestRegion = 0; // biggest batch cut from the current buffer
  let pieces: Piece[] = [];
  let openRows = 0;
  let openSinceMs: number | undefined;
  let bytes = 0;
  let rows = 0;
  let wanted = smallest;

  // Sizes double from `smallest`; `maxBatchBytes` (which need not be a power of two) caps them.
  const capacityFor = (need: number): number => {
    const limit = Math.min(maxBatchBytes, Math.max(smallest, pool.fairCapacity()));
    let capacity = smallest;
    while (capacity < wanted && capacity * 2 <= limit) capacity *= 2;
    if (wanted >= maxBatchBytes && limit === maxBatchBytes) capacity = maxBatchBytes;
    return Math.max(capacity, need);
  };

  const seal = (): void => {
    if (openRows === 0 || !lease) return;
    const data = lease.buffer.subarray(start, pos);
    ready.push({ batch: makeBatch(data, pieces, lease), sinceMs: openSinceMs ?? 0 });
    largestRegion = Math.max(largestRegion, pos - start);
    start = pos;
    pieces = [];
    openRows = 0;
    openSinceMs = undefined;
  };

  const retire = (): void => {
    if (!lease) return;
    seal();
    // A buffer filled by one batch means the channel outruns the lag timer: go straight to full
    // size (doubling step by step would leave a trail of outgrown buffers for the GC). Otherwise
    // size the next buffer for twice the largest batch the timer cut from this one.
    wanted = largestRegion >= lease.buffer.length / 2 ? maxBatchBytes : 2 * largestRegion;
    lease.close();
    lease = undefined;
  };

  return {
    get bytes() {
      return bytes;
    },
    get rows() {
      return rows;
    },
    push(encoded, startOffsetToken, endOffsetToken, appendedAtMs, split) {
      const total = encoded.rows;
      let from = 0;
      let left = encoded.bytes; // bytes of the rows from `from` on
      const derived = split?.kind === 'tokens' ? split : undefined;
      /** The token of row `i` when the call's tokens give it (first and last row: as given). */
      const tokenAt = (i: number): string | undefined =>
        derived && startOffsetToken !== undefined && endOffsetToken !== undefined
          ? rowToken(derived, i, total, startOffsetToken, endOffsetToken)
          : undefined;
      /** Rows `from…from+count` went into the open region or a batch of their own. */
      const took = (count: number, size: number): Piece => {
        const piece: Piece = {
          rows: count,
          startOffsetToken: from === 0 ? startOffsetToken : tokenAt(from),
          endOffsetToken: from + count === total ? endOffsetToken : tokenAt(from + count - 1),
        };
        bytes += size;
        rows += count;
        from += count;
        left -= size;
        return piece;
      };
      if ('check' in encoded) {
        // Rows taken unread: one batch of their own, sent as they are after the open region's
        // rows (cut short here, so that they go first).
        seal();
        const piece = took(total, encoded.bytes);
        const batch = makeBatch(encoded.data, [piece], undefined, encoded.check);
        ready.push({ batch, sinceMs: appendedAtMs });
        return;
      }
      // A call that fits one batch goes in one batch: cut the open one before it rather than
      // split the call (its first request would commit without its end token).
      const whole = encoded.bytes <= maxBatchBytes;
      if (whole && lease && lease.buffer.length - pos < encoded.bytes) retire();
      while (from < total) {
        // Rows the client may send in place, enough for at least half a batch, with nothing in
        // the open region they would have to follow: a batch of their own, nothing copied.
        if (encoded.viewRows && openRows === 0 && left >= maxBatchBytes / 2) {
          const view = encoded.viewRows(from, maxBatchBytes);
          if (view) {
            const piece = took(view.rows, view.data.byteLength);
            ready.push({ batch: makeBatch(view.data, [piece]), sinceMs: appendedAtMs });
            continue;
          }
        }
        if (lease) {
          const w = encoded.writeInto(lease.buffer, pos, lease.buffer.length, from);
          if (w.rows > 0) {
            pieces.push(took(w.rows, w.bytes));
            lease.add(w.bytes);
            pos += w.bytes;
            openRows += w.rows;
            openSinceMs ??= appendedAtMs;
            if (pos === lease.buffer.length) retire(); // exactly full: the batch can go now
            continue;
          }
          retire(); // the next row does not fit: the buffer is full
        }
        const need = whole && from === 0 ? encoded.bytes : encoded.rowBytes(from);
        lease = pool.lease(capacityFor(need));
        start = 0;
        pos = 0;
        largestRegion = 0;
      }
    },
    take() {
      if (head === ready.length) {
        seal();
        // Cut early (lag or flush) with less than half the buffer left: start the next batch in a
        // fresh buffer, so it is not capped by the little room left in this one.
        if (lease && lease.buffer.length - pos < lease.buffer.length / 2) retire();
      }
      const next = ready[head];
      if (!next) return undefined;
      ready[head] = undefined; // taken: the queue no longer keeps it alive
      head += 1;
      if (head === ready.length) {
        ready = [];
        head = 0;
      } else if (head >= 1024 && head * 2 >= ready.length) {
        ready = ready.slice(head); // drop the taken half, so the array does not grow for good
        head = 0;
      }
      bytes -= next.batch.bytes;
      rows -= next.batch.rows;
      return next.batch;
    },
    hasFullBatch: () => ready.length > head,
    clear() {
      const dropped = bytes;
      // The dropped rows are never released, so their buffers never return to the pool.
      lease?.close();
      lease = undefined;
      ready = [];
      head = 0;
      pieces = [];
      openRows = 0;
      openSinceMs = undefined;
      bytes = 0;
      rows = 0;
      return dropped;
    },
    oldestAppendAtMs: () => ready[head]?.sinceMs ?? openSinceMs,
    held() {
      const batches: Batch[] = [];
      for (let i = head; i < ready.length; i++) batches.push((ready[i] as ReadyBatch).batch);
      return { batches, open: pieces };
    },
    firstOffsetToken() {
      for (let i = head; i < ready.length; i++) {
        const b = ready[i]?.batch;
        const token = b?.startOffsetToken ?? b?.endOffsetToken;
        if (token !== undefined) return token;
      }
      for (const p of pieces) {
        const token = p.startOffsetToken ?? p.endOffsetToken;
        if (token !== undefined) return token;
      }
      return undefined;
    },
  };
}
