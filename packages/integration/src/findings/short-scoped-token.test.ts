// Found while building the chaos harness: the brief's "scoped-token expiry every few seconds"
// (emulator `scopedTokenTtlS` small) cannot be used, because the client refuses any scoped token
// living less than 60 s. token-guard's envelope minimum (MIN_TOKEN_LIFETIME_MS = 60 000, DESIGN §4
// "lifetime at least 60 s") is applied by streaming-client src/auth/scoped-token-source.ts through
// envelopeFromJwt, so a service that hands out a 30 s token makes createClient fail instead of
// refreshing often. Expected: a short-lived token from the service is used (and refreshed), or the
// failure is a typed error that says so; today it is the first.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';
import type { EmulatorBench } from '../chaos/emulator-client.js';
import { makeRows } from '../chaos/row-source.js';

let bench: EmulatorBench | undefined;
afterEach(async () => {
  await bench?.stop();
  bench = undefined;
});

describe('finding: short-lived scoped tokens', () => {
  it('a client works against a service issuing 30-second scoped tokens', async () => {
    bench = await startEmulatorBench({ rowKeyField: 'id', scopedTokenTtlS: 30 });
    const client = await bench.client();
    const { channel } = await client.openChannel({ name: 'SHORT' });
    await channel.appendRows(makeRows(0, 0, 10), '0', '9');
    await expect(channel.waitForCommit('9', { timeoutMs: 5_000 })).resolves.toBe('9');
  });
});
