import { createFakeClock } from '@snowpipe/test-utils';
import type {
  ChannelContext,
  ChannelSettings,
  ClientCounters,
} from '../../src/channel/channel-context.js';
import { createBufferPool } from '../../src/channel/buffer-pool.js';
import { createByteBudget } from '../../src/channel/byte-budget.js';
import { createChannel } from '../../src/channel/channel.js';
import type { ChannelHandle } from '../../src/channel/channel.js';
import { createCommitPoller } from '../../src/channel/commit-poller.js';
import { fetchChannelStatuses } from '../../src/channel/fetch-channel-statuses.js';
import { sendOpenChannel } from '../../src/channel/open-channel-request.js';
import type { OpenChannelBody } from '../../src/channel/open-channel-request.js';
import type {
  OperationName,
  Telemetry,
  TelemetryAttributes,
} from '../../src/telemetry/telemetry.js';
import { createFakeService } from './fake-service.js';

/** Records operations and metrics. */
export function createRecordingTelemetry() {
  const operations: Array<{
    name: OperationName;
    attributes: TelemetryAttributes;
    events: string[];
    error?: unknown;
    ended: boolean;
  }> = [];
  const metrics = { rowsAppended: 0, bufferedBytes: [] as number[], commitLag: [] as number[] };
  const telemetry: Telemetry = {
    startOperation(name, attributes) {
      const op = {
        name,
        attributes: { ...attributes },
        events: [] as string[],
        ended: false,
      } as (typeof operations)[number];
      operations.push(op);
      return {
        run: (fn) => fn(),
        httpAttempt: () => ({ end: () => undefined }),
        setAttributes: (a) => Object.assign(op.attributes, a),
        event: (n) => void op.events.push(n),
        end: (error) => {
          op.ended = true;
          if (error !== undefined) op.error = error;
        },
      };
    },
    metrics: {
      rowsAppended: (rows) => void (metrics.rowsAppended += rows),
      bufferedBytes: (b) => void metrics.bufferedBytes.push(b),
      commitLag: (ms) => void metrics.commitLag.push(ms),
    },
  };
  return { telemetry, operations, metrics };
}

/** Knobs for {@link createHarness}. */
export type HarnessSettings = Partial<ChannelSettings> & {
  maxBufferedBytes?: number;
  commitPollIntervalMs?: number;
  commitPollMaxIntervalMs?: number;
  autoCommit?: boolean;
};

/** Channels over the fake service with a fake clock, built the way the client builds them. */
export function createHarness(overrides: HarnessSettings = {}) {
  const clock = createFakeClock();
  const fake = createFakeService({ autoCommit: overrides.autoCommit ?? true });
  const logs: string[] = [];
  const logger = {
    info: (m: string) => void logs.push(`info ${m}`),
    warn: (m: string) => void logs.push(`warn ${m}`),
    error: (m: string) => void logs.push(`error ${m}`),
  };
  const rec = createRecordingTelemetry();
  const counters: ClientCounters = {
    rowsAppended: 0,
    rowsSent: 0,
    bytesSent: 0,
    batchesSent: 0,
    recoveries: 0,
    rowsReplayed: 0,
  };
  const settings: ChannelSettings = {
    maxClientLagMs: 1000,
    maxBatchBytes: 4 * 1024 * 1024,
    maxRequestBytes: 4 * 1024 * 1024,
    backpressure: 'wait',
    compression: 'gzip',
    recovery: true,
    reclaimOnTakeover: false,
    maxRecoveryAttempts: 5,
    closeTimeoutMs: 300_000,
    ...overrides,
  };
  const handles = new Map<string, ChannelHandle>();
  const budget = createByteBudget({
    maxBytes: overrides.maxBufferedBytes ?? 64 * 1024 * 1024,
    onPressure: () => {
      for (const h of handles.values()) h.channel.initiateFlush();
    },
  });
  const poller = createCommitPoller({
    clock,
    telemetry: rec.telemetry,
    logger,
    pipe: 'P',
    intervalMs: overrides.commitPollIntervalMs ?? 250,
    maxIntervalMs: overrides.commitPollMaxIntervalMs ?? 4000,
    fetchStatuses: (names, scope, bound) => fetchChannelStatuses(ctx, names, scope, bound),
  });
  const ctx: ChannelContext = {
    database: 'DB',
    schema: 'SC',
    pipe: 'P',
    connection: fake.connection,
    clock,
    logger,
    telemetry: rec.telemetry,
    budget,
    bufferPool: createBufferPool({
      maxFreeBytes: budget.maxBytes / 4,
      budgetBytes: budget.maxBytes,
    }),
    settings,
    counters,
    kickPoller: () => poller.kick(),
  };
  const open = async (name: string, body: OpenChannelBody = {}) => {
    const opened = await sendOpenChannel(ctx, name, body);
    const handle = createChannel(ctx, name, opened, (h) => {
      poller.remove(h.polled);
      handles.delete(name);
    });
    handles.set(name, handle);
    poller.add(handle.polled);
    return handle.channel;
  };
  return { clock, fake, ctx, open, budget, poller, logs, counters, ...rec };
}

/** `n` rows `{ id }` starting at `from`. */
export function rows(from: number, n: number): Array<{ id: number }> {
  return Array.from({ length: n }, (_, i) => ({ id: from + i }));
}

/** Lets promise chains and I/O callbacks (zlib) run: several macrotask turns. */
export async function settle(turns = 10): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
