import type { ChannelState } from './channel-context.js';
import { offsetRange } from './retained-batches.js';

/** The rows of a channel not known committed, and the offset tokens they span. */
export interface UnconfirmedRange {
  /** First offset token among them (`null` when none of them carries one). */
  fromOffsetToken: string | null;
  /** Last offset token among them (`null` when none of them carries one). */
  toOffsetToken: string | null;
  /** How many rows: sent and not known committed, queued, or still buffered. */
  rows: number;
}

/**
 * What a channel holds that it cannot vouch for as committed, oldest first: sent batches not
 * known committed, queued batches, then buffered rows. Read before the channel drops them, so an
 * error can name them.
 */
export function unconfirmedRange(state: ChannelState): UnconfirmedRange {
  const held = state.pending.held();
  const sent = offsetRange([
    ...state.retained.map((r) => r.batch),
    ...state.sendQueue,
    ...held.batches,
  ]);
  let from = sent.fromOffsetToken;
  let to = sent.toOffsetToken;
  let rows = sent.rows;
  for (const piece of held.open) {
    from ??= piece.startOffsetToken ?? piece.endOffsetToken ?? null;
    if (piece.endOffsetToken !== undefined) to = piece.endOffsetToken;
    rows += piece.rows;
  }
  return { fromOffsetToken: from, toOffsetToken: to, rows };
}
