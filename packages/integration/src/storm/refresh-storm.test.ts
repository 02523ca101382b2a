import {
  createKeyPairJwtSource,
  createTokenEnvelope,
  createTokenGuard,
  envelopeFromJwt,
} from '@snowpipe/token-guard';
import type { TokenGuard } from '@snowpipe/token-guard';
import { createFakeClock } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { createTestKeyPair } from '../chaos/test-key-pair.js';
import { countingSource } from './counting-source.js';

const STORM = 10_000;
const HOUR_MS = 3_600_000;

/**
 * The client's two-level chain, built from token-guard alone: a key-pair JWT guard (signs) and a
 * scoped-token guard whose source "exchanges" the JWT for a one-hour token.
 */
function twoLevelChain() {
  const clock = createFakeClock({ startMs: 1_800_000_000_000 });
  const keys = createTestKeyPair();
  const signer = countingSource(
    createKeyPairJwtSource({
      account: 'myorg-acct',
      user: 'storm',
      privateKey: keys.privateKeyPem,
      clock,
    }),
  );
  const jwtGuard = createTokenGuard({ source: signer, clock, name: 'keypair_jwt' });
  let exchangedWith: string[] = [];
  const exchanger = countingSource({
    async fetchToken(signal) {
      const { token: jwt } = await jwtGuard.ensureFresh(signal);
      exchangedWith.push(jwt.value);
      const now = clock.now();
      return createTokenEnvelope({
        value: `scoped-${exchangedWith.length}`,
        issuedAtMs: now,
        expiresAtMs: now + HOUR_MS,
        kind: 'scoped',
      });
    },
  });
  const scopedGuard = createTokenGuard({ source: exchanger, clock, name: 'scoped' });
  return {
    clock,
    signer,
    exchanger,
    jwtGuard,
    scopedGuard,
    exchanged: () => exchangedWith,
    reset: () => (exchangedWith = []),
  };
}

async function storm(guard: TokenGuard, n = STORM, force = false): Promise<Set<string>> {
  const results = await Promise.all(
    Array.from({ length: n }, () => (force ? guard.forceRefresh('storm') : guard.ensureFresh())),
  );
  return new Set(results.map((r) => r.token.value));
}

describe('refresh storm through token-guard (counting key-pair source)', () => {
  it('10,000 concurrent ensureFresh at first use: one signing, one exchange, one token for all', async () => {
    const chain = twoLevelChain();
    const tokens = await storm(chain.scopedGuard);
    expect(tokens.size).toBe(1);
    expect(chain.signer.calls).toBe(1);
    expect(chain.exchanger.calls).toBe(1);
  });

  it('10,000 concurrent ensureFresh across the JWT and scoped-token expiry boundary: one signing, one exchange', async () => {
    const chain = twoLevelChain();
    const before = await storm(chain.scopedGuard, 1);
    const jwtBefore = chain.jwtGuard.current()?.value;
    // Both tokens live one hour: 59 minutes later both are inside their refresh threshold.
    await chain.clock.tick(59 * 60_000);
    const after = await storm(chain.scopedGuard);
    expect(after.size).toBe(1);
    expect([...after][0]).not.toBe([...before][0]);
    expect(chain.signer.calls).toBe(2);
    expect(chain.exchanger.calls).toBe(2);
    expect(chain.signer.maxInFlight).toBe(1);
    expect(chain.exchanger.maxInFlight).toBe(1);
    // The second exchange used the freshly signed JWT, not the expiring one.
    expect(chain.exchanged()[1]).not.toBe(jwtBefore);
    expect(envelopeFromJwt(chain.exchanged()[1]!, 'keypair_jwt').expiresAtMs).toBeGreaterThan(
      chain.clock.now() + 50 * 60_000,
    );
  });

  it('10,000 concurrent forceRefresh (a 401 storm) coalesce into one exchange and no extra signing', async () => {
    const chain = twoLevelChain();
    await storm(chain.scopedGuard, 1);
    const tokens = await storm(chain.scopedGuard, STORM, true);
    expect(tokens.size).toBe(1);
    expect(chain.exchanger.calls).toBe(2);
    expect(chain.signer.calls).toBe(1);
  });

  it('the same storm past expiry (tokens already dead) still makes one signing and one exchange', async () => {
    const chain = twoLevelChain();
    await storm(chain.scopedGuard, 1);
    await chain.clock.tick(2 * HOUR_MS);
    const tokens = await storm(chain.scopedGuard);
    expect(tokens.size).toBe(1);
    expect(chain.signer.calls).toBe(2);
    expect(chain.exchanger.calls).toBe(2);
  });
});
