/** The state of one named channel as the service reports it (camelCase projection of reference §8). */
export interface ChannelStatus {
  channelName: string;
  databaseName: string;
  schemaName: string;
  pipeName: string;
  /** `SUCCESS` (or `ACTIVE`) when healthy; an `ERR_*` code otherwise. */
  statusCode: string;
  latestCommittedOffsetToken: string | null;
  createdOn?: Date;
  rowsInsertedCount: number;
  rowsParsedCount: number;
  /** Cumulative; never resets. */
  rowsErrorCount: number;
  lastErrorOffsetTokenUpperBound: string | null;
  lastErrorMessage: string | null;
  lastErrorTimestamp: Date | null;
  serverAvgProcessingLatencyMs: number | null;
  /** When the client parsed this status. */
  lastRefreshedOn: Date;
}
