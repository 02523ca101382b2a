import type { Channel, StreamingIngestClient } from '@snowpipe/streaming-client';
import { makeRows, nextOffset } from './row-source.js';

/** What {@link createSecondWriter} needs from the chaos run. */
export interface SecondWriterOptions {
  /** Starts the second writer's own client (once, on the first takeover). */
  start(): Promise<StreamingIngestClient>;
  names: readonly string[];
  rowsPerChannel: number;
  batchRows: number;
  /** Its rows were committed. */
  onCommitted(): void;
  /** It was fenced in turn (the first writer resumed) or hit by a fault: it left the channel. */
  onError(error: unknown): void;
}

/**
 * A second writer that takes a channel over the way a failover instance would: open (which
 * fences the first writer and discards its uncommitted rows), resume after the committed token,
 * write the same source rows, wait for their commit and close. The first writer then gets
 * CHANNEL_TAKEN_OVER and resumes from the committed token in turn.
 */
export function createSecondWriter(
  options: SecondWriterOptions,
): (name: string, batches: number) => Promise<void> {
  let client: Promise<StreamingIngestClient> | undefined;
  return async (name, batches) => {
    client ??= options.start();
    const writer = await client;
    const index = options.names.indexOf(name);
    let channel: Channel | undefined;
    try {
      const opened = await writer.openChannel({ name });
      channel = opened.channel;
      const from = nextOffset(opened.status.latestCommittedOffsetToken);
      const end = Math.min(options.rowsPerChannel, from + batches * options.batchRows);
      for (let next = from; next < end; next += options.batchRows) {
        const count = Math.min(options.batchRows, end - next);
        const rows = makeRows(index, next, count);
        await channel.appendRows(rows, String(next), String(next + count - 1));
      }
      if (end > from) await channel.waitForCommit(String(end - 1), { timeoutMs: 5_000 });
      await channel.close();
      options.onCommitted();
    } catch (error) {
      options.onError(error);
      await channel?.close({ waitForCommit: false, timeoutMs: 50 }).catch(() => undefined);
    }
  };
}
