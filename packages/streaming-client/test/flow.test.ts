import { afterEach, describe, expect, it } from 'vitest';
import { isStreamingIngestError } from '../src/index.js';
import { idRows, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

describe('whole flow against the emulator (through the package entry)', () => {
  it('streams 10,000 rows over several channels exactly once and closes', async () => {
    fixture = await startFixture({ client: { maxBatchBytes: 64 * 1024 } });
    const { client, emulator } = fixture;
    const names = ['orders-0', 'orders-1', 'orders-2', 'orders-3'];
    const opened = await Promise.all(names.map((name) => client.openChannel({ name })));
    for (const { status } of opened) expect(status.latestCommittedOffsetToken).toBeNull();
    await Promise.all(
      opened.map(async ({ channel }, c) => {
        for (let offset = 0; offset < 2500; offset += 100) {
          const batch = idRows(`c${c}`, offset, 100);
          await channel.appendRows(batch, String(offset), String(offset + 99));
        }
      }),
    );
    const committed = await Promise.all(
      opened.map(({ channel }) => channel.waitForCommit('2499', { timeoutMs: 20_000 })),
    );
    expect(committed).toEqual(['2499', '2499', '2499', '2499']);
    const stats = client.stats();
    await client.close();

    const totals = emulator.ledger.totals();
    expect(totals.rowsCommitted).toBe(10_000);
    expect(totals.distinctKeys).toBe(10_000);
    expect(totals.duplicateKeys).toBe(0);
    for (const name of names) {
      expect(emulator.ledger.channel('DB', 'SC', 'P', name)?.committedOffsetToken).toBe('2499');
    }
    expect(stats).toMatchObject({
      rowsAppended: 10_000,
      rowsSent: 10_000,
      recoveries: 0,
      openChannels: 4,
    });
    expect(stats.bytesSent).toBeGreaterThan(0);
    expect(stats.requests).toBeGreaterThan(4);
    expect(client.isClosed()).toBe(true);
    await expect(client.openChannel({ name: 'late' })).rejects.toMatchObject({
      code: 'CLIENT_CLOSED',
    });
    await expect(opened[0]!.channel.appendRow({ id: 'late' })).rejects.toMatchObject({
      code: 'CHANNEL_CLOSED',
    });
  });

  it('reads statuses in bulk, resumes from the committed token, drops channels, and disposes', async () => {
    fixture = await startFixture();
    const { client, emulator } = fixture;
    const { channel } = await client.openChannel({ name: 'resume' });
    await channel.appendRows(idRows('r', 0, 10), '0', '9');
    await channel.waitForCommit('9', { timeoutMs: 10_000 });
    await channel.close();

    const statuses = await client.getChannelStatuses(['resume', 'missing']);
    expect([...statuses.keys()]).toEqual(['resume']);
    expect(statuses.get('resume')).toMatchObject({
      latestCommittedOffsetToken: '9',
      statusCode: 'SUCCESS',
    });
    await expect(client.getLatestCommittedOffsetTokens(['resume'])).resolves.toEqual(
      new Map([['resume', '9']]),
    );

    const again = await client.openChannel({ name: 'resume' });
    expect(again.status.latestCommittedOffsetToken).toBe('9');
    await again.channel.appendRow({ id: 'r-10' }, '10');
    await again.channel.waitForCommit('10', { timeoutMs: 10_000 });
    await again.channel[Symbol.asyncDispose]();
    expect(again.channel.isClosed()).toBe(true);

    await client.dropChannel('resume');
    expect((await client.getChannelStatuses(['resume'])).size).toBe(0);
    expect(emulator.ledger.totals().duplicateKeys).toBe(0);

    expect(client.getElasticChannel()).toBe(client.getElasticChannel());
    await client[Symbol.asyncDispose]();
    expect(client.isClosed()).toBe(true);
  });

  it('refuses a second open of a channel that is already open in this client', async () => {
    fixture = await startFixture();
    await fixture.client.openChannel({ name: 'dup' });
    const error = await fixture.client.openChannel({ name: 'dup' }).catch((e: unknown) => e);
    expect(isStreamingIngestError(error) && error.code).toBe('CHANNEL_ALREADY_OPEN');
  });

  it("connects on the first request with connect: 'lazy'", async () => {
    fixture = await startFixture({ client: { connect: 'lazy' } });
    expect(fixture.emulator.ledger.totals().requests).toBe(0);
    const { channel } = await fixture.client.openChannel({ name: 'lazy' });
    await channel.appendRow({ id: 'l-1' }, '1');
    await expect(channel.waitForCommit('1', { timeoutMs: 10_000 })).resolves.toBe('1');
    expect(fixture.emulator.ledger.totals().requestsByEndpoint.token).toBe(1);
  });

  it('holds memory at maxBufferedBytes while commits are withheld, then resumes the waiting appends', async () => {
    fixture = await startFixture({
      client: { maxBufferedBytes: 16 * 1024, maxBatchBytes: 4 * 1024 },
    });
    const { client, emulator } = fixture;
    const { channel } = await client.openChannel({ name: 'bp' });
    const rule = emulator.faults.inject({
      endpoint: 'append',
      kind: 'withholdCommit',
      channel: 'bp',
    });
    let accepted = 0;
    const producer = (async () => {
      for (let offset = 0; offset < 2000; offset += 100) {
        await channel.appendRows(idRows('bp', offset, 100), String(offset), String(offset + 99));
        accepted += 100;
      }
    })();
    await channel.waitForFlush(); // everything accepted so far is sent; none of it can commit
    expect(accepted).toBeLessThan(2000);
    expect(client.stats().bufferedBytes).toBeLessThanOrEqual(16 * 1024);
    emulator.faults.clear(rule);
    await producer;
    await channel.waitForCommit('1999', { timeoutMs: 20_000 });
    expect(emulator.ledger.channel('DB', 'SC', 'P', 'bp')).toMatchObject({
      distinctKeys: 2000,
      duplicateKeys: 0,
    });
  });
});
