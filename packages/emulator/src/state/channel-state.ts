import type { LedgerEntry } from '../ledger/ledger.js';

/** An accepted append waiting for its commit. */
export interface PendingBatch {
  validRows: number;
  errorRows: number;
  firstErrorLine: number | undefined;
  /** `last_error_message` for this batch's errors, when it says more than "not JSON". */
  errorMessage?: string;
  keys: Array<string | number> | undefined;
  retained: unknown[] | undefined;
  /** `endOffsetToken ?? offsetToken`; null leaves the committed token unchanged. */
  endOffset: string | null;
  dueAtMs: number;
}

/** Server-side state of one named channel (reference §15). */
export interface ChannelState {
  readonly database: string;
  readonly schema: string;
  readonly pipe: string;
  readonly channel: string;
  clientSeq: number;
  rowSeq: number;
  readonly createdOnMs: number;
  committedOffset: string | null;
  pending: PendingBatch[];
  rowsInserted: number;
  rowsParsed: number;
  rowsErrorCount: number;
  lastErrorOffsetUpperBound: string | null;
  lastErrorMessage: string | null;
  lastErrorTimestamp: number | null;
  /** `SUCCESS`, or the invalidation code (`ERR_CHANNEL_MUST_BE_REOPENED…`). */
  statusCode: string;
  /** Set once the channel is dropped, so late commit timers do nothing. */
  dropped: boolean;
  readonly ledger: LedgerEntry;
}

/** The channel-status object of reference §8 (open response and bulk status values). */
export function channelStatusBody(
  ch: ChannelState,
  options: { rowsErrorsAlias: boolean; avgLatencyMs: number },
): Record<string, unknown> {
  return {
    database_name: ch.database,
    schema_name: ch.schema,
    pipe_name: ch.pipe,
    channel_name: ch.channel,
    channel_status_code: ch.statusCode,
    last_committed_offset_token: ch.committedOffset,
    created_on_ms: ch.createdOnMs,
    rows_inserted: ch.rowsInserted,
    rows_parsed: ch.rowsParsed,
    rows_error_count: ch.rowsErrorCount,
    ...(options.rowsErrorsAlias ? { rows_errors: ch.rowsErrorCount } : {}),
    last_error_offset_upper_bound: ch.lastErrorOffsetUpperBound,
    last_error_message: ch.lastErrorMessage,
    last_error_timestamp: ch.lastErrorTimestamp,
    snowflake_avg_processing_latency_ms: ch.rowsParsed > 0 ? options.avgLatencyMs : null,
    status_code: 0,
    message: null,
  };
}
