import { channelPath } from '../http/paths.js';
import type { ChannelContext } from './channel-context.js';

/** `DELETE`s a channel (and its committed offset token) under a `snowpipe.drop_channel` operation. */
export async function sendDropChannel(ctx: ChannelContext, name: string): Promise<void> {
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
      }),
    );
    scope.end();
  } catch (error) {
    scope.end(error);
    throw error;
  }
}
