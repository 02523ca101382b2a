import type { Clock } from '@snowpipe/retry';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { bulkStatusPath } from '../http/paths.js';
import { parseChannelStatus } from '../status/parse-channel-status.js';
import type { ChannelStatus } from '../status/channel-status.js';
import type { OperationScope } from '../telemetry/telemetry.js';
import type { ChannelConnection } from './channel-connection.js';

/** Where the pipe is and how to reach it. */
export interface StatusTarget {
  readonly connection: ChannelConnection;
  readonly clock: Clock;
  readonly database: string;
  readonly schema: string;
  readonly pipe: string;
}

/** What bounds one request: an abort signal and an absolute deadline (epoch ms). */
export interface RequestBound {
  signal?: AbortSignal | undefined;
  deadlineMs?: number | undefined;
}

/**
 * One bulk-status request for `names` on the pipe. Channels the service does not know are
 * absent from the returned map (as the service reports them).
 */
export async function fetchChannelStatuses(
  target: StatusTarget,
  names: readonly string[],
  scope?: OperationScope,
  bound: RequestBound = {},
): Promise<Map<string, ChannelStatus>> {
  const response = await target.connection.send({
    operation: 'bulk_channel_status',
    plane: 'ingest',
    method: 'POST',
    path: bulkStatusPath(target.database, target.schema, target.pipe),
    body: JSON.stringify({ channel_names: names }),
    contentType: 'application/json',
    ...(scope ? { scope } : {}),
    ...(bound.signal ? { signal: bound.signal } : {}),
    ...(bound.deadlineMs !== undefined ? { deadlineMs: bound.deadlineMs } : {}),
  });
  const json = response.json<{ channel_statuses?: unknown }>();
  const raw = json?.channel_statuses;
  if (typeof raw !== 'object' || raw === null) {
    throw new StreamingIngestError('bulk channel status returned no channel_statuses object', {
      code: 'INVALID_RESPONSE',
      httpStatus: response.status,
    });
  }
  const now = target.clock.now();
  const result = new Map<string, ChannelStatus>();
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    result.set(name, parseChannelStatus(value, now, name));
  }
  return result;
}
