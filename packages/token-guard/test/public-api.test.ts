import { generateKeyPairSync } from 'node:crypto';
import { createRetryCoordinator } from '@snowpipe/retry';
import type { RetryCoordinator } from '@snowpipe/retry';
import { createFakeClock } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import { jwtVerify } from 'jose';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as api from '../src/index.js';
import type { RefreshRetry, TokenGuardOptions } from '../src/index.js';

describe('public API', () => {
  it('exports the contract names', () => {
    for (const name of [
      'createTokenEnvelope',
      'envelopeFromJwt',
      'createRefreshPolicy',
      'createTokenGuard',
      'createKeyPairJwtSource',
      'publicKeyFingerprint',
      'normalizeAccountForJwt',
      'createStaticTokenSource',
      'TokenRefreshError',
      'KeyError',
      'TokenGuardError',
      'tokenRemainingMs',
    ]) {
      expect(api).toHaveProperty(name);
    }
    expect(
      new api.TokenRefreshError('REFRESH_FAILED', 'm', {
        cause: 1,
        attempts: 1,
        consecutiveFailures: 1,
      }),
    ).toBeInstanceOf(Error);
    expect(api.isTokenGuardError(new api.KeyError('KEY_INVALID', 'm'))).toBe(true);
  });

  it('structural ports: a retry coordinator and the fake clock fit the guard options', () => {
    expectTypeOf<RetryCoordinator>().toMatchTypeOf<RefreshRetry>();
    expectTypeOf<FakeClock>().toMatchTypeOf<NonNullable<TokenGuardOptions['clock']>>();
  });

  it('a key-pair guard end to end: one signing for many concurrent callers, verified JWT', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clock = createFakeClock();
    let signings = 0;
    const inner = api.createKeyPairJwtSource({
      account: 'myorg-myacct',
      user: 'svc',
      privateKey,
      clock,
    });
    const source = { fetchToken: (s?: AbortSignal) => (signings++, inner.fetchToken(s)) };
    const guard = api.createTokenGuard({ source, clock, retry: createRetryCoordinator({ clock }) });
    const results = await Promise.all(Array.from({ length: 1000 }, () => guard.ensureFresh()));
    expect(signings).toBe(1);
    const { payload } = await jwtVerify(results[0]!.token.value, publicKey, {
      currentDate: new Date(clock.now()),
    });
    expect(payload.iss).toBe(inner.issuer);
    const scoped = api.envelopeFromJwt(results[0]!.token.value, 'scoped');
    expect(scoped.expiresAtMs).toBe(results[0]!.token.expiresAtMs);
  });
});
