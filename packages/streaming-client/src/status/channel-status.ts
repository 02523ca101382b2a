/** The state of one named channel as the service reports it (camelCase projection of reference §8). */
export interface ChannelStatus {
  /** The channel's name. */
  channelName: string;
  /** The database of the channel's pipe. */
  databaseName: string;
  /** The schema of the channel's pipe. */
  schemaName: string;
  /** The pipe the channel writes to. */
  pipeName: string;
  /** `SUCCESS` (or `ACTIVE`) when healthy; an `ERR_*` code otherwise. */
  statusCode: string;
  /** End offset token of the latest committed batch; `null` for a channel that never committed. */
  latestCommittedOffsetToken: string | null;
  /** When the channel was created (changes after a drop and re-create); absent if not reported. */
  createdOn?: Date;
  /** Rows committed to the table since the channel was created. */
  rowsInsertedCount: number;
  /** Rows the service parsed since the channel was created (rejected rows included). */
  rowsParsedCount: number;
  /** Cumulative; never resets. */
  rowsErrorCount: number;
  /** Upper bound of the offset range of the last rows with errors (the bad rows are at or before it). */
  lastErrorOffsetTokenUpperBound: string | null;
  /** The service's message for the last rows with errors (customer data redacted). */
  lastErrorMessage: string | null;
  /** When the last rows with errors were reported; `null` when none were. */
  lastErrorTimestamp: Date | null;
  /** The service's average processing latency for the channel, in ms; `null` when not reported. */
  serverAvgProcessingLatencyMs: number | null;
  /** When the client parsed this status. */
  lastRefreshedOn: Date;
}
