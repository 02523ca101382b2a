import type { ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { StreamingIngestError } from '../errors/streaming-ingest-error.js';

/** The rows a failed channel cannot vouch for, by offset token. */
export interface UnconfirmedRange {
  /** Offset token of the first row sent or buffered and not proven committed (null: none carried one). */
  fromOffsetToken: string | null;
  /** Offset token of the last row appended (null: none carried one). */
  toOffsetToken: string | null;
  /** Rows sent and not proven committed. */
  rows: number;
  /** Rows buffered or waiting for buffer room, never sent. */
  pendingRows: number;
  /** The latest committed token this writer proved: every row after it is in the range. */
  latestCommittedOffsetToken: string | null;
}

/**
 * Everything after the writer's latest proven commit: sent and retained, queued for replay, and
 * buffered. Rows before `fromOffsetToken` and up to `latestCommittedOffsetToken` are committed.
 */
export function unconfirmedRange(state: ChannelState): UnconfirmedRange {
  let from: string | undefined;
  let rows = 0;
  for (const { batch } of state.retained) {
    from ??= batch.startOffsetToken ?? batch.endOffsetToken;
    rows += batch.rows;
  }
  for (const batch of state.sendQueue) {
    from ??= batch.startOffsetToken ?? batch.endOffsetToken;
    rows += batch.rows;
  }
  from ??= state.pending.firstOffsetToken();
  const pendingRows = state.pending.rows + state.waitingRows;
  const unconfirmed = rows > 0 || pendingRows > 0;
  return {
    fromOffsetToken: from ?? null,
    toOffsetToken: unconfirmed ? (state.lastOffsetToken ?? null) : null,
    rows,
    pendingRows,
    latestCommittedOffsetToken: state.latestCommittedOffsetToken,
  };
}

function describe(range: UnconfirmedRange): string {
  const total = range.rows + range.pendingRows;
  if (total === 0) return 'no rows unconfirmed';
  return `${total} rows not proven committed (offset tokens ${range.fromOffsetToken ?? 'none'} to ${range.toOffsetToken ?? 'none'}; latest proven commit ${range.latestCommittedOffsetToken ?? 'null'})`;
}

/**
 * `CHANNEL_TAKEN_OVER`: another writer opened the channel after this writer's latest open. The
 * channel is not reopened (that would discard the other writer's rows); `details` carry the
 * range this writer sent or buffered and cannot prove committed.
 */
export function takenOverError(
  state: ChannelState,
  reason: string,
  cause?: unknown,
): StreamingIngestError {
  const range = unconfirmedRange(state);
  return channelError(
    'CHANNEL_TAKEN_OVER',
    `channel "${state.name}" was opened by another writer (${reason}): ${describe(range)}. Resume from the committed offset token in one writer only`,
    { channelName: state.name, ...range },
    cause,
  );
}

/**
 * `CHANNEL_STATE_LOST`: the channel came back empty or with an older committed token (dropped
 * and recreated, or the service lost its state). Replaying could double rows that did commit and
 * skipping could lose them, so the channel fails naming the range it can no longer vouch for.
 */
export function stateLostError(
  state: ChannelState,
  reason: string,
  cause?: unknown,
): StreamingIngestError {
  const range = unconfirmedRange(state);
  return channelError(
    'CHANNEL_STATE_LOST',
    `channel "${state.name}" lost its state on the service (${reason}): ${describe(range)}`,
    { channelName: state.name, ...range },
    cause,
  );
}
