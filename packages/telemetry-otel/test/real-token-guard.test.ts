// The token observer attached to a real @snowpipe/token-guard guard (fake clock), the way the
// client uses it: a forced refresh inside an operation, the token exchange as its own operation.
import { SpanStatusCode } from '@opentelemetry/api';
import { createRetryCoordinator } from '@snowpipe/retry';
import { constantRandom, createFakeClock } from '@snowpipe/test-utils';
import { createTokenEnvelope, createTokenGuard } from '@snowpipe/token-guard';
import type { TokenSource } from '@snowpipe/token-guard';
import { describe, expect, it } from 'vitest';
import { createHarness, idOf, parentId, point } from './otel-harness.js';
import type { Harness } from './otel-harness.js';

const SECRET_TOKEN = 'scoped-token-SECRET-value-123';

/** A token source that performs its exchange as a `snowpipe.exchange_token` operation. */
function exchangeSource(h: Harness, clock: { now(): number }, failures = 0): TokenSource {
  let calls = 0;
  return {
    async fetchToken() {
      const op = h.telemetry.startOperation('snowpipe.exchange_token', {});
      try {
        return await op.run(async () => {
          const attempt = op.httpAttempt({
            method: 'POST',
            url: 'https://acct.example/oauth/token',
            serverAddress: 'acct.example',
            serverPort: 443,
            resendCount: 0,
          });
          if (++calls <= failures) {
            attempt.end({ status: 503 });
            throw Object.assign(new Error(`exchange failed for ${SECRET_TOKEN}`), { status: 503 });
          }
          attempt.end({ status: 200 });
          const now = clock.now();
          return createTokenEnvelope({
            value: SECRET_TOKEN,
            issuedAtMs: now,
            expiresAtMs: now + 3_600_000,
            kind: 'scoped',
          });
        });
      } catch (error) {
        op.end(error);
        throw error;
      } finally {
        op.end();
      }
    },
  };
}

describe('with a real token guard', () => {
  it('nests a forced refresh and its exchange under the operation that hit the 401', async () => {
    const h = createHarness();
    const clock = createFakeClock();
    const guard = createTokenGuard({
      source: exchangeSource(h, clock),
      clock,
      observer: h.telemetry.tokenObserver,
    });
    const op = h.telemetry.startOperation('snowpipe.append_batch', { 'snowpipe.channel': 'c' });
    const done = op.run(async () => {
      await guard.ensureFresh();
      await guard.forceRefresh('401 from append');
    });
    await clock.runAll();
    await done;
    op.end();
    guard.dispose();

    const root = h.span('snowpipe.append_batch');
    const refreshes = h.spans().filter((s) => s.name === 'snowpipe.token_refresh');
    expect(refreshes.map((s) => s.attributes['snowpipe.token.refresh_reason'])).toEqual([
      'initial',
      'forced',
    ]);
    const exchanges = h.spans().filter((s) => s.name === 'snowpipe.exchange_token');
    for (const [i, refresh] of refreshes.entries()) {
      expect(parentId(refresh)).toBe(idOf(root));
      expect(parentId(exchanges[i]!)).toBe(idOf(refresh));
      expect(refresh.attributes).toMatchObject({
        'snowpipe.token.outcome': 'success',
        'snowpipe.token.kind': 'scoped',
        'snowpipe.token.attempts': 1,
        'snowpipe.token.expires_at_ms':
          (refresh.attributes['snowpipe.token.issued_at_ms'] as number) + 3_600_000,
      });
    }
    const posts = h.spans().filter((s) => s.name === 'POST');
    expect(posts.map((s) => parentId(s))).toEqual(exchanges.map((s) => idOf(s)));
    const counted = await h.metric('snowpipe.token.refreshes');
    expect(point(counted, { 'snowpipe.token.refresh_reason': 'forced' }).value).toBe(1);
    expect(JSON.stringify(h.spans().map((s) => [s.attributes, s.events]))).not.toContain('SECRET');
  });

  it('records failures, their retries and the escalation', async () => {
    const h = createHarness();
    const clock = createFakeClock();
    const retry = createRetryCoordinator({
      clock,
      random: constantRandom(0.5),
      plan: { maxAttempts: 2, initialDelayMs: 100, jitter: 'none' },
      observer: h.telemetry.retryObserver,
    });
    const guard = createTokenGuard({
      source: exchangeSource(h, clock, 10),
      clock,
      retry,
      escalateAfter: 1,
      observer: h.telemetry.tokenObserver,
    });
    const op = h.telemetry.startOperation('snowpipe.open_channel', {});
    const done = op.run(() => guard.ensureFresh());
    const settled = done.catch((e: unknown) => e);
    await clock.runAll();
    const error = await settled;
    op.end(error);
    guard.dispose();

    const root = h.span('snowpipe.open_channel');
    const refresh = h.span('snowpipe.token_refresh');
    expect(parentId(refresh)).toBe(idOf(root));
    expect(refresh.status.code).toBe(SpanStatusCode.ERROR);
    expect(refresh.attributes).toMatchObject({
      'snowpipe.token.outcome': 'failure',
      'snowpipe.token.attempts': 2,
    });
    // Retry events land on the active span: the operation (a guard does not run its work inside
    // the refresh span; only operations started during the refresh nest under it).
    expect(root.events.map((e) => e.name)).toEqual(['snowpipe.retry', 'snowpipe.retry.give_up']);
    expect(h.spans().filter((s) => s.name === 'snowpipe.exchange_token')).toHaveLength(2);
    const escalation = h.span('snowpipe.token_escalation');
    expect(parentId(escalation)).toBe(idOf(root));
    expect(escalation.status.code).toBe(SpanStatusCode.ERROR);
    expect(escalation.events.map((e) => e.name)).toEqual(['snowpipe.token.escalation']);
    expect(point(await h.metric('snowpipe.token.escalations')).value).toBe(1);
    expect(root.attributes['error.type']).toBe('REFRESH_ESCALATED');
    expect(JSON.stringify(h.spans().map((s) => [s.attributes, s.events, s.status]))).not.toContain(
      'SECRET',
    );
  });
});
