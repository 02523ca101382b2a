// The retry observer attached to a real @snowpipe/retry coordinator (fake clock), the way the
// client uses it: the coordinator runs inside the operation's run(), one HTTP attempt per try.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createRetryCoordinator } from '@snowpipe/retry';
import { constantRandom, createFakeClock } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { createHarness, idOf, parentId, point } from './otel-harness.js';

const target = {
  method: 'POST',
  url: 'https://h.example/rows?requestId=1',
  serverAddress: 'h.example',
  serverPort: 443,
};

describe('with a real retry coordinator', () => {
  it('records a retried append as operation -> two CLIENT spans plus a retry event and metric', async () => {
    const h = createHarness();
    const clock = createFakeClock();
    const retry = createRetryCoordinator({
      clock,
      random: constantRandom(0.5),
      plan: { initialDelayMs: 100, jitter: 'none' },
      observer: h.telemetry.retryObserver,
    });
    const op = h.telemetry.startOperation('snowpipe.append_batch', {
      'snowpipe.channel': 'c',
      'snowpipe.rows': 2,
    });
    const done = op.run(() =>
      retry.execute('snowpipe.append_batch', async (ctx) => {
        const attempt = op.httpAttempt({ ...target, resendCount: ctx.attempt - 1 });
        h.advance(10);
        if (ctx.attempt === 1) {
          attempt.end({ status: 503 });
          throw Object.assign(new Error('unavailable'), { status: 503 });
        }
        attempt.end({ status: 200 });
        return 'ok';
      }),
    );
    await clock.runAll();
    expect(await done).toBe('ok');
    op.end();

    const root = h.span('snowpipe.append_batch');
    const posts = h.spans().filter((s) => s.name === 'POST');
    expect(posts).toHaveLength(2);
    expect(
      posts.map((s) => [s.kind, parentId(s), s.attributes['http.request.resend_count']]),
    ).toEqual([
      [SpanKind.CLIENT, idOf(root), undefined],
      [SpanKind.CLIENT, idOf(root), 1],
    ]);
    expect(posts[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.events.map((e) => e.name)).toEqual(['snowpipe.retry']);
    expect(root.events[0]!.attributes).toMatchObject({
      'snowpipe.retry.attempt': 1,
      'snowpipe.retry.delay_ms': 100,
      'snowpipe.retry.delay_source': 'backoff',
      'snowpipe.retry.reason': 'transient', // @snowpipe/retry classifies 503 as transient
      'http.response.status_code': 503,
    });
    expect(clock.sleepLog).toEqual([100]);
    expect(
      point(await h.metric('snowpipe.retries'), { 'snowpipe.retry.reason': 'transient' }).value,
    ).toBe(1);
  });

  it('adds a give-up event when the coordinator stops retrying', async () => {
    const h = createHarness();
    const clock = createFakeClock();
    const retry = createRetryCoordinator({ clock, observer: h.telemetry.retryObserver });
    const op = h.telemetry.startOperation('snowpipe.open_channel', {});
    const done = op.run(() =>
      retry.execute('snowpipe.open_channel', () =>
        Promise.reject(Object.assign(new Error('no'), { status: 400 })),
      ),
    );
    await expect(done).rejects.toMatchObject({ code: 'NOT_RETRYABLE' });
    op.end(await done.catch((e: unknown) => e));
    const root = h.span('snowpipe.open_channel');
    expect(
      root.events.map((e) => [e.name, e.attributes?.['snowpipe.retry.give_up_reason']]),
    ).toEqual([['snowpipe.retry.give_up', 'not_retryable']]);
    expect(root.attributes['error.type']).toBe('NOT_RETRYABLE');
  });
});
