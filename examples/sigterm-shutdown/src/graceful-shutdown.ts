import { isStreamingIngestError } from '@snowpipe/streaming-client';
import type { Channel, StreamingIngestClient } from '@snowpipe/streaming-client';

/** How one channel's close ended. */
export interface ChannelShutdown {
  /** `true` when every row sent on it was committed before the deadline. */
  readonly committed: boolean;
  /** The close error's code (`CLOSE_TIMEOUT`, a failure code…) when it was not. */
  readonly code?: string;
  /** The close error's message: how far it got, latest committed offset token. */
  readonly message?: string;
  /** The latest committed offset token the error reported; re-deliver after it on restart. */
  readonly latestCommittedOffsetToken?: unknown;
}

/** What {@link gracefulShutdown} achieved. */
export interface ShutdownReport {
  /** `true` when every channel committed everything. */
  readonly clean: boolean;
  /** Per channel name. */
  readonly channels: Readonly<Record<string, ChannelShutdown>>;
}

/**
 * The shutdown recipe: stop intake first (so no append races the close), then close every
 * channel in parallel with one deadline (each close flushes and waits for commit), then the
 * client. Channels are closed one by one, not only through `client.close()`, so the report says
 * what each one did not commit. Keep `graceMs` a few seconds under the platform's grace period
 * (Kubernetes: 30 s) so the report gets out before SIGKILL.
 */
export async function gracefulShutdown(options: {
  client: StreamingIngestClient;
  channels: readonly Channel[];
  stopIntake: () => Promise<void>;
  graceMs: number;
}): Promise<ShutdownReport> {
  await options.stopIntake();
  const results = await Promise.allSettled(
    options.channels.map((c) => c.close({ timeoutMs: options.graceMs })),
  );
  const channels: Record<string, ChannelShutdown> = {};
  options.channels.forEach((channel, i) => {
    const r = results[i];
    if (r === undefined || r.status === 'fulfilled') {
      channels[channel.name] = { committed: true };
      return;
    }
    const e: unknown = r.reason;
    channels[channel.name] = isStreamingIngestError(e)
      ? {
          committed: false,
          code: e.code,
          message: e.message,
          latestCommittedOffsetToken: e.details?.latestCommittedOffsetToken,
        }
      : { committed: false, code: 'UNKNOWN', message: String(e) };
  });
  // Every channel is closed by now, so this only releases the client's connections.
  await options.client.close({ waitForCommit: false, timeoutMs: 1000 }).catch(() => undefined);
  return { clean: Object.values(channels).every((c) => c.committed), channels };
}
