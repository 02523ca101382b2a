import { InvalidChannelError } from '../errors/invalid-channel-error.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { channelPath } from '../http/paths.js';
import { isHealthyStatusCode } from '../status/healthy-status.js';
import { parseChannelStatus } from '../status/parse-channel-status.js';
import type { ChannelStatus } from '../status/channel-status.js';
import type { OperationScope } from '../telemetry/telemetry.js';
import type { ChannelContext } from './channel-context.js';
import type { RequestBound } from './fetch-channel-statuses.js';

/** What a successful open (or reopen) returns. */
export interface OpenedChannel {
  readonly continuationToken: string;
  readonly status: ChannelStatus;
}

/** Body fields of the open call. */
export interface OpenChannelBody {
  offsetToken?: string | undefined;
  failOnUncommittedRows?: boolean | undefined;
}

/**
 * `PUT`s the channel (creating it or bumping its client sequencer). A 200 whose status is not
 * `SUCCESS`/`ACTIVE` is a failure: it rejects with an {@link InvalidChannelError}.
 */
export async function sendOpenChannel(
  ctx: ChannelContext,
  name: string,
  body: OpenChannelBody,
  scope?: OperationScope,
  bound: RequestBound = {},
): Promise<OpenedChannel> {
  const payload: Record<string, unknown> = {};
  if (body.offsetToken !== undefined) payload.offset_token = body.offsetToken;
  if (body.failOnUncommittedRows !== undefined)
    payload.fail_on_uncommitted_rows = body.failOnUncommittedRows;
  const response = await ctx.connection.send({
    operation: 'open_channel',
    plane: 'ingest',
    method: 'PUT',
    path: channelPath(ctx.database, ctx.schema, ctx.pipe, name),
    body: JSON.stringify(payload),
    contentType: 'application/json',
    ...(scope ? { scope } : {}),
    ...(bound.signal ? { signal: bound.signal } : {}),
  });
  const json = response.json<{ next_continuation_token?: unknown; channel_status?: unknown }>();
  const token = json?.next_continuation_token;
  if (typeof token !== 'string' || token === '') {
    throw new StreamingIngestError(`open of channel "${name}" returned no continuation token`, {
      code: 'INVALID_RESPONSE',
      httpStatus: response.status,
    });
  }
  const status = parseChannelStatus(json?.channel_status ?? {}, ctx.clock.now(), name);
  if (!isHealthyStatusCode(status.statusCode)) {
    throw new InvalidChannelError(
      `channel "${name}" opened with status ${status.statusCode}, not SUCCESS`,
      { code: status.statusCode, httpStatus: response.status, channelName: name },
    );
  }
  return { continuationToken: token, status };
}
