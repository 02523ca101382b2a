import { createUndiciTransport } from '@snowpipe/transport-undici';
import { createFakeClock } from '@snowpipe/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';
import type { EmulatorBench } from '../chaos/emulator-client.js';

const STORM = 10_000;

let bench: EmulatorBench | undefined;
afterEach(async () => {
  await bench?.stop();
  bench = undefined;
});

describe('refresh storm through the client and the emulator', () => {
  it('10,000 concurrent getChannelStatuses across the JWT and scoped-token boundary: one signing, one exchange', async () => {
    // One fake clock for both sides, so the emulator checks `iat`/`exp` at the time the client signs.
    const clock = createFakeClock({ startMs: 1_800_000_000_000 });
    bench = await startEmulatorBench({ clock, scopedTokenTtlS: 3600 });
    const transport = createUndiciTransport({ connections: 64 });
    const client = await bench.client({ clock, transport });
    await client.openChannel({ name: 'STORM' });
    const before = bench.emulator.ledger.totals().requestsByEndpoint;
    const refreshesBefore = client.stats().tokenRefreshes;
    expect(before.token).toBe(1);

    // 59 minutes later both the key-pair JWT and the scoped token (one hour each) are due.
    await clock.tick(59 * 60_000);
    const results = await Promise.allSettled(
      Array.from({ length: STORM }, () => client.getChannelStatuses(['STORM'])),
    );
    const failures = results.filter((r) => r.status === 'rejected');
    expect(failures.map((f) => String(f.reason)).slice(0, 3)).toEqual([]);

    const after = bench.emulator.ledger.totals().requestsByEndpoint;
    expect(after.token! - before.token!).toBe(1); // one exchange (each exchange carries one freshly signed JWT)
    expect(after.hostname).toBe(before.hostname); // the ingest host is not rediscovered
    expect(after.status! - (before.status ?? 0)).toBe(STORM); // no request was sent twice
    // One signing + one exchange = two refreshes (the JWT guard and the scoped-token guard).
    expect(client.stats().tokenRefreshes - refreshesBefore).toBe(2);
    await client.close();
    await transport.close();
  }, 60_000);
});
