import { describe, expect, it } from 'vitest';
import { createFakeClock, flushMicrotasks } from '@snowpipe/test-utils';
import { silentLogger } from '../config/logger.js';
import type { ChannelStatus } from '../status/channel-status.js';
import { noopTelemetry } from '../telemetry/telemetry.js';
import { createCommitPoller } from './commit-poller.js';
import type { PolledChannel } from './commit-poller.js';
import type { RequestBound } from './fetch-channel-statuses.js';

function polled(name: string, seen: Array<ChannelStatus | undefined>): PolledChannel {
  return {
    name,
    needsPolling: () => true,
    generation: () => 0,
    applyStatus: (status) => {
      seen.push(status);
      return true;
    },
    pollFailed: () => undefined,
    progressMark: () => undefined,
    stalled: () => undefined,
  };
}

const status = { latestCommittedOffsetToken: '1' } as unknown as ChannelStatus;

describe('commit poller: each poll is bounded', () => {
  it('abandons a poll that is never answered (and ignores its signal), then polls again', async () => {
    const clock = createFakeClock();
    const bounds: RequestBound[] = [];
    let calls = 0;
    const seen: Array<ChannelStatus | undefined> = [];
    const poller = createCommitPoller({
      clock,
      telemetry: noopTelemetry,
      logger: silentLogger,
      pipe: 'P',
      intervalMs: 100,
      maxIntervalMs: 400,
      pollTimeoutMs: 1_000,
      fetchStatuses: (names, _scope, bound) => {
        bounds.push(bound);
        // The first poll hangs for good; the next ones answer at once.
        if (++calls === 1) return new Promise<never>(() => undefined);
        return Promise.resolve(new Map(names.map((n) => [n, status])));
      },
    });
    poller.add(polled('a', seen));
    poller.add(polled('b', seen));
    poller.kick();
    await clock.tick(100); // first poll starts and hangs
    expect(calls).toBe(1);
    expect(bounds[0]?.deadlineMs).toBe(clock.now() + 1_000);
    await clock.tick(999);
    expect(bounds[0]?.signal?.aborted).toBe(false);
    expect(seen).toEqual([]);
    await clock.tick(1); // the bound passes: the request is aborted, the loop goes on
    expect(bounds[0]?.signal?.aborted).toBe(true);
    await clock.tick(200); // the backed-off interval
    expect(calls).toBe(2);
    await flushMicrotasks();
    expect(seen).toEqual([status, status]);
    poller.close();
  });

  it('close aborts the poll in flight', async () => {
    const clock = createFakeClock();
    const bounds: RequestBound[] = [];
    const poller = createCommitPoller({
      clock,
      telemetry: noopTelemetry,
      logger: silentLogger,
      pipe: 'P',
      intervalMs: 100,
      maxIntervalMs: 400,
      pollTimeoutMs: 1_000,
      fetchStatuses: (_names, _scope, bound) => {
        bounds.push(bound);
        return new Promise<never>(() => undefined);
      },
    });
    poller.add(polled('a', []));
    poller.kick();
    await clock.tick(100);
    expect(bounds).toHaveLength(1);
    poller.close();
    expect(bounds[0]?.signal?.aborted).toBe(true);
    await flushMicrotasks();
    expect(clock.pendingSleeps()).toBe(0);
  });
});

describe('commit poller: many channels', () => {
  it('splits a cycle over 2,500 channels into requests of at most 1,000 names', async () => {
    const clock = createFakeClock();
    const requests: string[][] = [];
    const seen: Array<ChannelStatus | undefined> = [];
    const poller = createCommitPoller({
      clock,
      telemetry: noopTelemetry,
      logger: silentLogger,
      pipe: 'P',
      intervalMs: 100,
      maxIntervalMs: 400,
      pollTimeoutMs: 1_000,
      fetchStatuses: (names) => {
        requests.push(names);
        return Promise.resolve(new Map(names.map((n) => [n, status])));
      },
    });
    for (let i = 0; i < 2_500; i++) poller.add(polled(`ch-${i}`, seen));
    poller.kick();
    await clock.tick(100);
    await flushMicrotasks();
    expect(requests.map((r) => r.length)).toEqual([1_000, 1_000, 500]);
    expect(new Set(requests.flat()).size).toBe(2_500);
    expect(seen).toHaveLength(2_500);
    poller.close();
  });
});
