import { isStreamingIngestError } from '@snowpipe/streaming-client';

/**
 * Codes that mean another writer owns the channel now, or the service no longer knows what this
 * writer sent: the partition is lost to this member (stop appending, never commit its Kafka
 * offset; its new owner resumes from the channel's committed offset token). Matched by name so
 * the sink handles them with any client version that raises them.
 */
const LOST_CODES: ReadonlySet<string> = new Set(['CHANNEL_TAKEN_OVER', 'CHANNEL_STATE_LOST']);

/** Codes the client raises for one row it refused before buffering anything of the call. */
const ROW_CODES: ReadonlySet<string> = new Set([
  'INVALID_ENCODED_ROW',
  'ROW_TOO_LARGE',
  'ROW_NOT_SERIALIZABLE',
]);

/** What an append or close failure means for the partition. */
export type ChannelFailure =
  | { kind: 'lost'; code: string }
  | { kind: 'row'; rowIndex: number }
  | { kind: 'closed' }
  | { kind: 'fatal' };

/** The one place the sink interprets the client's error codes. */
export function classifyChannelError(error: unknown): ChannelFailure {
  if (!isStreamingIngestError(error)) return { kind: 'fatal' };
  if (LOST_CODES.has(error.code)) return { kind: 'lost', code: error.code };
  const rowIndex = error.details?.['rowIndex'];
  if (ROW_CODES.has(error.code) && typeof rowIndex === 'number') return { kind: 'row', rowIndex };
  if (error.code === 'CHANNEL_CLOSED' || error.code === 'CLIENT_CLOSED') return { kind: 'closed' };
  return { kind: 'fatal' };
}
