import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, idOf, parentId, point } from '../test/otel-harness.js';

const success = {
  kind: 'scoped',
  issuedAtMs: 1_700_000_000_000,
  expiresAtMs: 1_700_003_600_000,
  durationMs: 12,
  attempts: 2,
  delayMs: 150,
};

describe('token observer', () => {
  it('nests a forced refresh (and its own operation) under the operation it runs in', async () => {
    const h = createHarness();
    const { telemetry: t } = h;
    const op = t.startOperation('snowpipe.append_batch', { 'snowpipe.channel': 'c' });
    await op.run(async () => {
      op.httpAttempt({
        method: 'POST',
        url: 'https://h/x',
        serverAddress: 'h',
        serverPort: 443,
        resendCount: 0,
      }).end({
        status: 401,
      });
      t.tokenObserver.onRefreshStart({ attemptId: 7, reason: 'forced', kind: 'scoped', atMs: 1 });
      await Promise.resolve();
      const exchange = t.startOperation('snowpipe.exchange_token', {});
      await exchange.run(async () => {
        exchange
          .httpAttempt({
            method: 'POST',
            url: 'https://h/oauth/token',
            serverAddress: 'h',
            serverPort: 443,
            resendCount: 0,
          })
          .end({ status: 200 });
      });
      exchange.end();
      t.tokenObserver.onRefreshSuccess({ attemptId: 7, reason: 'forced', ...success });
      op.httpAttempt({
        method: 'POST',
        url: 'https://h/x',
        serverAddress: 'h',
        serverPort: 443,
        resendCount: 1,
      }).end({
        status: 200,
      });
    });
    op.end();

    const root = h.span('snowpipe.append_batch');
    const refresh = h.span('snowpipe.token_refresh');
    const exchange = h.span('snowpipe.exchange_token');
    expect(refresh.kind).toBe(SpanKind.INTERNAL);
    expect(parentId(refresh)).toBe(idOf(root));
    expect(parentId(exchange)).toBe(idOf(refresh));
    const posts = h.spans().filter((s) => s.name === 'POST');
    expect(posts.map((s) => parentId(s))).toEqual([idOf(root), idOf(exchange), idOf(root)]);
    expect(refresh.attributes).toEqual({
      'snowpipe.token.attempt_id': 7,
      'snowpipe.token.refresh_reason': 'forced',
      'snowpipe.token.kind': 'scoped',
      'snowpipe.token.outcome': 'success',
      'snowpipe.token.issued_at_ms': success.issuedAtMs,
      'snowpipe.token.expires_at_ms': success.expiresAtMs,
      'snowpipe.token.duration_ms': 12,
      'snowpipe.token.attempts': 2,
      'snowpipe.token.delay_ms': 150,
    });
    expect(refresh.status.code).toBe(SpanStatusCode.UNSET);
    const refreshes = await h.metric('snowpipe.token.refreshes');
    expect(
      point(refreshes, {
        'snowpipe.token.outcome': 'success',
        'snowpipe.token.refresh_reason': 'forced',
        'snowpipe.token.kind': 'scoped',
      }).value,
    ).toBe(1);
  });

  it('ends a failed refresh with status ERROR and counts it by outcome and reason', async () => {
    const h = createHarness();
    const o = h.telemetry.tokenObserver;
    o.onRefreshStart({ attemptId: 1, reason: 'proactive', atMs: 0 });
    o.onRefreshFailure({
      attemptId: 1,
      reason: 'proactive',
      errorKind: 'network',
      error: new Error('x'),
      consecutiveFailures: 2,
      durationMs: 5,
      attempts: 3,
    });
    const span = h.span('snowpipe.token_refresh');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'network' });
    expect(span.attributes['snowpipe.token.outcome']).toBe('failure');
    expect(span.attributes['error.type']).toBe('network');
    expect(span.attributes['snowpipe.token.consecutive_failures']).toBe(2);
    const refreshes = await h.metric('snowpipe.token.refreshes');
    expect(point(refreshes, { 'snowpipe.token.outcome': 'failure' }).attributes).toEqual({
      'snowpipe.token.outcome': 'failure',
      'snowpipe.token.refresh_reason': 'proactive',
      'error.type': 'network',
    });
  });

  it('records escalation as an ERROR event on the open refresh span', async () => {
    const h = createHarness();
    const o = h.telemetry.tokenObserver;
    o.onRefreshStart({ attemptId: 4, reason: 'initial', kind: 'keypair_jwt', atMs: 0 });
    o.onEscalation({
      attemptId: 4,
      reason: 'initial',
      consecutiveFailures: 3,
      error: new TypeError('y'),
    });
    o.onRefreshFailure({
      attemptId: 4,
      reason: 'initial',
      errorKind: 'auth',
      error: undefined,
      consecutiveFailures: 3,
      durationMs: 1,
      attempts: 1,
    });
    expect(h.spans()).toHaveLength(1);
    const span = h.span('snowpipe.token_refresh');
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'snowpipe.token.escalation',
        {
          'snowpipe.token.attempt_id': 4,
          'snowpipe.token.refresh_reason': 'initial',
          'snowpipe.token.consecutive_failures': 3,
          'error.type': 'TypeError',
        },
      ],
    ]);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(point(await h.metric('snowpipe.token.escalations')).value).toBe(1);
  });

  it('creates a short escalation span when no refresh span is open', () => {
    const h = createHarness();
    h.telemetry.tokenObserver.onEscalation({
      attemptId: 9,
      reason: 'weird free text',
      consecutiveFailures: 5,
      error: 1,
    });
    const span = h.span('snowpipe.token_escalation');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events[0]!.attributes).toMatchObject({
      'snowpipe.token.refresh_reason': 'other',
      'error.type': '_OTHER',
    });
  });

  it('records an outcome whose start it never saw as a zero-length span', () => {
    const h = createHarness();
    h.telemetry.tokenObserver.onRefreshSuccess({ attemptId: 3, reason: 'initial', ...success });
    expect(h.span('snowpipe.token_refresh').attributes['snowpipe.token.attempt_id']).toBe(3);
  });

  it('keeps refreshes of two guards sharing an attempt id apart by kind', () => {
    const h = createHarness();
    const o = h.telemetry.tokenObserver;
    o.onRefreshStart({ attemptId: 1, reason: 'initial', kind: 'scoped', atMs: 0 });
    o.onRefreshStart({ attemptId: 1, reason: 'initial', kind: 'keypair_jwt', atMs: 0 });
    o.onRefreshSuccess({ attemptId: 1, reason: 'initial', ...success, kind: 'scoped' });
    o.onRefreshSuccess({ attemptId: 1, reason: 'initial', ...success, kind: 'keypair_jwt' });
    const spans = h.spans();
    expect(spans).toHaveLength(2);
    for (const s of spans) expect(s.attributes['snowpipe.token.kind']).toBeDefined();
    expect(spans.map((s) => s.attributes['snowpipe.token.kind'])).toEqual([
      'scoped',
      'keypair_jwt',
    ]);
  });

  it('keeps failures of two guards sharing an attempt id apart by guard name', () => {
    const h = createHarness();
    const o = h.telemetry.tokenObserver;
    // The scoped guard starts first; the key-pair guard's refresh (same attempt id) nests inside it.
    o.onRefreshStart({ attemptId: 1, guard: 'scoped', reason: 'initial', atMs: 0 });
    o.onRefreshStart({ attemptId: 1, guard: 'keypair', reason: 'initial', atMs: 0 });
    // The scoped refresh fails first: without guard names the newest (key-pair) span would be taken.
    o.onRefreshFailure({
      attemptId: 1,
      guard: 'scoped',
      reason: 'initial',
      errorKind: 'transient',
      error: new Error('x'),
      consecutiveFailures: 1,
      durationMs: 5,
      attempts: 1,
    });
    const [failed] = h.spans();
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    o.onRefreshSuccess({
      attemptId: 1,
      guard: 'keypair',
      reason: 'initial',
      ...success,
      kind: 'keypair_jwt',
    });
    const spans = h.spans();
    expect(spans).toHaveLength(2);
    expect(spans[1]?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(spans[1]?.attributes['snowpipe.token.kind']).toBe('keypair_jwt');
    expect(idOf(spans[0]!)).not.toBe(idOf(spans[1]!));
  });

  it('ends refresh spans left open beyond the bound instead of growing without limit', () => {
    const h = createHarness();
    for (let i = 0; i < 300; i++)
      h.telemetry.tokenObserver.onRefreshStart({ attemptId: i, reason: 'initial', atMs: 0 });
    expect(h.spans()).toHaveLength(300 - 256);
  });

  it('nests only token operations, and only under a refresh opened in the same place', async () => {
    const h = createHarness();
    const { telemetry: t } = h;
    // A refresh at the root (eager connect, refresh-ahead): a root exchange nests under it,
    // an unrelated root operation does not.
    t.tokenObserver.onRefreshStart({ attemptId: 1, reason: 'proactive', atMs: 0 });
    t.startOperation('snowpipe.status_poll', {}).end();
    t.startOperation('snowpipe.exchange_token', { n: 'root' }).end();
    t.tokenObserver.onRefreshSuccess({ attemptId: 1, reason: 'proactive', ...success });
    const rootRefresh = h.span('snowpipe.token_refresh');
    expect(parentId(h.span('snowpipe.status_poll'))).toBeUndefined();
    expect(parentId(h.span('snowpipe.exchange_token'))).toBe(idOf(rootRefresh));
    // A refresh inside operation A does not capture token operations started inside B, nor
    // A's own non-token operations.
    const a = t.startOperation('snowpipe.append_batch', { n: 'a' });
    const b = t.startOperation('snowpipe.append_batch', { n: 'b' });
    await a.run(async () => {
      t.tokenObserver.onRefreshStart({ attemptId: 2, reason: 'forced', atMs: 0 });
      t.startOperation('snowpipe.flush', {}).end();
      t.startOperation('snowpipe.discover_host', { n: 'in-a' }).end();
    });
    await b.run(async () => t.startOperation('snowpipe.discover_host', { n: 'in-b' }).end());
    t.tokenObserver.onRefreshSuccess({ attemptId: 2, reason: 'forced', ...success });
    await a.run(async () => t.startOperation('snowpipe.exchange_token', { n: 'after' }).end());
    a.end();
    b.end();
    const [opA, opB] = [h.span('snowpipe.append_batch', 0), h.span('snowpipe.append_batch', 1)];
    const refreshA = h.span('snowpipe.token_refresh', 1);
    expect(opA.attributes['snowpipe.n']).toBe('a');
    expect(parentId(refreshA)).toBe(idOf(opA));
    expect(parentId(h.span('snowpipe.flush'))).toBe(idOf(opA));
    expect(parentId(h.span('snowpipe.discover_host', 0))).toBe(idOf(refreshA));
    expect(parentId(h.span('snowpipe.discover_host', 1))).toBe(idOf(opB));
    // After the refresh ended, new work nests under the operation again.
    expect(parentId(h.span('snowpipe.exchange_token', 1))).toBe(idOf(opA));
  });
});
