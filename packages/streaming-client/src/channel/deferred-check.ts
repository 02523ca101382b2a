import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { Batch } from './batch.js';
import { channelError } from './channel-error.js';

/**
 * Runs the check deferred from append time for rows taken unread on the caller's count
 * (`AppendEncodedOptions.rowCount`), right before their batch is first sent. Returns the error
 * that fails the channel when a row is malformed or the count is wrong (nothing of the batch has
 * been sent): the append's own code, naming the batch's offset tokens and, for a bad row, its
 * index within that append.
 */
export function runDeferredCheck(batch: Batch, channelName: string): Error | undefined {
  if (batch.check === undefined) return undefined;
  try {
    batch.check();
    return undefined;
  } catch (error) {
    const found = isStreamingIngestError(error) ? error : undefined;
    const from = batch.startOffsetToken ?? 'none';
    const to = batch.endOffsetToken ?? 'none';
    return channelError(
      found?.code ?? 'INVALID_ENCODED_ROW',
      `channel "${channelName}" did not send the rows appended with offset tokens ${from} to ${to}: ${error instanceof Error ? error.message : String(error)}`,
      {
        ...found?.details,
        channelName,
        fromOffsetToken: batch.startOffsetToken,
        toOffsetToken: batch.endOffsetToken,
      },
      error,
    );
  }
}
