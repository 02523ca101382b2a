import type { ChannelContext, ChannelState } from './channel-context.js';

/**
 * Drops everything a channel holds (buffered rows, queued and retained batches) and gives its
 * bytes back to the client budget: the channel failed or closed, nothing of it will be sent.
 */
export function dropHeld(ctx: ChannelContext, state: ChannelState): void {
  state.pending.clear();
  state.sendQueue = [];
  state.retained = [];
  const held = state.heldBytes;
  state.heldBytes = 0;
  ctx.budget.release(held);
}
