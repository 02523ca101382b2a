import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideRefresh } from './decide-refresh.js';
import { createRefreshPolicy, DEFAULT_REFRESH_POLICY } from './refresh-policy.js';

const S = 1000;

describe('createRefreshPolicy: resolved numbers per token lifetime', () => {
  it.each([
    // options, lifetime, threshold, skew, cooldown
    [{}, 3600 * S, 120 * S, 30 * S, 300 * S],
    [{}, 300 * S, 60 * S, 30 * S, 120 * S],
    [{}, 60 * S, 12 * S, 6 * S, 24 * S],
    [{}, 600 * S, 120 * S, 30 * S, 240 * S],
    [{ thresholdMs: 90 * S }, 3600 * S, 90 * S, 30 * S, 300 * S],
    [{ thresholdMs: 40 * S }, 60 * S, 40 * S, 20 * S, 10 * S],
    [{ thresholdMs: 40 * S, maxSkewMs: 5 * S }, 60 * S, 40 * S, 5 * S, 10 * S],
    [{ maxSkewMs: 10 * S }, 300 * S, 60 * S, 10 * S, 120 * S],
    [{ minCooldownMs: 0 }, 3600 * S, 120 * S, 30 * S, 0],
    [{ minCooldownMs: 60 * S }, 3600 * S, 120 * S, 30 * S, 60 * S],
  ] as const)('%j with lifetime %d → threshold %d, skew %d, cooldown %d', (opts, life, t, s, c) => {
    const r = createRefreshPolicy(opts).resolve(life);
    expect(r).toEqual({ lifetimeMs: life, thresholdMs: t, skewMs: s, cooldownMs: c });
  });

  it('exposes its defaults as a frozen constant', () => {
    expect(Object.isFrozen(DEFAULT_REFRESH_POLICY)).toBe(true);
    expect(DEFAULT_REFRESH_POLICY).toMatchObject({ minCooldownMs: 300_000, maxSkewMs: 30_000 });
  });
});

describe('createRefreshPolicy: invalid and conflicting options', () => {
  it.each([
    [{ thresholdMs: 0 }, /"thresholdMs" must be a finite number > 0, got 0/],
    [{ thresholdMs: -5 }, /"thresholdMs".*got -5/],
    [{ thresholdMs: Number.NaN }, /"thresholdMs".*NaN/],
    [
      { minCooldownMs: -1 },
      /"minCooldownMs" must be a finite number >= 0 \(non-negative\), got -1/,
    ],
    [{ maxSkewMs: Infinity }, /"maxSkewMs".*Infinity/],
    [{ maxSkewMs: '5' }, /"maxSkewMs".*"5"/],
    [
      { thresholdMs: 20 * S, maxSkewMs: 20 * S },
      /"maxSkewMs" \(20000\) must be below "thresholdMs" \(20000\).*no window/,
    ],
    [{ thresholdMs: 20 * S, maxSkewMs: 30 * S }, /must be below "thresholdMs"/],
    [{ thresholdMS: 5 }, /unknown refresh policy option "thresholdMS"/],
  ])('%j throws', (opts, message) => {
    expect(() => createRefreshPolicy(opts as never)).toThrow(message);
  });

  it('rejects a threshold at or above the token lifetime, explaining why', () => {
    const policy = createRefreshPolicy({ thresholdMs: 120 * S });
    expect(() => policy.resolve(120 * S)).toThrow(
      /"thresholdMs" \(120000\) must be below the token lifetime \(120000 ms\).*every token is due/,
    );
    expect(() => policy.resolve(60 * S)).toThrow(RangeError);
    expect(policy.resolve(121 * S).thresholdMs).toBe(120 * S);
  });

  it('rejects an explicit skew that reaches the default threshold of a short token', () => {
    const policy = createRefreshPolicy({ maxSkewMs: 30 * S });
    expect(policy.resolve(3600 * S).skewMs).toBe(30 * S);
    expect(() => policy.resolve(60 * S)).toThrow(
      /"maxSkewMs" \(30000\) must be below the threshold \(12000 ms/,
    );
  });

  it('clamps only the default skew for short tokens (documented rule: min(30 s, threshold / 2))', () => {
    const policy = createRefreshPolicy();
    for (const life of [60 * S, 90 * S, 150 * S, 299 * S, 300 * S, 3600 * S]) {
      const r = policy.resolve(life);
      expect(r.skewMs).toBe(Math.min(30 * S, Math.floor(r.thresholdMs / 2)));
      expect(r.skewMs).toBeLessThan(r.thresholdMs);
    }
  });

  it('property: resolved numbers always leave a refresh window and a healthy proactive refresh', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60 * S, max: 24 * 3600 * S }), (life) => {
        const r = createRefreshPolicy().resolve(life);
        expect(r.thresholdMs).toBeLessThanOrEqual(120 * S);
        expect(r.thresholdMs).toBeLessThan(life);
        expect(r.skewMs).toBeGreaterThanOrEqual(0);
        expect(r.skewMs).toBeLessThan(r.thresholdMs);
        // A token received at issue reaches its threshold after the cooldown has passed.
        expect(r.cooldownMs).toBeLessThan(life - r.thresholdMs);
      }),
    );
  });
});

describe('decideRefresh', () => {
  const r = createRefreshPolicy().resolve(3600 * S); // threshold 120 s, skew 30 s, cooldown 300 s
  const exp = 10_000 * S;
  const at = (remainingS: number, extra: object = {}) =>
    decideRefresh(r, { nowMs: exp - remainingS * S, expiresAtMs: exp, ...extra });

  it.each([
    [3000, 'none', 'fresh'],
    [120.001, 'none', 'fresh'],
    [120, 'foreground', 'threshold'],
    [60, 'foreground', 'threshold'],
    [30.001, 'foreground', 'threshold'],
    [30, 'foreground', 'expired'],
    [0, 'foreground', 'expired'],
    [-100, 'foreground', 'expired'],
  ] as const)('%d s left → %s (%s)', (left, action, why) => {
    expect(at(left)).toMatchObject({ action, why });
  });

  it('a fresh decision holds until the threshold (or the ahead window)', () => {
    expect(at(1000).recheckAtMs).toBe(exp - 120 * S);
    expect(at(1000, { refreshAheadMs: 60 * S }).recheckAtMs).toBe(exp - 180 * S);
  });

  it('refresh-ahead: background inside the ahead window, until the threshold', () => {
    expect(at(181, { refreshAheadMs: 60 * S })).toMatchObject({ action: 'none' });
    expect(at(180, { refreshAheadMs: 60 * S })).toEqual({
      action: 'background',
      why: 'refresh_ahead',
      recheckAtMs: exp - 120 * S,
    });
    expect(at(119, { refreshAheadMs: 60 * S })).toMatchObject({ action: 'foreground' });
  });

  it('cooldown: holds back a proactive refresh of a token received recently, until it is needed', () => {
    const nowMs = exp - 100 * S;
    const recent = { lastRefreshAtMs: nowMs - 299 * S };
    expect(decideRefresh(r, { nowMs, expiresAtMs: exp, ...recent })).toEqual({
      action: 'none',
      why: 'cooldown',
      recheckAtMs: nowMs + 1 * S,
    });
    expect(
      decideRefresh(r, { nowMs, expiresAtMs: exp, lastRefreshAtMs: nowMs - 300 * S }).action,
    ).toBe('foreground');
    // Cooldown never blocks a refresh the token needs: within the skew it is expired.
    const late = { nowMs: exp - 30 * S, expiresAtMs: exp, lastRefreshAtMs: exp - 31 * S };
    expect(decideRefresh(r, late)).toMatchObject({ action: 'foreground', why: 'expired' });
    // The cooldown decision rechecks no later than the point the token counts as expired.
    const mid = { nowMs: exp - 60 * S, expiresAtMs: exp, lastRefreshAtMs: exp - 70 * S };
    expect(decideRefresh(r, mid).recheckAtMs).toBe(exp - 30 * S);
  });

  it('property: never "none" once within the skew; never a refresh before the ahead window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000, max: 4000 }),
        fc.integer({ min: 0, max: 600 }),
        fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
        (leftS, aheadS, sinceS) => {
          const nowMs = exp - leftS * S;
          const d = decideRefresh(r, {
            nowMs,
            expiresAtMs: exp,
            refreshAheadMs: aheadS * S,
            ...(sinceS === undefined ? {} : { lastRefreshAtMs: nowMs - sinceS * S }),
          });
          if (leftS <= 30) expect(d.action).toBe('foreground');
          if (leftS > 120 + aheadS) expect(d).toMatchObject({ action: 'none', why: 'fresh' });
          if (d.action === 'none') expect(d.recheckAtMs).toBeGreaterThan(nowMs);
        },
      ),
    );
  });
});
