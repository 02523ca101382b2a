import { channelPath } from '../http/paths.js';
import type { ChannelContext } from './channel-context.js';
import type { RequestBound } from './fetch-channel-statuses.js';

/**
 * `DELETE`s a channel (and its committed offset token) under a `snowpipe.drop_channel` operation;
 * `bound` aborts it or sets its deadline.
 */
export async function sendDropChannel(
  ctx: ChannelContext,
  name: string,
  bound: RequestBound = {},
): Promise<void> {
  const scope = ctx.telemetry.startOperation('snowpipe.drop_channel', {
    channel: name,
    pipe: ctx.pipe,
  });
  try {
    await scope.run(() =>
      ctx.connection.send({
        operation: 'drop_channel',
        plane: 'ingest',
        method: 'DELETE',
        path: channelPath(ctx.database, ctx.schema, ctx.pipe, name),
        scope,
        ...(bound.signal ? { signal: bound.signal } : {}),
        ...(bound.deadlineMs !== undefined ? { deadlineMs: bound.deadlineMs } : {}),
      }),
    );
    scope.end();
  } catch (error) {
    scope.end(error);
    throw error;
  }
}
