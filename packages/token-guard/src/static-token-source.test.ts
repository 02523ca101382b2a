import { inspect } from 'node:util';
import { createFakeClock } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { createStaticTokenSource } from './static-token-source.js';
import { createTokenGuard } from './token-guard.js';

const SECRET = 'pat-SECRET-0123456789';

describe('createStaticTokenSource', () => {
  it('hands out the PAT, then the same token again with a new window when there is no refresh', async () => {
    const clock = createFakeClock();
    const source = createStaticTokenSource({
      token: SECRET,
      kind: 'pat',
      clock,
      lifetimeMs: 600_000,
    });
    const a = await source.fetchToken();
    expect(a).toMatchObject({
      value: SECRET,
      kind: 'pat',
      issuedAtMs: clock.now(),
      expiresAtMs: clock.now() + 600_000,
    });
    await clock.tick(500_000);
    const b = await source.fetchToken();
    expect(b.value).toBe(SECRET);
    expect(b.expiresAtMs).toBe(clock.now() + 600_000);
  });

  it('calls the refresh callback for every later fetch (OAuth), with string or object results', async () => {
    const clock = createFakeClock();
    const results = ['oauth-2', { token: 'oauth-3', expiresAtMs: clock.now() + 120_000 }];
    const seen: Array<AbortSignal | undefined> = [];
    const source = createStaticTokenSource({
      token: 'oauth-1',
      kind: 'oauth',
      clock,
      refresh: async (signal) => {
        seen.push(signal);
        return results.shift()!;
      },
    });
    expect((await source.fetchToken()).value).toBe('oauth-1');
    const ac = new AbortController();
    expect((await source.fetchToken(ac.signal)).value).toBe('oauth-2');
    expect(await source.fetchToken()).toMatchObject({
      value: 'oauth-3',
      expiresAtMs: clock.now() + 120_000,
    });
    expect(seen[0]).toBe(ac.signal);
  });

  it('fails TOKEN_EXPIRED past a fixed expiry without refresh; the guard does not retry it', async () => {
    const clock = createFakeClock();
    const source = createStaticTokenSource({
      token: SECRET,
      kind: 'pat',
      clock,
      expiresAtMs: clock.now() + 100_000,
    });
    const guard = createTokenGuard({ source, clock });
    await guard.ensureFresh();
    await clock.tick(100_000);
    const error = await guard.ensureFresh().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NON_RETRIABLE', cause: { code: 'TOKEN_EXPIRED' } });
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('validates eagerly and never prints the token', () => {
    expect(() => createStaticTokenSource({ token: '', kind: 'pat' })).toThrow(/non-empty/);
    expect(() => createStaticTokenSource({ token: SECRET, kind: 'pat', lifetimeMs: 1000 })).toThrow(
      /"lifetimeMs"/,
    );
    const clock = createFakeClock();
    expect(() =>
      createStaticTokenSource({
        token: SECRET,
        kind: 'pat',
        clock,
        expiresAtMs: clock.now() + 1000,
      }),
    ).toThrow(/below the minimum/);
    const source = createStaticTokenSource({ token: SECRET, kind: 'pat' });
    expect(inspect(source, { depth: 9 })).not.toContain(SECRET);
    expect(JSON.stringify(source)).not.toContain(SECRET);
    expect(inspect(source)).toContain('StaticTokenSource');
  });
});
