import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { Flusher } from './channel-flusher.js';
import type { EncodedRows, UncheckedRows } from './encode-rows.js';

function checkToken(value: unknown, argument: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new TypeError(`${argument} must be a string, got ${typeof value}`);
  return value;
}

/**
 * Builds an append method over `encode` (`appendRows` serialises objects, `appendEncodedRows`
 * checks ready JSON): encode at once (a bad row fails the call, nothing of it is buffered), take
 * room in the client budget (wait, or `BUFFER_FULL` in reject mode), buffer, and wake the flusher
 * when a batch is full.
 */
export function createAppender<Input, Options = never>(
  ctx: ChannelContext,
  state: ChannelState,
  flusher: Flusher,
  usable: () => void,
  encode: (
    input: Input,
    maxRowBytes: number,
    options: Options | undefined,
    maxBatchBytes: number,
  ) => EncodedRows | UncheckedRows,
): (
  rows: Input,
  startOffsetToken?: string | null,
  endOffsetToken?: string | null,
  options?: Options,
) => Promise<void> {
  const { budget } = ctx;
  const accept = (encoded: EncodedRows | UncheckedRows, start?: string, end?: string): void => {
    state.heldBytes += encoded.bytes;
    state.pending.push(encoded, start, end, ctx.clock.now());
    ctx.counters.rowsAppended += encoded.rows;
    if (state.pending.hasFullBatch()) flusher.wake();
    flusher.schedule();
  };
  // Not an async function: when the budget has room (the common case) the rows are buffered
  // synchronously and a settled promise is returned, with no await, so an append costs no
  // promise hops (each one also runs the async-context hooks when OpenTelemetry is on).
  return (
    rows: Input,
    startOffsetToken?: string | null,
    endOffsetToken?: string | null,
    options?: Options,
  ): Promise<void> => {
    try {
      usable();
      const start = checkToken(startOffsetToken, 'startOffsetToken');
      const end = checkToken(endOffsetToken, 'endOffsetToken');
      const { maxRequestBytes, maxBatchBytes } = ctx.settings;
      const encoded = encode(rows, maxRequestBytes, options, maxBatchBytes);
      if (encoded.rows === 0) return DONE;
      if (budget.tryAcquire(encoded.bytes)) {
        accept(encoded, start, end);
        return DONE;
      }
      if (ctx.settings.backpressure === 'reject') {
        throw channelError(
          'BUFFER_FULL',
          `the client buffer is full (${budget.used()} of ${budget.maxBytes} bytes held); retry when rows commit`,
          {
            channelName: state.name,
            bufferedBytes: budget.used(),
            maxBufferedBytes: budget.maxBytes,
          },
        );
      }
      return budget.acquire(encoded.bytes).then(() => {
        // The channel may have failed or closed while this append waited for room.
        if (state.failure || state.closing || state.closed) {
          budget.release(encoded.bytes);
          usable();
        }
        accept(encoded, start, end);
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

const DONE: Promise<void> = Promise.resolve();
