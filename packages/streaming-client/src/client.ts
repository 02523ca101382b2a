import { systemClock } from '@snowpipe/retry';
import type { ClientOptions } from './config/client-options.js';
import { silentLogger } from './config/logger.js';
import { resolveClientConfig } from './config/resolve-client-config.js';
import { createElasticChannel } from './elastic/elastic-channel.js';
import type { ElasticChannel } from './elastic/elastic-types.js';
import { createServiceConnection } from './http/service-connection.js';
import { noopTelemetry } from './telemetry/telemetry.js';
import { createBufferPool } from './channel/buffer-pool.js';
import { createByteBudget } from './channel/byte-budget.js';
import type { ChannelContext, ClientCounters } from './channel/channel-context.js';
import { channelError } from './channel/channel-error.js';
import { createChannel } from './channel/channel.js';
import type { ChannelHandle } from './channel/channel.js';
import { createCommitPoller } from './channel/commit-poller.js';
import { sendDropChannel } from './channel/drop-channel-request.js';
import { fetchChannelStatuses } from './channel/fetch-channel-statuses.js';
import { sendOpenChannel } from './channel/open-channel-request.js';
import { abortable, checkSignal } from './abortable.js';
import { closeClient } from './client-close.js';
import { openChannelTelemetry, validateChannelName } from './client-open.js';
import { channelKey, checkChannelName } from './channel/check-channel-name.js';
import type { ClientCloseOptions, StreamingIngestClient } from './client-types.js';

/**
 * Creates a client: resolves the configuration (properties, profile, env), builds the connection
 * and, unless `connect: 'lazy'`, authenticates at once (key-pair JWT → ingest host → scoped token).
 * @example
 * const client = await createClient({ clientName: 'c1', dbName: 'DB', schemaName: 'PUBLIC', pipeName: 'P', profilePath: 'profile.json' });
 * const { channel } = await client.openChannel({ name: 'ch1' });
 * await channel.appendRow({ id: 1 }, '1');
 * await channel.waitForCommit('1');
 * await client.close();
 */
export async function createClient(options: ClientOptions): Promise<StreamingIngestClient> {
  const config = await resolveClientConfig(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const telemetry = options.telemetry ?? noopTelemetry;
  const connection = createServiceConnection({
    config,
    transport: options.transport,
    telemetry,
    logger,
    clock,
    random: options.random,
  });
  const signal = checkSignal('createClient', options.signal);
  if (config.connect !== 'lazy' || signal?.aborted) {
    try {
      if (signal?.aborted) throw signal.reason;
      await abortable(connection.connect(signal), signal);
    } catch (error) {
      connection.abort(new Error('createClient gave up'));
      await connection.close(0).catch(() => undefined);
      throw error;
    }
  }

  const handles = new Map<string, ChannelHandle>();
  const opening = new Set<string>();
  const counters: ClientCounters = {
    rowsAppended: 0,
    rowsSent: 0,
    bytesSent: 0,
    batchesSent: 0,
    recoveries: 0,
    rowsReplayed: 0,
    rowsRejected: 0,
  };
  const budget = createByteBudget({
    maxBytes: config.maxBufferedBytes,
    // Appends are waiting: send what is buffered and look for commits that free room.
    onPressure: () => {
      for (const h of handles.values()) h.channel.initiateFlush();
      poller.kick();
    },
    onChange: (bytes) => telemetry.metrics?.bufferedBytes(bytes),
  });
  const poller = createCommitPoller({
    clock,
    telemetry,
    logger,
    pipe: config.pipe,
    intervalMs: config.commitPollIntervalMs,
    maxIntervalMs: config.commitPollMaxIntervalMs,
    pollTimeoutMs: config.requestTimeoutMs.status,
    stallTimeoutMs: config.stallTimeoutMs,
    fetchStatuses: (names, scope, bound) => fetchChannelStatuses(ctx, names, scope, bound),
  });
  const ctx: ChannelContext = {
    database: config.database,
    schema: config.schema,
    pipe: config.pipe,
    connection,
    clock,
    logger,
    telemetry,
    budget,
    // Enough free buffers for a steady stream to reuse them; more would only sit in memory.
    bufferPool: createBufferPool({
      maxFreeBytes: config.maxBufferedBytes,
      budgetBytes: config.maxBufferedBytes,
    }),
    settings: config,
    counters,
    kickPoller: () => poller.kick(),
  };
  let closed = false;
  let closing: Promise<void> | undefined;
  let elastic: ElasticChannel | undefined;

  const assertOpen = (): void => {
    if (closed || closing)
      throw channelError('CLIENT_CLOSED', `client "${config.clientName}" is closed`);
  };
  const onClosed = (handle: ChannelHandle): void => {
    poller.remove(handle.polled);
    const key = channelKey(handle.channel.name);
    if (handles.get(key) === handle) handles.delete(key);
  };

  const closeAll = async (closeOptions: ClientCloseOptions): Promise<void> => {
    try {
      await closeClient(
        {
          clientName: config.clientName,
          clock,
          closeTimeoutMs: config.closeTimeoutMs,
          channels: () => [...handles.values()],
          flushElastic: async () => void (await elastic?.initiateFlush()),
          stopBackground: () => {
            poller.close();
            budget.rejectWaiters(
              channelError('CLIENT_CLOSED', `client "${config.clientName}" is closed`),
            );
          },
          abortRequests: (reason) => connection.abort(reason),
          closeConnection: (waitMs) => connection.close(waitMs),
        },
        closeOptions,
      );
    } finally {
      closed = true;
    }
  };

  const client: StreamingIngestClient = {
    clientName: config.clientName,
    databaseName: config.database,
    schemaName: config.schema,
    pipeName: config.pipe,
    async openChannel(open) {
      assertOpen();
      const name = validateChannelName(open);
      const signal = checkSignal('openChannel', open.signal);
      if (signal?.aborted) throw signal.reason;
      // Names are compared as the service compares them: `orders` and `ORDERS` are one channel,
      // and a second handle on it would take the first over.
      const key = channelKey(name);
      // A failed channel of that name gives way: reopening is how users resume after it.
      const previous = handles.get(key);
      const failure = previous?.failure();
      if (previous && failure) previous.abort(failure);
      if (opening.has(key) || handles.has(key)) {
        const held = handles.get(key)?.channel.name ?? name;
        throw channelError(
          'CHANNEL_ALREADY_OPEN',
          `channel "${name}" is already open in this client${held === name ? '' : ` as "${held}" (the service compares unquoted names case-insensitively)`}; close it first`,
          { channelName: name },
        );
      }
      opening.add(key);
      try {
        const opened = await openChannelTelemetry(ctx, name, (scope) =>
          sendOpenChannel(
            ctx,
            name,
            { offsetToken: open.offsetToken, failOnUncommittedRows: open.failOnUncommittedRows },
            scope,
            { signal },
          ),
        );
        if (closed || closing)
          throw channelError('CLIENT_CLOSED', `client "${config.clientName}" is closed`);
        const handle = createChannel(ctx, name, opened, onClosed);
        handles.set(key, handle);
        poller.add(handle.polled);
        return { channel: handle.channel, status: opened.status };
      } finally {
        opening.delete(key);
      }
    },
    async getChannelStatuses(names, statusOptions = {}) {
      assertOpen();
      const signal = checkSignal('getChannelStatuses', statusOptions.signal);
      const scope = telemetry.startOperation('snowpipe.status_poll', {
        pipe: config.pipe,
        channels: names.length,
      });
      try {
        const statuses = await scope.run(() =>
          fetchChannelStatuses(ctx, [...names], scope, { signal }),
        );
        scope.end();
        return statuses;
      } catch (error) {
        scope.end(error);
        throw error;
      }
    },
    async getLatestCommittedOffsetTokens(names, statusOptions) {
      const statuses = await client.getChannelStatuses(names, statusOptions);
      const tokens = new Map<string, string | null>();
      for (const [name, status] of statuses) tokens.set(name, status.latestCommittedOffsetToken);
      return tokens;
    },
    async dropChannel(name, dropOptions = {}) {
      assertOpen();
      checkChannelName(name);
      const signal = checkSignal('dropChannel', dropOptions.signal);
      await sendDropChannel(ctx, name, { signal });
      handles
        .get(channelKey(name))
        ?.abort(
          channelError('CHANNEL_CLOSED', `channel "${name}" was dropped`, { channelName: name }),
        );
    },
    getElasticChannel() {
      assertOpen();
      elastic ??= createElasticChannel({ connection, config, telemetry, logger });
      return elastic;
    },
    close(closeOptions = {}) {
      checkSignal('close', closeOptions.signal);
      closing ??= closeAll(closeOptions);
      return closing;
    },
    isClosed: () => closed,
    stats() {
      const s = connection.stats;
      return {
        rowsAppended: counters.rowsAppended,
        rowsSent: counters.rowsSent,
        rowsReplayed: counters.rowsReplayed,
        bytesSent: counters.bytesSent,
        batchesSent: counters.batchesSent,
        requests: s.requests,
        retries: s.retries,
        recoveries: counters.recoveries,
        rowsRejected: counters.rowsRejected ?? 0,
        tokenRefreshes: s.tokenRefreshes,
        bufferedBytes: budget.used(),
        openChannels: handles.size,
      };
    },
    [Symbol.asyncDispose]() {
      return client.close();
    },
  };
  return client;
}
