import type { Logger } from '../config/logger.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { ChannelStatus } from './channel-status.js';

/** Where a {@link createRowsErrorWatch} reports rejected rows. */
export interface RowsErrorWatchTarget {
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly pipe: string;
  /** The client-wide counter `stats().rowsRejected` reads. */
  readonly counters: { rowsRejected?: number | undefined };
}

/**
 * Watches one channel's cumulative `rows_error_count`: rows the service parsed and rejected
 * (a value that does not fit its column, malformed JSON). It skips such rows and never retries
 * them, so every increase is reported once: added to `stats().rowsRejected`, logged as a warning
 * with the channel, the offset-token upper bound and the service's message, and counted in the
 * telemetry metric `rowsRejected`. The count seen at open is the baseline (earlier errors are
 * not this client's); a lower count (the channel was dropped and created again) becomes the new
 * baseline.
 */
export function createRowsErrorWatch(
  target: RowsErrorWatchTarget,
  channel: string,
  initialCount: number,
): (status: ChannelStatus) => void {
  let seen = initialCount;
  return (status) => {
    const count = status.rowsErrorCount;
    if (count <= seen) {
      if (count < seen) seen = count;
      return;
    }
    const rejected = count - seen;
    seen = count;
    target.counters.rowsRejected = (target.counters.rowsRejected ?? 0) + rejected;
    const bound = status.lastErrorOffsetTokenUpperBound;
    target.logger.warn?.(
      `channel "${channel}": the service rejected ${rejected} row(s) (rows_error_count now ${count}); the last rejected rows are at or before offset token ${bound ?? '(none)'}: ${status.lastErrorMessage ?? 'no message'}`,
      {
        channel,
        rowsRejected: rejected,
        rowsErrorCount: count,
        lastErrorOffsetTokenUpperBound: bound,
        lastErrorMessage: status.lastErrorMessage,
      },
    );
    target.telemetry.metrics?.rowsRejected?.(rejected, {
      'snowpipe.pipe': target.pipe,
      'snowpipe.channel': channel,
    });
  };
}
