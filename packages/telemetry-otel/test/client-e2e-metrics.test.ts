// Metrics the real streaming client records through this package, over loopback HTTP against
// the emulator, checked against the client's own counters and the wire.
import { DataPointType } from '@opentelemetry/sdk-metrics';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTR, METRIC } from '../src/index.js';
import { idRows, pointsOf, startE2E, useAsyncContext } from './support/client-e2e.js';
import type { E2E } from './support/client-e2e.js';

useAsyncContext();

let e2e: E2E | undefined;
afterEach(async () => {
  await e2e?.stop();
  e2e = undefined;
});

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('metrics of the real client against the emulator', () => {
  it('counts HTTP attempts, rows, retries and token refreshes as the client and the wire saw them', async () => {
    const e = (e2e = await startE2E());
    const { channel } = await e.client.openChannel({ name: 'ch' });
    let rows = 0;
    const append = async (n: number): Promise<void> => {
      await channel.appendRows(idRows('m', rows, n), String(rows), String(rows + n - 1));
      rows += n;
      channel.initiateFlush();
      await channel.waitForCommit(String(rows - 1));
    };
    await append(5);
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http503', count: 1 });
    await append(7);
    e.emulator.faults.revokeScopedTokens();
    await append(3);
    await append(10);
    // Close first: every request the client will make is made and recorded.
    await e.client.close();
    const stats = e.client.stats();

    // http.client.request.duration: one measurement per HTTP attempt, 503 and 401 included.
    const duration = await e.metric(METRIC.httpDuration);
    expect(duration?.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(duration?.descriptor.unit).toBe('s');
    const counts = pointsOf(duration).map((p) => (p.value as Histogram).count);
    expect(sum(counts)).toBe(stats.requests);
    expect(sum(counts)).toBe(e.wire.requests.length);
    for (const p of pointsOf(duration)) {
      expect(p.attributes).toMatchObject({
        [ATTR.serverAddress]: '127.0.0.1',
        [ATTR.serverPort]: e.emulator.port,
      });
      expect(Object.keys(p.attributes)).not.toContain(ATTR.urlFull); // bounded cardinality
    }
    const countWhere = (match: Record<string, unknown>): number =>
      sum(pointsOf(duration, match).map((p) => (p.value as Histogram).count));
    const wireCount = (status: number): number =>
      e.wire.requests.filter((r) => r.status === status).length;
    expect(countWhere({ [ATTR.httpStatus]: 503, [ATTR.errorType]: '503' })).toBe(1);
    expect(countWhere({ [ATTR.httpStatus]: 503 })).toBe(wireCount(503));
    expect(countWhere({ [ATTR.httpStatus]: 401, [ATTR.errorType]: '401' })).toBe(wireCount(401));
    expect(wireCount(401)).toBeGreaterThanOrEqual(1);
    expect(countWhere({ [ATTR.httpStatus]: 200 })).toBe(wireCount(200));
    expect(countWhere({ [ATTR.httpMethod]: 'GET' })).toBe(
      e.wire.requests.filter((r) => r.method === 'GET').length,
    );

    // snowpipe.rows.appended: every row the client appended (and the service committed).
    const appended = pointsOf(await e.metric(METRIC.rowsAppended));
    expect(sum(appended.map((p) => p.value as number))).toBe(rows);
    expect(stats.rowsAppended).toBe(rows);
    expect(e.emulator.ledger.channel('DB', 'SC', 'P', 'ch')?.rowsCommitted).toBe(rows);
    expect(appended.map((p) => p.attributes)).toEqual([
      { 'snowpipe.channel': 'ch', 'snowpipe.pipe': 'P' },
    ]);

    // snowpipe.retries: the coordinator's retry after the 503. A 401 re-send after a forced
    // refresh is not a coordinator retry; the client's `stats().retries` counts both.
    const retries = pointsOf(await e.metric(METRIC.retries));
    const after503 = pointsOf(await e.metric(METRIC.retries), {
      [ATTR.operation]: 'append_rows',
      [ATTR.httpStatus]: 503,
      [ATTR.retryReason]: 'transient',
    });
    expect(sum(after503.map((p) => p.value as number))).toBe(1);
    expect(sum(retries.map((p) => p.value as number))).toBe(wireCount(503));
    expect(stats.retries).toBe(wireCount(503) + wireCount(401));

    // snowpipe.token.refreshes: by outcome, reason and kind; successes = the client's count.
    const refreshes = await e.metric(METRIC.tokenRefreshes);
    const refreshCount = (match: Record<string, unknown>): number =>
      sum(pointsOf(refreshes, match).map((p) => p.value as number));
    expect(refreshCount({})).toBe(stats.tokenRefreshes);
    expect(refreshCount({ [ATTR.tokenOutcome]: 'failure' })).toBe(0);
    expect(
      refreshCount({
        [ATTR.tokenOutcome]: 'success',
        [ATTR.tokenReason]: 'initial',
        [ATTR.tokenKind]: 'keypair_jwt',
      }),
    ).toBe(1);
    expect(
      refreshCount({
        [ATTR.tokenOutcome]: 'success',
        [ATTR.tokenReason]: 'initial',
        [ATTR.tokenKind]: 'scoped',
      }),
    ).toBe(1);
    // One forced refresh for the revocation (concurrent 401s coalesce into it).
    expect(
      refreshCount({
        [ATTR.tokenOutcome]: 'success',
        [ATTR.tokenReason]: 'forced',
        [ATTR.tokenKind]: 'scoped',
      }),
    ).toBe(1);
    // Every successful exchange on the wire is one scoped refresh.
    expect(refreshCount({ [ATTR.tokenKind]: 'scoped' })).toBe(
      e.wire.requests.filter((r) => r.url.pathname === '/oauth/token' && r.status === 200).length,
    );
  });
});
