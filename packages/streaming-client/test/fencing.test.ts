import { afterEach, describe, expect, it } from 'vitest';
import { createClient, isStreamingIngestError } from '../src/index.js';
import type { StreamingIngestClient } from '../src/index.js';
import { clientOptions, idRows, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

let fixture: Fixture | undefined;
let second: StreamingIngestClient | undefined;
afterEach(async () => {
  await second?.close({ waitForCommit: false, timeoutMs: 1000 }).catch(() => undefined);
  second = undefined;
  await fixture?.stop();
  fixture = undefined;
});

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function secondClient(f: Fixture): Promise<StreamingIngestClient> {
  second = await createClient(clientOptions(f.emulator, f.logs, { clientName: 'writer-b' }));
  return second;
}

const ledger = (f: Fixture) => f.emulator.ledger.channel('DB', 'SC', 'P', 'shared')!;

describe('one writer per channel: a takeover fences the earlier writer', () => {
  it('fails writer A with CHANNEL_TAKEN_OVER (its unproven range named) once B opened the channel; nothing is committed twice', async () => {
    fixture = await startFixture();
    const { client: a, emulator } = fixture;
    const { channel: chA } = await a.openChannel({ name: 'shared' });
    await chA.appendRows(idRows('k', 0, 100), '0', '99');
    await chA.waitForCommit('99', { timeoutMs: 10_000 });
    // A's next rows are accepted but not committed when B takes over (a rolling deploy).
    const held = emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit' });
    await chA.appendRows(idRows('k', 100, 100), '100', '199');
    await chA.waitForFlush();
    const waitA = chA.waitForCommit('199', { timeoutMs: 10_000 });

    const b = await secondClient(fixture);
    const opened = await b.openChannel({ name: 'shared' });
    emulator.faults.clear(held);
    expect(opened.status.latestCommittedOffsetToken).toBe('99');
    await opened.channel.appendRows(idRows('k', 100, 100), '100', '199');
    await opened.channel.waitForCommit('199', { timeoutMs: 10_000 });

    // B resumed the same source: offset position 199 is committed, by a token A sent too, so A's
    // wait may count it (the position is in the table once); a token A never sent would not be.
    expect(await waitA).toBe('199');
    // A's next append meets the stale sequencer: fenced, never reopened.
    await chA.appendRows(idRows('k', 200, 10), '200', '209');
    const flushed = await rejection(chA.waitForFlush());
    expect(flushed).toMatchObject({
      code: 'CHANNEL_TAKEN_OVER',
      details: {
        channelName: 'shared',
        fromOffsetToken: '200',
        toOffsetToken: '209',
        rows: 10,
        latestCommittedOffsetToken: '199',
      },
    });
    expect(isStreamingIngestError(flushed)).toBe(true);
    // Its later calls reject with the same error.
    await expect(chA.appendRow({ id: 'k-210' }, '210')).rejects.toBe(flushed);
    await expect(chA.waitForCommit('99')).rejects.toBe(flushed);
    expect(emulator.ledger.totals().requestsByEndpoint.open).toBe(2); // A never reopened
    expect(ledger(fixture)).toMatchObject({ distinctKeys: 200, duplicateKeys: 0 });
  });

  it("never resolves A's wait on B's higher committed token (disjoint ranges): CHANNEL_TAKEN_OVER", async () => {
    fixture = await startFixture();
    const { client: a, emulator } = fixture;
    const { channel: chA } = await a.openChannel({ name: 'shared' });
    const held = emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit' });
    await chA.appendRows(idRows('a', 0, 10), '0', '9');
    await chA.waitForFlush();
    const b = await secondClient(fixture);
    const { channel: chB } = await b.openChannel({ name: 'shared' }); // A's rows discarded
    emulator.faults.clear(held);
    await chB.appendRows(idRows('b', 1000, 10), '1000', '1009');
    await chB.waitForCommit('1009', { timeoutMs: 10_000 });

    const error = await rejection(chA.waitForCommit('9', { timeoutMs: 10_000 }));
    expect(error).toMatchObject({
      code: 'CHANNEL_TAKEN_OVER',
      details: { fromOffsetToken: '0', toOffsetToken: '9', latestCommittedOffsetToken: null },
    });
    expect(ledger(fixture)).toMatchObject({ rowsCommitted: 10, committedOffsetToken: '1009' });
  });

  it('with reclaimOnTakeover the writer reopens instead (the opt-in)', async () => {
    fixture = await startFixture({ client: { reclaimOnTakeover: true } });
    const { client: a, emulator } = fixture;
    const { channel } = await a.openChannel({ name: 'shared' });
    emulator.faults.inject({ endpoint: 'append', kind: 'staleSequencer', count: 1 });
    await channel.appendRows(idRows('k', 0, 5), '0', '4');
    await expect(channel.waitForCommit('4', { timeoutMs: 10_000 })).resolves.toBe('4');
    expect(a.stats().recoveries).toBe(1);
  });

  it("treats `orders` and `ORDERS` as one channel in one client (the service's identifier rules)", async () => {
    fixture = await startFixture();
    await fixture.client.openChannel({ name: 'orders' });
    await expect(fixture.client.openChannel({ name: 'ORDERS' })).rejects.toMatchObject({
      code: 'CHANNEL_ALREADY_OPEN',
    });
    // a quoted name keeps its case: another channel
    await expect(fixture.client.openChannel({ name: '"orders"' })).resolves.toBeDefined();
  });
});

describe('regressions are errors, never replays', () => {
  it.each([
    ['dropped by another client', 'drop'],
    ['lost by a state-losing restart of the service', 'restart'],
  ] as const)(
    'fails with CHANNEL_STATE_LOST when the channel is %s (nothing replayed)',
    async (_label, how) => {
      fixture = await startFixture();
      const { client: a, emulator } = fixture;
      const { channel } = await a.openChannel({ name: 'shared' });
      await channel.appendRows(idRows('k', 0, 100), '0', '99');
      await channel.waitForCommit('99', { timeoutMs: 10_000 });
      const held = emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit' });
      await channel.appendRows(idRows('k', 100, 100), '100', '199');
      await channel.waitForFlush();
      if (how === 'drop') await (await secondClient(fixture)).dropChannel('shared');
      else emulator.forgetChannels();
      emulator.faults.clear(held);

      const error = await rejection(channel.waitForCommit('199', { timeoutMs: 10_000 }));
      expect(error).toMatchObject({
        code: 'CHANNEL_STATE_LOST',
        details: {
          fromOffsetToken: '100',
          toOffsetToken: '199',
          rows: 100,
          latestCommittedOffsetToken: '99',
        },
      });
      await expect(channel.appendRow({ id: 'k-200' }, '200')).rejects.toBe(error);
      // the 100 committed rows stay once; the 100 discarded ones were not replayed
      expect(ledger(fixture)).toMatchObject({
        rowsCommitted: 100,
        duplicateKeys: 0,
        rowsReceived: 200,
      });
    },
  );
});
