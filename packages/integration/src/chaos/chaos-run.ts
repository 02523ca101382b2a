import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient, createFetchTransport } from '@snowpipe/streaming-client';
import type { ClientStats, StreamingIngestClient, Transport } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { createSeededRandom } from '@snowpipe/test-utils';
import { resolveChaosOptions } from './chaos-options.js';
import type { ChaosOptions, ResolvedChaosOptions } from './chaos-options.js';
import { describeError, errorCode, produceChannel } from './chaos-producer.js';
import type { ProducerContext } from './chaos-producer.js';
import { retryBound } from './chaos-report.js';
import type { ChaosReport } from './chaos-report.js';
import { eventKind, planFaultSchedule } from './fault-schedule.js';
import type { ChaosEvent } from './fault-schedule.js';
import { checkLedger } from './ledger-check.js';
import { countUnhandledRejections, createHeapSampler } from './process-watch.js';
import { monotonicNow, realDelay, withWallClockGuard } from './clock/system-clock.js';
import { createTestKeyPair } from './test-key-pair.js';
import { tracingTransport } from './tracing-transport.js';
import { killSwitchTransport } from './kill-switch-transport.js';
import { createSecondWriter } from './second-writer.js';
import type { KillSwitchTransport } from './kill-switch-transport.js';

const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

async function startClient(
  o: ResolvedChaosOptions,
  emulator: Emulator,
  privateKeyPem: string,
  generation: number,
) {
  const base: Transport =
    o.transport === 'undici'
      ? createUndiciTransport({ connections: o.channels + 4 })
      : createFetchTransport();
  const transport = killSwitchTransport(
    o.trace ? tracingTransport(base, o.trace, generation) : base,
  );
  const client = await createClient({
    clientName: `chaos-${generation}`,
    dbName: 'CHAOS_DB',
    schemaName: 'PUBLIC',
    pipeName: 'CHAOS_PIPE',
    properties: { url: emulator.url, account: 'CHAOS', user: 'TESTER', private_key: privateKeyPem },
    transport,
    random: createSeededRandom(o.seed * 31 + generation),
    retry: {
      maxAttempts: o.maxAttempts,
      initialDelayMs: 1,
      maxDelayMs: 20,
      maxRetryAfterMs: 20,
      maxElapsedMs: 20_000,
    },
    maxClientLagMs: 5,
    maxBufferedBytes: o.maxBufferedBytes,
    maxRecoveryAttempts: 10,
    commitPollIntervalMs: 5,
    commitPollMaxIntervalMs: 50,
    closeTimeoutMs: 30_000,
  });
  return { client, transport };
}

/**
 * Runs one seeded chaos scenario against an in-process emulator and returns what it measured:
 * 20+ channels stream unique rows with integer offset tokens while a seeded schedule injects
 * faults; halfway the first client is abandoned (no wait for commit) and a second client
 * reopens every channel and resumes from its committed offset token. A wall-clock guard fails
 * the run instead of letting it hang. Judge the result with `chaosViolations`.
 * @example
 * const report = await runChaos({ seed: 7, rows: 20_000 });
 * expect(chaosViolations(report, { maxHeapBytes: 512 * 2 ** 20 }), formatChaosReport(report)).toEqual([]);
 */
export async function runChaos(options: ChaosOptions = {}): Promise<ChaosReport> {
  const o = resolveChaosOptions(options);
  const started = monotonicNow();
  const names = Array.from({ length: o.channels }, (_, i) => `CHAOS_${i}`);
  const batchesPerChannel = Math.ceil(o.rows / o.channels / o.batchRows);
  const rowsPerChannel = batchesPerChannel * o.batchRows;
  const totalBatches = batchesPerChannel * o.channels;
  const schedule = planFaultSchedule({
    seed: o.seed,
    events: o.faultEvents,
    totalBatches,
    channelNames: names,
  });
  const restartAtBatch = Math.floor(totalBatches * o.restartAtFraction);
  const keys = createTestKeyPair();
  const emulator = await startEmulator({
    publicKeys: [keys.publicKeyPem],
    rowKeyField: 'id',
    seed: o.seed,
    commitDelayMs: o.commitDelayMs,
    retainRows: o.checkRowOrder ? rowsPerChannel : false,
    logger: { info: () => undefined, warn: () => undefined },
  });
  const rejections = countUnhandledRejections();
  const heap = createHeapSampler();
  const eventsApplied: Record<string, number> = {};
  const surfacedErrors: Record<string, number> = {};
  const resumedFrom: Record<string, number> = {};
  const surfacedSamples: string[] = [];
  const releases: Array<Promise<void>> = [];
  const clients: Array<{ client: StreamingIngestClient; transport: KillSwitchTransport }> = [];
  const stats: ClientStats[] = [];
  let appended = 0;
  let nextEvent = 0;
  let phase = 1;
  let appResumes = 0;

  const serverView = (name: string): string => {
    const c = emulator.ledger.channel('CHAOS_DB', 'PUBLIC', 'CHAOS_PIPE', name);
    return c
      ? `received ${c.rowsReceived}, committed ${c.rowsCommitted} rows up to token ${String(c.committedOffsetToken)}`
      : 'no such channel';
  };
  const secondWriter = createSecondWriter({
    start: () =>
      startClient(o, emulator, keys.privateKeyPem, 99).then((c) => {
        clients.push(c);
        return c.client;
      }),
    names,
    rowsPerChannel,
    batchRows: o.batchRows,
    onCommitted: () => bump(eventsApplied, 'secondWriterCommitted'),
    onError: (error) => bump(surfacedErrors, `secondWriter:${errorCode(error)}`),
  });
  const apply = (event: ChaosEvent): void => {
    bump(eventsApplied, eventKind(event));
    if (event.type === 'takeover') releases.push(secondWriter(event.channel, event.batches));
    else if (event.type === 'rule') emulator.faults.inject(event.rule);
    else if (event.type === 'revoke') emulator.faults.revokeScopedTokens();
    else {
      const id = emulator.faults.inject({
        endpoint: 'append',
        kind: 'withholdCommit',
        channel: event.channel,
      });
      releases.push(realDelay(event.holdMs).then(() => emulator.faults.clear(id)));
    }
  };
  const ctx: ProducerContext = {
    rowsPerChannel,
    batchRows: o.batchRows,
    commitTimeoutMs: 5_000,
    onBatch() {
      appended += 1;
      if (appended % 16 === 0) heap.sample();
      while (nextEvent < schedule.length && (schedule[nextEvent] as ChaosEvent).atBatch <= appended)
        apply(schedule[nextEvent++] as ChaosEvent);
    },
    stopped: () => phase === 1 && appended >= restartAtBatch,
    onResume(name, offset, firstOpen) {
      if (phase === 2 && firstOpen) resumedFrom[name] = offset;
    },
    onError(name, error) {
      appResumes += 1;
      bump(surfacedErrors, errorCode(error));
      // The first two of each code, so a rare error is not hidden by a frequent one.
      if ((surfacedErrors[errorCode(error)] ?? 0) <= 2)
        surfacedSamples.push(
          `${name} (phase ${phase}): ${describeError(error)} [emulator: ${serverView(name)}]`,
        );
    },
  };

  const run = async (): Promise<void> => {
    const first = await startClient(o, emulator, keys.privateKeyPem, 1);
    clients.push(first);
    await Promise.all(names.map((name, i) => produceChannel(ctx, first.client, name, i, false)));
    if (o.restart === 'crash') {
      // The first client's process "dies" mid-stream: nothing more leaves it, nothing is closed
      // (its timers and retries keep running against a dead transport until the end of the run).
      first.transport.kill();
    } else {
      // Abandon the first client mid-stream: close without waiting for commit, a tiny budget.
      await first.client
        .close({ waitForCommit: false, timeoutMs: 20 })
        .catch((error: unknown) => bump(surfacedErrors, `abandon:${errorCode(error)}`));
      await first.transport.close?.();
    }
    stats.push(first.client.stats());
    phase = 2;
    const second = await startClient(o, emulator, keys.privateKeyPem, 2);
    clients.push(second);
    await Promise.all(names.map((name, i) => produceChannel(ctx, second.client, name, i, true)));
    while (nextEvent < schedule.length) apply(schedule[nextEvent++] as ChaosEvent);
    await Promise.all(releases);
    emulator.faults.clear();
    await second.client.close();
    stats.push(second.client.stats());
    await second.transport.close?.();
  };

  try {
    await withWallClockGuard(
      run(),
      o.deadlineMs,
      () =>
        `chaos run seed ${o.seed} did not finish within ${o.deadlineMs} ms (phase ${phase}, ${appended} of ${totalBatches} batches appended); replay with CHAOS_SEED=${o.seed} CHAOS_ROWS=${o.rows}`,
      () => emulator.stop(),
    );
    heap.sample();
    const fired: Record<string, number> = {};
    const firedList = emulator.faults.fired();
    for (const f of firedList) bump(fired, f.kind);
    const revocations = (eventsApplied.revokeScopedTokens ?? 0) + (fired.http401 ?? 0);
    const totals = emulator.ledger.totals();
    const sum = (key: keyof ClientStats): number => stats.reduce((n, s) => n + s[key], 0);
    return {
      seed: o.seed,
      transport: o.transport,
      restart: o.restart,
      rows: o.rows,
      channels: o.channels,
      rowsPerChannel,
      batchRows: o.batchRows,
      durationMs: Math.round(monotonicNow() - started),
      eventsApplied,
      faultsFired: fired,
      faultsFiredTotal: firedList.length,
      revocations,
      ledger: checkLedger(emulator.ledger.channels(), names, rowsPerChannel, o.checkRowOrder),
      retries: sum('retries'),
      retryBound: retryBound(firedList.length, revocations, o.channels, o.maxAttempts),
      recoveries: sum('recoveries'),
      rowsReplayed: sum('rowsReplayed'),
      tokenRefreshes: sum('tokenRefreshes'),
      appResumes,
      surfacedErrors,
      surfacedSamples,
      restartAtBatch,
      resumedFrom,
      requests: totals.requests,
      requestsByEndpoint: totals.requestsByEndpoint,
      peakHeapBytes: heap.peak(),
      unhandledRejections: rejections.count(),
      unhandledSamples: rejections.samples(),
    };
  } finally {
    rejections.dispose();
    for (const c of clients) {
      if (!c.client.isClosed())
        await c.client.close({ waitForCommit: false, timeoutMs: 10 }).catch(() => undefined);
      await c.transport.close?.().catch(() => undefined);
    }
    await emulator.stop();
  }
}
