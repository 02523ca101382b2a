import { inspect } from 'node:util';
import { createFakeClock, flushMicrotasks } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { setup, unavailable } from '../test/fixtures.js';
import { createRetryCoordinator } from '@snowpipe/retry';
import { createTokenGuard } from './token-guard.js';
import { createStaticTokenSource } from './static-token-source.js';

const S = 1000;
const noRetry = {
  execute: <T>(_op: string, fn: (c: { attempt: number }) => Promise<T>) => fn({ attempt: 1 }),
};

describe('refresh-ahead', () => {
  it('starts one background refresh before the threshold; callers never wait while it succeeds', async () => {
    const { guard, clock, source, events } = setup({ refreshAheadMs: 60 * S });
    await guard.ensureFresh();
    await clock.tick(3600 * S - 180 * S - 1);
    await guard.ensureFresh();
    expect(source.calls).toBe(1);
    await clock.tick(1);
    source.delayMs = 5 * S;
    const during = await Promise.all(Array.from({ length: 50 }, () => guard.ensureFresh()));
    expect(during.every((r) => r.token.value === 'tok-1' && !r.refreshApplied)).toBe(true);
    expect(source.calls).toBe(2);
    await clock.tick(1 * S);
    expect((await guard.ensureFresh()).token.value).toBe('tok-1'); // still in flight, no waiting
    await clock.tick(4 * S);
    const after = await guard.ensureFresh();
    expect(after).toMatchObject({ refreshApplied: false });
    expect(after.token.value).toBe('tok-2');
    expect(source.calls).toBe(2);
    expect(events.filter((x) => x.hook === 'start').map((x) => x.e.reason)).toEqual([
      'initial',
      'proactive',
    ]);
  });

  it('a failed background refresh is never unhandled; the next caller inside the threshold refreshes in the foreground', async () => {
    const { guard, clock, source, events } = setup({ refreshAheadMs: 60 * S, retry: noRetry });
    await guard.ensureFresh();
    await clock.tick(3420 * S);
    source.failures.push(unavailable());
    expect((await guard.ensureFresh()).token.value).toBe('tok-1'); // starts the background refresh
    await flushMicrotasks();
    expect(events.filter((x) => x.hook === 'failure')).toHaveLength(1);
    // No second background attempt for this token while it is outside the threshold.
    await clock.tick(30 * S);
    expect((await guard.ensureFresh()).token.value).toBe('tok-1');
    expect(source.calls).toBe(2);
    await clock.tick(30 * S); // now at the threshold
    const r = await guard.ensureFresh();
    expect(r).toMatchObject({ refreshApplied: true });
    expect(r.token.value).toBe('tok-3');
  });

  it('after a failed background refresh that a forced refresh joined, no new background refresh starts for that token', async () => {
    const { guard, clock, source } = setup({ refreshAheadMs: 60 * S, retry: noRetry });
    await guard.ensureFresh();
    await clock.tick(3420 * S);
    source.delayMs = 1 * S;
    source.failures.push(unavailable());
    await guard.ensureFresh(); // starts the background refresh
    const forced = guard.forceRefresh('401').catch((e: unknown) => e);
    await clock.tick(1 * S);
    expect(await forced).toMatchObject({ code: 'REFRESH_FAILED' });
    expect((await guard.ensureFresh()).token.value).toBe('tok-1');
    expect(source.calls).toBe(2);
  });

  it('callers that reach the threshold while a background refresh runs join it', async () => {
    const { guard, clock, source } = setup({ refreshAheadMs: 1 * S });
    await guard.ensureFresh();
    await clock.tick(3479 * S);
    source.delayMs = 2 * S;
    expect((await guard.ensureFresh()).token.value).toBe('tok-1');
    await clock.tick(1 * S); // threshold reached, refresh still in flight
    const waiting = guard.ensureFresh();
    await clock.tick(1 * S);
    expect(await waiting).toMatchObject({ refreshApplied: true });
    expect(source.calls).toBe(2);
  });
});

describe('observers and cooldown', () => {
  it('observers that throw are swallowed', async () => {
    const boom = () => {
      throw new Error('observer bug');
    };
    const { guard, source } = setup({
      observer: [
        {
          onRefreshStart: boom,
          onRefreshSuccess: boom,
          onRefreshFailure: boom,
          onEscalation: boom,
        },
      ],
      escalateAfter: 1,
      retry: noRetry,
    });
    source.failures.push(unavailable());
    await expect(guard.ensureFresh()).rejects.toMatchObject({ code: 'REFRESH_ESCALATED' });
    await expect(guard.ensureFresh()).resolves.toMatchObject({ refreshApplied: true });
  });

  it('cooldown: a token that arrives inside the threshold is used until it is needed, not refreshed per call', async () => {
    const clock = createFakeClock();
    let calls = 0;
    const source = createStaticTokenSource({
      token: 'pat-secret',
      kind: 'pat',
      expiresAtMs: clock.now() + 100 * S, // lifetime 100 s: threshold 20 s, skew 10 s, cooldown 40 s
      clock,
      refresh: async () => {
        calls++;
        return { token: `pat-${calls}`, expiresAtMs: clock.now() + 100 * S };
      },
    });
    await clock.tick(85 * S); // the token has 15 s left: inside the threshold already
    const guard = createTokenGuard({ source, clock });
    await guard.ensureFresh();
    for (let i = 0; i < 4; i++) {
      await clock.tick(1 * S);
      expect((await guard.ensureFresh()).refreshApplied).toBe(false);
    }
    expect(calls).toBe(0);
    await clock.tick(1 * S); // 10 s left = the skew: needed now, cooldown or not
    expect((await guard.ensureFresh()).token.value).toBe('pat-1');
    expect(calls).toBe(1);
  });

  it('cooldown: once it has passed, a token inside the threshold is refreshed proactively', async () => {
    const clock = createFakeClock();
    let calls = 0;
    const source = createStaticTokenSource({
      token: 'pat-secret',
      kind: 'pat',
      expiresAtMs: clock.now() + 1000 * S, // threshold 120 s, skew 30 s
      clock,
      refresh: async () => `pat-${++calls}`,
    });
    await clock.tick(900 * S); // 100 s left
    const guard = createTokenGuard({ source, clock, policy: { minCooldownMs: 10 * S } });
    await guard.ensureFresh();
    await clock.tick(10 * S - 1);
    expect((await guard.ensureFresh()).refreshApplied).toBe(false);
    await clock.tick(1);
    expect((await guard.ensureFresh()).refreshApplied).toBe(true);
    expect(calls).toBe(1);
  });

  it('a policy that does not fit the token fails NON_RETRIABLE with the explanation as cause', async () => {
    const { guard } = setup({ policy: { thresholdMs: 4000 * S } });
    const error = await guard.ensureFresh().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NON_RETRIABLE' });
    expect(String((error as { cause: { cause: Error } }).cause.cause.message)).toMatch(
      /below the token lifetime/,
    );
  });

  it('works with a real @snowpipe/retry coordinator passed in', async () => {
    const clock = createFakeClock();
    const retry = createRetryCoordinator({ clock, plan: { maxAttempts: 2, jitter: 'none' } });
    const { guard, source } = setup({ retry, clock });
    source.failures.push(unavailable());
    const p = guard.ensureFresh();
    await clock.runAll();
    expect(await p).toMatchObject({ refreshApplied: true, attempts: 2 });
  });

  it('validates options eagerly, naming the option', () => {
    const source = { fetchToken: () => Promise.reject(new Error('x')) };
    expect(() => createTokenGuard({ source, escalateAfter: 0 })).toThrow(
      /"escalateAfter" must be an integer >= 1, got 0/,
    );
    expect(() => createTokenGuard({ source, refreshAheadMs: -1 })).toThrow(/"refreshAheadMs"/);
    expect(() => createTokenGuard({ source: {} as never })).toThrow(/"source"/);
    expect(() => createTokenGuard({ source, policy: { maxSkewMs: 9, thresholdMs: 5 } })).toThrow(
      /maxSkewMs/,
    );
  });

  it('util.inspect and JSON of a guard show no token', async () => {
    const { guard } = setup();
    const { token } = await guard.ensureFresh();
    expect(inspect(guard, { depth: 5 })).not.toContain(token.value);
    expect(inspect(guard)).toContain('TokenGuard');
    expect(JSON.stringify(guard)).not.toContain(token.value);
    expect(inspect(await guard.ensureFresh(), { depth: 5 })).not.toContain(token.value);
  });
});
