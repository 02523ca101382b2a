import { createFakeClock, createSeededRandom } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import { createTokenEnvelope, createTokenGuard } from '../src/index.js';
import type { TokenEnvelope, TokenGuardObserver, TokenGuardOptions } from '../src/index.js';

/** A scripted source: counts calls, mints `tok-<n>` tokens issued "now", fails on demand. */
export interface FakeSource {
  calls: number;
  lifetimeMs: number;
  /** Errors to throw, consumed one per call before succeeding. */
  failures: unknown[];
  /** When set, every call waits for this many ms of fake time first. */
  delayMs: number;
  fetchToken(signal?: AbortSignal): Promise<TokenEnvelope>;
}

export function fakeSource(clock: FakeClock, lifetimeMs = 3_600_000): FakeSource {
  const source: FakeSource = {
    calls: 0,
    lifetimeMs,
    failures: [],
    delayMs: 0,
    async fetchToken(signal) {
      source.calls++;
      const n = source.calls;
      if (source.delayMs > 0) await clock.sleep(source.delayMs, signal);
      if (source.failures.length > 0) throw source.failures.shift();
      const now = clock.now();
      return createTokenEnvelope({
        value: `tok-${n}`,
        issuedAtMs: now,
        expiresAtMs: now + source.lifetimeMs,
        kind: 'test',
      });
    },
  };
  return source;
}

/** An error the default classifier retries (HTTP 503). */
export const unavailable = (): Error => Object.assign(new Error('unavailable'), { status: 503 });

export interface Recorded {
  events: Array<{ hook: string; e: Record<string, unknown> }>;
  observer: TokenGuardObserver;
}

export function recorder(): Recorded {
  const events: Recorded['events'] = [];
  const push = (hook: string) => (e: object) =>
    void events.push({ hook, e: e as Record<string, unknown> });
  return {
    events,
    observer: {
      onRefreshStart: push('start'),
      onRefreshSuccess: push('success'),
      onRefreshFailure: push('failure'),
      onEscalation: push('escalation'),
    },
  };
}

export function setup(overrides: Partial<TokenGuardOptions> = {}, lifetimeMs = 3_600_000) {
  const clock = createFakeClock({ startMs: 1_700_000_000_000 });
  const source = fakeSource(clock, lifetimeMs);
  const rec = recorder();
  const guard = createTokenGuard({
    source,
    clock,
    random: createSeededRandom(1),
    observer: rec.observer,
    ...overrides,
  });
  return { clock, source, guard, events: rec.events };
}
