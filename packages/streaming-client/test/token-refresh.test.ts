import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '@snowpipe/test-utils';
import { idRows, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';
import { drive } from './support/drive.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const TTL_S = 300;

async function start() {
  const clock = createFakeClock();
  fixture = await startFixture({
    emulator: { clock, scopedTokenTtlS: TTL_S },
    client: {
      clock,
      commitPollIntervalMs: 250,
      commitPollMaxIntervalMs: 4000,
      maxClientLagMs: 1000,
    },
  });
  const tokenExchanges = () => fixture!.emulator.ledger.totals().requestsByEndpoint.token ?? 0;
  return { clock, ...fixture, tokenExchanges };
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (
    let e = error;
    e !== undefined && e !== null && chain.length < 10;
    e = (e as { cause?: unknown }).cause
  )
    chain.push(e);
  return chain;
}

describe('scoped-token refresh through the channel path (emulator, fake clock)', () => {
  it('refreshes the scoped token before it expires: no request is rejected', async () => {
    const { clock, client, emulator, tokenExchanges } = await start();
    expect(tokenExchanges()).toBe(1);
    const { channel } = await client.openChannel({ name: 'ch' });
    await channel.appendRows(idRows('t', 0, 5), '0', '4');
    await channel.waitForFlush();
    await clock.tick((TTL_S - 50) * 1000); // inside the refresh threshold, not yet expired
    await channel.appendRows(idRows('t', 5, 5), '5', '9');
    await channel.waitForFlush();
    expect(tokenExchanges()).toBe(2);
    expect(client.stats().retries).toBe(0);
    expect(emulator.faults.fired()).toEqual([]);
    expect(emulator.ledger.channel('DB', 'SC', 'P', 'ch')).toMatchObject({
      rowsCommitted: 10,
      duplicateKeys: 0,
    });
  });

  it('coalesces the refresh of 100 channels appending when the token expires into one exchange', async () => {
    const { clock, client, emulator, tokenExchanges } = await start();
    const channels = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        client.openChannel({ name: `ch-${i}` }).then((r) => r.channel),
      ),
    );
    expect(tokenExchanges()).toBe(1);
    await clock.tick((TTL_S + 1) * 1000); // the scoped token has expired
    await Promise.all(channels.map((c, i) => c.appendRow({ id: `row-${i}` }, '1')));
    await Promise.all(channels.map((c) => c.waitForFlush()));
    expect(tokenExchanges()).toBe(2);
    const totals = emulator.ledger.totals();
    expect(totals.rowsCommitted).toBe(100);
    expect(totals.duplicateKeys).toBe(0);
  });

  it('surfaces the token failure once the token source keeps failing past the retry budget', async () => {
    const { clock, client, emulator } = await start();
    const { channel } = await client.openChannel({ name: 'ch' });
    emulator.faults.inject({ endpoint: 'token', kind: 'http503' });
    await clock.tick((TTL_S + 1) * 1000);
    await channel.appendRow({ id: 'x' }, '1');
    const error = await drive(
      clock,
      channel.waitForFlush().catch((e: unknown) => e),
      { stepMs: 50 },
    );
    // The connection reports the exhausted token exchange (the guard's TokenRefreshError is
    // unwrapped to the service error behind it); the channel fails with it instead of reopening.
    expect(error).toMatchObject({ code: 'RETRY_EXHAUSTED', httpStatus: 503 });
    const retry = causes(error).find((e) => (e as Error).name === 'RetryError') as {
      outcome: { operation: string };
    };
    expect(retry.outcome.operation).toBe('exchange_token');
    expect(emulator.ledger.totals().requestsByEndpoint.open).toBe(1); // no reopen attempted
    expect(client.stats().recoveries).toBe(0);
    await expect(channel.appendRow({ id: 'y' }, '2')).rejects.toBe(error);
  });

  it('escalates after three consecutive failed refreshes: REFRESH_ESCALATED, guard error as cause', async () => {
    const { clock, client, emulator } = await start();
    emulator.faults.inject({ endpoint: 'token', kind: 'http503' });
    await clock.tick((TTL_S + 1) * 1000);
    const codes: string[] = [];
    let last: unknown;
    for (let i = 0; i < 3; i++) {
      last = await drive(
        clock,
        client.getChannelStatuses(['ch']).catch((e: unknown) => e),
        { stepMs: 50 },
      );
      codes.push((last as { code: string }).code);
    }
    expect(codes).toEqual(['RETRY_EXHAUSTED', 'RETRY_EXHAUSTED', 'REFRESH_ESCALATED']);
    const guardError = causes(last).find((e) => (e as Error).name === 'TokenRefreshError');
    expect(guardError).toMatchObject({ code: 'REFRESH_ESCALATED' });
  });
});
