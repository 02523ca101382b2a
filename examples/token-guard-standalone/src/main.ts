// A tiny "service" that keeps its own Snowflake key-pair JWT fresh with @snowpipe/token-guard and
// nothing else. It checks its own behaviour and exits non-zero if anything is off.
import { generateKeyPairSync } from 'node:crypto';
import { createKeyPairJwtSource, createTokenGuard } from '@snowpipe/token-guard';
import type { TokenEnvelope } from '@snowpipe/token-guard';
import { verifyJwt } from './verify-jwt.js';

const failures: string[] = [];
const check = (ok: boolean, what: string): void => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

// A real clock that the demo can move forward, so it need not wait an hour for a refresh.
let offsetMs = 0;
const clock = {
  now: () => Date.now() + offsetMs,
  monotonicNow: () => performance.now() + offsetMs,
  sleep: (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener(
        'abort',
        () => (clearTimeout(timer), reject(signal.reason as Error)),
        { once: true },
      );
    }),
};

// 1. A key pair generated at start (in real life: the private key from your secret store).
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwtSource = createKeyPairJwtSource({
  account: 'myorg-myaccount',
  user: 'svc_ingest',
  privateKey,
  clock,
});
let signings = 0;
const source = { fetchToken: (signal?: AbortSignal) => (signings++, jwtSource.fetchToken(signal)) };
console.log(`issuer: ${jwtSource.issuer}`);

const guard = createTokenGuard({
  source,
  clock,
  name: 'service-jwt',
  observer: {
    onRefreshSuccess: (e) =>
      console.log(`  refresh #${e.attemptId} (${e.reason}) took ${e.durationMs.toFixed(1)} ms`),
    onRefreshFailure: (e) => console.log(`  refresh #${e.attemptId} failed: ${e.errorKind}`),
  },
});

// 2. The "upstream": accepts a request when the bearer JWT verifies, else answers 401.
let rejectBefore = 0; // tokens issued before this (epoch s) are "revoked" by the upstream
async function upstream(token: TokenEnvelope): Promise<number> {
  await clock.sleep(1);
  try {
    const claims = verifyJwt(token.value, publicKey, clock.now());
    return (claims.iat as number) < rejectBefore ? 401 : 200;
  } catch {
    return 401;
  }
}

// 3. A request handler: fresh token before each call; one forced refresh and one replay on 401.
async function handleRequest(): Promise<number> {
  const { token } = await guard.ensureFresh();
  const status = await upstream(token);
  if (status !== 401) return status;
  const renewed = await guard.forceRefresh('upstream 401', undefined, token);
  return upstream(renewed.token);
}

const burst = async (n: number): Promise<number[]> =>
  Promise.all(Array.from({ length: n }, handleRequest));

try {
  console.log('\n50 concurrent requests at start-up:');
  const first = await burst(50);
  check(
    first.every((s) => s === 200),
    'all 50 requests succeeded',
  );
  check(signings === 1, `one coalesced signing for 50 callers (signed ${signings})`);

  console.log('\n200 more requests while the token is fresh:');
  await burst(200);
  check(signings === 1, `no signing on the fast path (signed ${signings})`);

  console.log('\n59 minutes later, 100 concurrent requests inside the refresh threshold:');
  offsetMs += 59 * 60_000;
  const inWindow = await burst(100);
  check(
    inWindow.every((s) => s === 200),
    'all 100 requests succeeded',
  );
  check(signings === 2, `exactly one proactive refresh (signed ${signings})`);

  console.log('\nThe upstream revokes current tokens; 100 concurrent requests get a 401:');
  offsetMs += 2_000; // so the next token's iat is after the revocation point
  rejectBefore = Math.floor(clock.now() / 1000);
  const after401 = await burst(100);
  check(
    after401.every((s) => s === 200),
    'all 100 requests succeeded after one replay',
  );
  check(signings === 3, `100 concurrent 401s caused one forced refresh (signed ${signings})`);
  check(guard.current()?.kind === 'keypair_jwt', 'the guard holds a key-pair JWT');
  check(
    !String(JSON.stringify(guard.current())).includes(guard.current()!.value),
    'the token never prints',
  );
} finally {
  guard.dispose();
}

if (failures.length > 0) {
  console.error(`\n${failures.length} check(s) failed`);
  process.exitCode = 1;
} else {
  console.log('\nall checks passed');
}
