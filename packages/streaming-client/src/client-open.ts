import type { ChannelContext } from './channel/channel-context.js';
import type { OpenedChannel } from './channel/open-channel-request.js';
import { checkChannelName } from './channel/check-channel-name.js';
import { checkOffsetToken } from './channel/check-offset-token.js';
import type { OperationScope } from './telemetry/telemetry.js';
import type { OpenChannelOptions } from './client-types.js';

/** Checks `openChannel` options eagerly and returns the channel name. */
export function validateChannelName(options: OpenChannelOptions): string {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('openChannel needs an options object');
  const { name, offsetToken, failOnUncommittedRows } = options;
  checkChannelName(name);
  checkOffsetToken(offsetToken, 'openChannel: offsetToken', name);
  if (failOnUncommittedRows !== undefined && typeof failOnUncommittedRows !== 'boolean') {
    throw new TypeError(
      `openChannel: failOnUncommittedRows must be a boolean, got ${typeof failOnUncommittedRows}`,
    );
  }
  return name;
}

/** Runs an open under a `snowpipe.open_channel` operation. */
export async function openChannelTelemetry(
  ctx: ChannelContext,
  name: string,
  open: (scope: OperationScope) => Promise<OpenedChannel>,
): Promise<OpenedChannel> {
  const scope = ctx.telemetry.startOperation('snowpipe.open_channel', {
    channel: name,
    pipe: ctx.pipe,
  });
  try {
    const opened = await scope.run(() => open(scope));
    scope.end();
    return opened;
  } catch (error) {
    scope.end(error);
    throw error;
  }
}
