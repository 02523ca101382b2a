import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { Flusher } from './channel-flusher.js';
import type { EncodedRows } from './encode-rows.js';

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
export function createAppender<Input>(
  ctx: ChannelContext,
  state: ChannelState,
  flusher: Flusher,
  usable: () => void,
  encode: (input: Input, maxRowBytes: number) => EncodedRows,
): (
  rows: Input,
  startOffsetToken?: string | null,
  endOffsetToken?: string | null,
) => Promise<void> {
  return async (
    rows: Input,
    startOffsetToken?: string | null,
    endOffsetToken?: string | null,
  ): Promise<void> => {
    usable();
    const start = checkToken(startOffsetToken, 'startOffsetToken');
    const end = checkToken(endOffsetToken, 'endOffsetToken');
    const encoded = encode(rows, ctx.settings.maxRequestBytes);
    if (encoded.rows === 0) return;
    const { budget } = ctx;
    if (ctx.settings.backpressure === 'reject') {
      if (!budget.tryAcquire(encoded.bytes)) {
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
    } else {
      await budget.acquire(encoded.bytes);
    }
    if (state.failure || state.closing || state.closed) {
      budget.release(encoded.bytes);
      usable();
    }
    state.heldBytes += encoded.bytes;
    state.pending.push(encoded, start, end, ctx.clock.now());
    ctx.counters.rowsAppended += encoded.rows;
    if (state.pending.hasFullBatch()) flusher.wake();
    flusher.schedule();
  };
}
