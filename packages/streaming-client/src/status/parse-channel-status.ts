import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { ChannelStatus } from './channel-status.js';

type Raw = Record<string, unknown>;

/**
 * Turns a wire channel-status object (open's `channel_status` or one value of bulk status) into a
 * {@link ChannelStatus}. Tolerant of reference §8 variants: `rows_error_count ?? rows_errors`,
 * timestamps as epoch ms, epoch seconds, numeric strings or ISO strings, missing fields.
 * Throws `INVALID_RESPONSE` when `raw` is not an object.
 */
export function parseChannelStatus(
  raw: unknown,
  nowMs: number,
  fallbackName?: string,
): ChannelStatus {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new StreamingIngestError('channel status is not a JSON object', {
      code: 'INVALID_RESPONSE',
    });
  }
  const r = raw as Raw;
  const status: ChannelStatus = {
    channelName: str(r.channel_name) ?? fallbackName ?? '',
    databaseName: str(r.database_name) ?? '',
    schemaName: str(r.schema_name) ?? '',
    pipeName: str(r.pipe_name) ?? '',
    statusCode: str(r.channel_status_code) ?? str(r.status) ?? 'UNKNOWN',
    latestCommittedOffsetToken: str(r.last_committed_offset_token) ?? null,
    rowsInsertedCount: num(r.rows_inserted) ?? num(r.rows_inserted_count) ?? 0,
    rowsParsedCount: num(r.rows_parsed) ?? num(r.rows_parsed_count) ?? 0,
    rowsErrorCount: num(r.rows_error_count) ?? num(r.rows_errors) ?? 0,
    lastErrorOffsetTokenUpperBound:
      str(r.last_error_offset_upper_bound) ?? str(r.last_error_offset_token_upper_bound) ?? null,
    lastErrorMessage: str(r.last_error_message) ?? null,
    lastErrorTimestamp: date(r.last_error_timestamp) ?? null,
    serverAvgProcessingLatencyMs: num(r.snowflake_avg_processing_latency_ms) ?? null,
    lastRefreshedOn: new Date(nowMs),
  };
  const createdOn = date(r.created_on_ms) ?? date(r.created_on);
  if (createdOn !== undefined) status.createdOn = createdOn;
  return status;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

// Epoch seconds below this are taken as seconds (year 2286 in ms would be ~1e13).
const SECONDS_LIMIT = 1e11;

function date(v: unknown): Date | undefined {
  const n = num(v);
  if (n !== undefined) return new Date(n < SECONDS_LIMIT ? n * 1000 : n);
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  return undefined;
}
