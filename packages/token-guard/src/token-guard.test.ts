import { flushMicrotasks } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { setup, unavailable } from '../test/fixtures.js';
import { KeyError } from './key-error.js';
import { TokenRefreshError } from './token-refresh-error.js';

const S = 1000;

describe('createTokenGuard: the contract flows', () => {
  it('fresh → refreshApplied false, no source call, the same frozen result', async () => {
    const { guard, source } = setup();
    const first = await guard.ensureFresh();
    expect(first).toMatchObject({ refreshApplied: true, attempts: 1 });
    expect(first.token.value).toBe('tok-1');
    const a = await guard.ensureFresh();
    const b = await guard.ensureFresh();
    expect(a).toMatchObject({ refreshApplied: false, attempts: 0 });
    expect(a.token).toBe(first.token);
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(source.calls).toBe(1);
  });

  it('the fast path returns the very same resolved promise (no allocation) and no timer work', async () => {
    const { guard, clock } = setup();
    await guard.ensureFresh();
    await guard.ensureFresh(); // decides and caches the fresh window
    const p1 = guard.ensureFresh();
    const p2 = guard.ensureFresh();
    expect(p1).toBe(p2);
    expect(clock.pendingSleeps()).toBe(0);
    expect(clock.sleepLog).toEqual([]);
  });

  it('freshToken() gives the token synchronously exactly when ensureFresh would at once', async () => {
    const { guard, clock, source } = setup();
    expect(guard.freshToken()).toBeUndefined(); // nothing fetched yet
    const first = await guard.ensureFresh();
    expect(guard.freshToken()).toBeUndefined(); // freshness not decided yet: await ensureFresh
    await guard.ensureFresh();
    expect(guard.freshToken()).toBe(first.token);
    await clock.tick(3600 * S - 120 * S - 1);
    expect(guard.freshToken()).toBe(first.token);
    await clock.tick(1); // inside the refresh threshold: only ensureFresh may refresh
    expect(guard.freshToken()).toBeUndefined();
    expect(source.calls).toBe(1);
    const p = guard.ensureFresh();
    await clock.runAll();
    const renewed = await p;
    await guard.ensureFresh();
    expect(guard.freshToken()).toBe(renewed.token);
    clock.jumpWallClock(10 * 60 * S); // a clock jump: the slow path must look first
    expect(guard.freshToken()).toBeUndefined();
    guard.dispose();
    expect(guard.freshToken()).toBeUndefined();
  });

  it('inside the threshold → refreshApplied true with attempts', async () => {
    const { guard, clock, source, events } = setup();
    await guard.ensureFresh();
    await clock.tick(3600 * S - 120 * S - 1);
    expect((await guard.ensureFresh()).refreshApplied).toBe(false);
    await clock.tick(1);
    source.failures.push(unavailable());
    const p = guard.ensureFresh();
    await clock.runAll();
    const r = await p;
    expect(r).toMatchObject({ refreshApplied: true, attempts: 2 });
    expect(r.token.value).toBe('tok-3');
    expect(source.calls).toBe(3);
    const success = events.filter((x) => x.hook === 'success')[1]!.e;
    expect(clock.sleepLog).toHaveLength(1);
    expect(success).toMatchObject({ attempts: 2, delayMs: clock.sleepLog[0], reason: 'proactive' });
  });

  it('failing source → TokenRefreshError REFRESH_FAILED after the whole retry plan', async () => {
    const { guard, clock, source, events } = setup();
    source.failures.push(unavailable(), unavailable(), unavailable(), unavailable());
    const p = guard.ensureFresh();
    const settled = p.catch((e: unknown) => e);
    await clock.runAll();
    const error = (await settled) as TokenRefreshError;
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect(error.code).toBe('REFRESH_FAILED');
    expect(error.attempts).toBe(4);
    expect((error.cause as Error).message).toBe('unavailable');
    expect(source.calls).toBe(4);
    // Backoff with full jitter: three sleeps, each within its exponential cap.
    expect(clock.sleepLog).toHaveLength(3);
    clock.sleepLog.forEach((d, i) => expect(d).toBeLessThanOrEqual(250 * 2 ** i));
    const failure = events.find((x) => x.hook === 'failure')!.e;
    expect(failure).toMatchObject({
      reason: 'initial',
      errorKind: 'transient',
      consecutiveFailures: 1,
      attempts: 4,
    });
    expect(guard.current()).toBeUndefined();
  });
});

describe('coalescing', () => {
  it('10,000 concurrent callers at the boundary: exactly one source call, all get the new token', async () => {
    const { guard, clock, source } = setup();
    await guard.ensureFresh();
    await clock.tick(3480 * S);
    source.delayMs = 50;
    const calls = Array.from({ length: 10_000 }, () => guard.ensureFresh());
    await clock.tick(10); // pending callers keep arriving while the refresh runs
    const late = Array.from({ length: 100 }, () => guard.ensureFresh());
    await clock.tick(50);
    const results = await Promise.all([...calls, ...late]);
    expect(source.calls).toBe(2);
    expect(new Set(results.map((r) => r.token.value))).toEqual(new Set(['tok-2']));
    expect(results.every((r) => r.refreshApplied)).toBe(true);
    expect((await guard.ensureFresh()).refreshApplied).toBe(false);
  });

  it('proactive refresh happens before expiry, with reason "proactive" and observer times', async () => {
    const { guard, clock, events } = setup();
    await guard.ensureFresh();
    await clock.tick(3500 * S);
    const r = await guard.ensureFresh();
    expect(r.token.value).toBe('tok-2');
    expect(clock.now()).toBeLessThan(1_700_000_000_000 + 3600 * S);
    const starts = events.filter((x) => x.hook === 'start').map((x) => x.e.reason);
    expect(starts).toEqual(['initial', 'proactive']);
    const success = events.filter((x) => x.hook === 'success')[1]!.e;
    expect(success).toMatchObject({
      attemptId: 2,
      guard: 'token', // the default guard name: observers shared by several guards key on it
      reason: 'proactive',
      kind: 'test',
      issuedAtMs: clock.now(),
      expiresAtMs: clock.now() + 3600 * S,
      attempts: 1,
      delayMs: 0,
    });
  });
});

describe('forceRefresh', () => {
  it('coalesces concurrent forced refreshes; a later force starts a new one', async () => {
    const { guard, clock, source, events } = setup();
    await guard.ensureFresh();
    source.delayMs = 10;
    const a = guard.forceRefresh('401 from append');
    const b = guard.forceRefresh('401 from append');
    const c = guard.ensureFresh(); // the rejected token is not handed out meanwhile
    await clock.tick(10);
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(source.calls).toBe(2);
    expect(ra).toBe(rb);
    expect(rc.token.value).toBe('tok-2');
    expect(events.find((x) => x.hook === 'start' && x.e.reason === 'forced')!.e.detail).toBe(
      '401 from append',
    );
    const d = guard.forceRefresh('again');
    await clock.tick(10);
    expect((await d).token.value).toBe('tok-3');
  });

  it('401s for an already replaced token join the new token instead of refreshing again', async () => {
    const { guard, source } = setup();
    const old = (await guard.ensureFresh()).token;
    const first = await guard.forceRefresh('401', undefined, old);
    expect(first.token.value).toBe('tok-2');
    const [x, y] = await Promise.all([
      guard.forceRefresh('401', undefined, old),
      guard.forceRefresh('401', undefined, old.value),
    ]);
    expect(source.calls).toBe(2);
    expect(x.token.value).toBe('tok-2');
    expect(y.refreshApplied).toBe(false);
    await guard.forceRefresh('401', undefined, first.token);
    expect(source.calls).toBe(3);
  });
});

describe('escalation', () => {
  it('escalates after exactly three consecutive failed refreshes; a success resets the count', async () => {
    const { guard, clock, source, events } = setup({
      retry: { execute: (_op, fn) => fn({ attempt: 1 }) },
    });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      source.failures.push(unavailable());
      codes.push(
        await guard.ensureFresh().then(
          () => 'ok',
          (e: TokenRefreshError) => e.code,
        ),
      );
    }
    expect(codes).toEqual([
      'REFRESH_FAILED',
      'REFRESH_FAILED',
      'REFRESH_ESCALATED',
      'REFRESH_ESCALATED',
    ]);
    const escalations = events.filter((x) => x.hook === 'escalation');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]!.e).toMatchObject({
      attemptId: 3,
      consecutiveFailures: 3,
      reason: 'initial',
    });
    expect(escalations[0]!.e.error).toBeInstanceOf(TokenRefreshError);
    expect((await guard.ensureFresh()).refreshApplied).toBe(true); // success resets
    await clock.tick(3500 * S);
    source.failures.push(unavailable(), unavailable());
    const after: string[] = [];
    for (let i = 0; i < 2; i++)
      after.push(
        await guard.ensureFresh().then(
          () => 'ok',
          (e: TokenRefreshError) => e.code,
        ),
      );
    expect(after).toEqual(['REFRESH_FAILED', 'REFRESH_FAILED']);
    expect(events.filter((x) => x.hook === 'escalation')).toHaveLength(1);
  });

  it('honours a custom escalateAfter', async () => {
    const { guard, source } = setup({
      escalateAfter: 1,
      retry: { execute: (_op, fn) => fn({ attempt: 1 }) },
    });
    source.failures.push(unavailable());
    await expect(guard.ensureFresh()).rejects.toMatchObject({ code: 'REFRESH_ESCALATED' });
  });

  it('a KeyError from the source is not retried: NON_RETRIABLE', async () => {
    const { guard, source, events } = setup();
    const keyError = new KeyError('KEY_PASSPHRASE_WRONG', 'private key passphrase is wrong');
    source.failures.push(keyError);
    await expect(guard.ensureFresh()).rejects.toMatchObject({
      code: 'NON_RETRIABLE',
      cause: keyError,
    });
    expect(source.calls).toBe(1);
    expect(events.find((x) => x.hook === 'failure')!.e).toMatchObject({
      errorKind: 'client',
      attempts: 1,
    });
  });

  it('a non-retriable source error fails at once with NON_RETRIABLE', async () => {
    const { guard, source } = setup();
    const forbidden = Object.assign(new Error('forbidden'), { status: 403 });
    source.failures.push(forbidden);
    const error = await guard.ensureFresh().catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'TokenRefreshError',
      code: 'NON_RETRIABLE',
      cause: forbidden,
    });
    expect(source.calls).toBe(1);
  });
});

describe('abort and clock jumps', () => {
  it('an abort while waiting rejects that caller only; the shared refresh goes on', async () => {
    const { guard, clock, source } = setup();
    source.delayMs = 100;
    const ac = new AbortController();
    const aborted = guard.ensureFresh(ac.signal);
    const other = guard.ensureFresh();
    await clock.tick(10);
    ac.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    await clock.tick(90);
    expect((await other).token.value).toBe('tok-1');
    expect(source.calls).toBe(1);
    await expect(guard.ensureFresh(AbortSignal.abort(new Error('already')))).rejects.toThrow(
      'already',
    );
  });

  it('a wall-clock jump larger than the skew forces a refresh (reason clock_jump); a small one does not', async () => {
    const { guard, clock, source, events } = setup();
    await guard.ensureFresh();
    await guard.ensureFresh();
    clock.jumpWallClock(29 * S);
    expect((await guard.ensureFresh()).refreshApplied).toBe(false);
    clock.jumpWallClock(-31 * S);
    const r = await guard.ensureFresh();
    expect(r.refreshApplied).toBe(true);
    expect(source.calls).toBe(2);
    expect(events.filter((x) => x.hook === 'start').map((x) => x.e.reason)).toEqual([
      'initial',
      'clock_jump',
    ]);
  });

  it('expiry follows the monotonic clock: a jump is detected, not mistaken for expiry', async () => {
    const { guard, clock } = setup();
    await guard.ensureFresh();
    clock.jumpWallClock(2 * 3600 * S); // the wall clock now says the token expired long ago
    const r = await guard.ensureFresh();
    expect(r.refreshApplied).toBe(true); // refreshed once because of the jump...
    expect((await guard.ensureFresh()).refreshApplied).toBe(false); // ...and fresh afterwards
  });

  it('dispose aborts the refresh in flight and rejects later calls', async () => {
    const { guard, clock, source } = setup();
    source.delayMs = 100;
    const p = guard.ensureFresh();
    await flushMicrotasks();
    guard.dispose();
    await expect(p).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(guard.ensureFresh()).rejects.toMatchObject({ code: 'DISPOSED' });
    await expect(guard.forceRefresh()).rejects.toMatchObject({ code: 'DISPOSED' });
    expect(clock.pendingSleeps()).toBe(0);
  });
});
