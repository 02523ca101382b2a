// The span tree the real streaming client produces through this package, over loopback HTTP
// against the emulator: a retried append and a forced token refresh inside an append.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTR, EVENT, SPAN } from '../src/index.js';
import { idRows, parentOf, spanId, startE2E, useAsyncContext } from './support/client-e2e.js';
import type { E2E } from './support/client-e2e.js';

useAsyncContext();

let e2e: E2E | undefined;
afterEach(async () => {
  await e2e?.stop();
  e2e = undefined;
});

// The commit poller is the only background ingest traffic: a long first interval keeps it
// asleep for the whole test, so which operation meets a fault never depends on timing.
async function start(): Promise<E2E> {
  e2e = await startE2E({
    client: { commitPollIntervalMs: 60_000, commitPollMaxIntervalMs: 60_000 },
  });
  return e2e;
}

const byStart = (a: ReadableSpan, b: ReadableSpan): number =>
  a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];

function childrenOf(e: E2E, parent: ReadableSpan): ReadableSpan[] {
  return e
    .spans()
    .filter((s) => parentOf(s) === spanId(parent))
    .sort(byStart);
}

/** Appends `n` rows and waits until the service acknowledged them; returns the batch's span. */
async function appendBatch(
  e: E2E,
  channel: Awaited<ReturnType<E2E['client']['openChannel']>>['channel'],
  from: number,
  n: number,
): Promise<ReadableSpan> {
  const before = e.spans().filter((s) => s.name === 'snowpipe.append_batch').length;
  await channel.appendRows(idRows('r', from, n), String(from), String(from + n - 1));
  channel.initiateFlush();
  await channel.waitForFlush();
  const appends = e.spans().filter((s) => s.name === 'snowpipe.append_batch');
  expect(appends).toHaveLength(before + 1);
  return appends[before]!;
}

/** Checks the semconv attributes every CLIENT span to the emulator carries. */
function expectHttpAttributes(e: E2E, span: ReadableSpan, path: string): void {
  expect(span.kind).toBe(SpanKind.CLIENT);
  expect(span.name).toBe('POST');
  const url = String(span.attributes[ATTR.urlFull]);
  expect(span.attributes).toMatchObject({
    [ATTR.httpMethod]: 'POST',
    [ATTR.serverAddress]: '127.0.0.1',
    [ATTR.serverPort]: e.emulator.port,
    [ATTR.urlScheme]: 'http',
  });
  expect(url.startsWith(`http://127.0.0.1:${e.emulator.port}${path}`)).toBe(true);
  // Continuation tokens never reach a span: not as a parameter, not as a value.
  expect(url).not.toMatch(/continuationToken=(?!REDACTED)/);
  for (const token of e.wire.continuationTokens) expect(url).not.toContain(`=${token}`);
}

const APPEND_PATH = '/v2/streaming/data/databases/DB/schemas/SC/pipes/P/channels/ch/rows';

describe('span tree of the real client against the emulator', () => {
  it('a retried append: one INTERNAL append span with two CLIENT POST attempts', async () => {
    const e = await start();
    const { channel } = await e.client.openChannel({ name: 'ch' });
    await appendBatch(e, channel, 0, 3); // first batch: a continuation token is now in use
    expect(e.wire.continuationTokens.size).toBeGreaterThan(0);

    e.emulator.faults.inject({ endpoint: 'append', kind: 'http503', count: 1 });
    const append = await appendBatch(e, channel, 3, 4);
    expect(e.emulator.faults.fired()).toEqual([
      expect.objectContaining({ kind: 'http503', endpoint: 'append' }),
    ]);

    expect(append.kind).toBe(SpanKind.INTERNAL);
    expect(append.status.code).toBe(SpanStatusCode.UNSET);
    expect(append.attributes).toMatchObject({
      'snowpipe.channel': 'ch',
      'snowpipe.pipe': 'P',
      'snowpipe.rows': 4,
    });
    expect(append.attributes[ATTR.errorType]).toBeUndefined();
    const attempts = childrenOf(e, append);
    expect(attempts.map((s) => s.name)).toEqual(['POST', 'POST']);
    const [first, second] = attempts as [ReadableSpan, ReadableSpan];
    for (const attempt of attempts) expectHttpAttributes(e, attempt, APPEND_PATH);

    expect(first.attributes[ATTR.httpStatus]).toBe(503);
    expect(first.attributes[ATTR.errorType]).toBe('503');
    expect(first.attributes[ATTR.httpResendCount]).toBeUndefined();
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    expect(second.attributes[ATTR.httpStatus]).toBe(200);
    expect(second.attributes[ATTR.errorType]).toBeUndefined();
    expect(second.attributes[ATTR.httpResendCount]).toBe(1);
    expect(second.status.code).toBe(SpanStatusCode.UNSET);
    // Both attempts are the same request (same requestId), re-sent.
    const requestId = (s: ReadableSpan) =>
      new URL(String(s.attributes[ATTR.urlFull])).searchParams.get('requestId');
    expect(requestId(first)).toBe(requestId(second));

    // The coordinator's retry is an event on the append span.
    const retries = append.events.filter((ev) => ev.name === EVENT.retry);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.attributes).toMatchObject({
      [ATTR.operation]: 'append_rows',
      [ATTR.retryAttempt]: 1,
      [ATTR.httpStatus]: 503,
      [ATTR.retryDelaySource]: 'backoff',
    });
  });

  it('a forced refresh inside an append nests under it, with the token exchange under the refresh', async () => {
    const e = await start();
    const { channel } = await e.client.openChannel({ name: 'ch' });
    await appendBatch(e, channel, 0, 2);
    const refreshesBefore = e.spans().filter((s) => s.name === SPAN.tokenRefresh).length;

    e.emulator.faults.revokeScopedTokens();
    const append = await appendBatch(e, channel, 2, 2);

    const children = childrenOf(e, append);
    expect(children.map((s) => s.name)).toEqual(['POST', SPAN.tokenRefresh, 'POST']);
    const [rejected, refresh, resent] = children as [ReadableSpan, ReadableSpan, ReadableSpan];
    expectHttpAttributes(e, rejected, APPEND_PATH);
    expectHttpAttributes(e, resent, APPEND_PATH);
    expect(rejected.attributes[ATTR.httpStatus]).toBe(401);
    expect(rejected.attributes[ATTR.errorType]).toBe('401');
    expect(rejected.attributes[ATTR.httpResendCount]).toBeUndefined();
    expect(resent.attributes[ATTR.httpStatus]).toBe(200);
    expect(resent.attributes[ATTR.httpResendCount]).toBe(1);

    // The refresh: the only new one, forced, of the scoped (ingest) token, successful.
    expect(e.spans().filter((s) => s.name === SPAN.tokenRefresh)).toHaveLength(refreshesBefore + 1);
    expect(refresh.kind).toBe(SpanKind.INTERNAL);
    expect(refresh.status.code).toBe(SpanStatusCode.UNSET);
    expect(refresh.attributes).toMatchObject({
      [ATTR.tokenReason]: 'forced',
      [ATTR.tokenKind]: 'scoped',
      [ATTR.tokenOutcome]: 'success',
      [ATTR.tokenAttempts]: 1,
    });
    expect(Number(refresh.attributes[ATTR.tokenExpiresAtMs])).toBeGreaterThan(
      Number(refresh.attributes[ATTR.tokenIssuedAtMs]),
    );

    // Under the refresh: the token-exchange operation, and under it its HTTP attempt.
    const [exchange, ...others] = childrenOf(e, refresh);
    expect(others).toEqual([]);
    expect(exchange?.name).toBe('snowpipe.exchange_token');
    expect(exchange?.kind).toBe(SpanKind.INTERNAL);
    const exchangeAttempts = childrenOf(e, exchange!);
    expect(exchangeAttempts).toHaveLength(1);
    expectHttpAttributes(e, exchangeAttempts[0]!, '/oauth/token');
    expect(exchangeAttempts[0]!.attributes[ATTR.httpStatus]).toBe(200);

    // One trace: the append's.
    const traceId = append.spanContext().traceId;
    for (const s of [rejected, refresh, resent, exchange!, exchangeAttempts[0]!])
      expect(s.spanContext().traceId).toBe(traceId);
  });

  it('the initial scoped-token refresh at createClient is a root span holding host discovery and the exchange', async () => {
    const e = await start();
    const roots = e.spans().filter((s) => parentOf(s) === undefined);
    expect(roots.map((s) => s.name)).toEqual([SPAN.tokenRefresh]);
    const [initial] = roots as [ReadableSpan];
    expect(initial.attributes).toMatchObject({
      [ATTR.tokenReason]: 'initial',
      [ATTR.tokenKind]: 'scoped',
      [ATTR.tokenOutcome]: 'success',
    });
    const children = childrenOf(e, initial).map((s) => s.name);
    expect(children).toContain('snowpipe.exchange_token');
    // Every span of the connect is in the refresh's trace.
    for (const s of e.spans()) expect(s.spanContext().traceId).toBe(initial.spanContext().traceId);
    // The key-pair JWT refresh happened inside that tree too (under whichever operation first
    // needed the control-plane token).
    const keypair = e
      .spans()
      .filter(
        (s) => s.name === SPAN.tokenRefresh && s.attributes[ATTR.tokenKind] === 'keypair_jwt',
      );
    expect(keypair).toHaveLength(1);
    expect(keypair[0]!.attributes[ATTR.tokenReason]).toBe('initial');
    expect(parentOf(keypair[0]!)).toBeDefined();
  });
});
