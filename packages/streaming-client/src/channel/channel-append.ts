import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { Flusher } from './channel-flusher.js';
import type { EncodedRows, UncheckedRows } from './encode-rows.js';
import { checkOffsetToken, checkTokenOrder } from './check-offset-token.js';
import { callSplit } from './split-tokens.js';
import type { CallSplit } from './split-tokens.js';

/**
 * A call larger than one request may be split only where each piece's last-row token is known
 * (see `callSplit`); otherwise it is refused here, before anything of it is buffered.
 */
function checkCallSize(
  ctx: ChannelContext,
  state: ChannelState,
  encoded: EncodedRows | UncheckedRows,
  split: CallSplit,
): void {
  const { maxBatchBytes, maxRequestBytes } = ctx.settings;
  const limit = Math.min(maxBatchBytes, maxRequestBytes);
  if (encoded.bytes <= limit || split.kind !== 'whole') return;
  throw channelError(
    'APPEND_TOO_LARGE',
    `an append of ${encoded.rows} rows (${encoded.bytes} bytes) on channel "${state.name}" does not fit one request (${limit} bytes) and its offset tokens do not give each row's token: append at most ${limit} bytes per call, or give integer start and end tokens whose range matches the row count so the client can split it`,
    { channelName: state.name, rows: encoded.rows, bytes: encoded.bytes, maxCallBytes: limit },
  );
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
  const accept = (
    encoded: EncodedRows | UncheckedRows,
    start: string | undefined,
    end: string | undefined,
    split: CallSplit,
  ): void => {
    state.heldBytes += encoded.bytes;
    state.pending.push(encoded, start, end, ctx.clock.now(), split);
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
      const start = checkOffsetToken(startOffsetToken, 'startOffsetToken', state.name);
      const end = checkOffsetToken(endOffsetToken, 'endOffsetToken', state.name);
      const { maxRequestBytes, maxBatchBytes, offsetTokenComparator } = ctx.settings;
      checkTokenOrder(state.lastOffsetToken, start, end, state.name, offsetTokenComparator);
      const encoded = encode(rows, maxRequestBytes, options, maxBatchBytes);
      if (encoded.rows === 0) return DONE;
      const split = callSplit(encoded.rows, start, end);
      checkCallSize(ctx, state, encoded, split);
      // Every check passed: later calls are ordered against this one's tokens.
      const previous = state.lastOffsetToken;
      state.lastOffsetToken = end ?? start ?? previous;
      if (budget.tryAcquire(encoded.bytes)) {
        accept(encoded, start, end, split);
        return DONE;
      }
      if (ctx.settings.backpressure === 'reject') {
        state.lastOffsetToken = previous; // refused: nothing of the call was taken
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
      state.waitingRows += encoded.rows;
      return budget.acquire(encoded.bytes).then(
        () => {
          state.waitingRows -= encoded.rows;
          // The channel may have failed or closed while this append waited for room.
          if (state.failure || state.closing || state.closed) {
            budget.release(encoded.bytes);
            usable();
          }
          accept(encoded, start, end, split);
        },
        (error: unknown) => {
          state.waitingRows -= encoded.rows;
          throw error;
        },
      );
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

const DONE: Promise<void> = Promise.resolve();
