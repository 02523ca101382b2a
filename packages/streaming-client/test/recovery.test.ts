import { afterEach, describe, expect, it } from 'vitest';
import type { FaultRule } from '@snowpipe/emulator';
import { idRows, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';
import { ndjsonText } from './support/ndjson-text.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const ROWS = 2000;

/** Streams ROWS rows with offset tokens in 20 appends, injecting `fault` after the first quarter. */
async function streamWithFault(
  fault: Omit<FaultRule, 'channel'>,
  options: { clearAfterMs?: boolean; encoded?: boolean | 'in place' | 'unread' } = {},
) {
  // In place, every 100-row call (~2.5 KB) fills half a batch to one batch, so it is sent as it is
  // (and, unread, checked only right before it is sent).
  const inPlace = options.encoded === 'in place' || options.encoded === 'unread';
  const maxBatchBytes = inPlace ? 4 * 1024 : 8 * 1024;
  // A stale sequencer is a takeover: only a client that opted into reclaiming reopens after it.
  const reclaim = fault.kind === 'staleSequencer' || options.clearAfterMs === true;
  fixture = await startFixture({
    client: { maxBatchBytes, ...(reclaim ? { reclaimOnTakeover: true } : {}) },
  });
  const { client, emulator } = fixture;
  const { channel } = await client.openChannel({ name: 'ch' });
  let faultId: string | undefined;
  for (let offset = 0; offset < ROWS; offset += 100) {
    if (offset === ROWS / 4) {
      await channel.waitForFlush();
      faultId = emulator.faults.inject({ ...fault, channel: 'ch' });
    }
    const rows = idRows('k', offset, 100);
    if (inPlace) {
      // a fresh buffer per call, never reused: the client keeps and sends it, and replays it
      const ndjson = Buffer.from(ndjsonText(rows));
      expect(ndjson.byteLength).toBeGreaterThanOrEqual(maxBatchBytes / 2);
      expect(ndjson.byteLength).toBeLessThanOrEqual(maxBatchBytes);
      await channel.appendEncodedRows(ndjson, String(offset), String(offset + 99), {
        copy: false,
        ...(options.encoded === 'unread' ? { rowCount: rows.length } : {}),
      });
    } else if (options.encoded) {
      // ready JSON, as a Kafka bridge holds it: one NDJSON text per call
      const ndjson = rows.map((r) => JSON.stringify(r)).join('\n');
      await channel.appendEncodedRows(ndjson, String(offset), String(offset + 99));
    } else {
      await channel.appendRows(rows, String(offset), String(offset + 99));
    }
  }
  if (options.clearAfterMs) {
    await channel.waitForFlush();
    // the withheld data is discarded by a reopen forced by another writer
    emulator.faults.inject({ endpoint: 'append', kind: 'staleSequencer', count: 1, channel: 'ch' });
    emulator.faults.clear(faultId);
    await channel.appendRows(idRows('k', ROWS, 1), String(ROWS), String(ROWS));
  }
  const last = String(options.clearAfterMs ? ROWS : ROWS - 1);
  await expect(channel.waitForCommit(last, { timeoutMs: 20_000 })).resolves.toBe(last);
  const expected = options.clearAfterMs ? ROWS + 1 : ROWS;
  const ledger = emulator.ledger.channel('DB', 'SC', 'P', 'ch')!;
  expect(ledger.distinctKeys).toBe(expected);
  expect(ledger.duplicateKeys).toBe(0);
  expect(ledger.rowsCommitted).toBe(expected);
  expect(emulator.faults.fired().length).toBeGreaterThan(0);
  return { client, emulator, channel };
}

describe('recovery against the emulator: exactly once with offset tokens', () => {
  const faults = [
    ['stale continuation token', 'staleSequencer'],
    ['409 invalidation', 'invalidateChannel'],
    ['connection reset after the append was applied', 'resetAfterApply'],
  ] as const;
  it.each(
    faults.flatMap(
      ([label, kind]) =>
        [
          [label, 'copied', kind, true],
          [label, 'sent in place (copy: false)', kind, 'in place'],
          [label, 'sent in place and checked when sent (copy: false, rowCount)', kind, 'unread'],
        ] as const,
    ),
  )('%s, rows appended as ready JSON, %s', async (_label, _mode, kind, encoded) => {
    const { client } = await streamWithFault({ endpoint: 'append', kind, count: 1 }, { encoded });
    expect(client.stats().recoveries).toBeGreaterThanOrEqual(1);
  });

  it('stale continuation token (another writer reopened the channel), with reclaimOnTakeover', async () => {
    const { client } = await streamWithFault({
      endpoint: 'append',
      kind: 'staleSequencer',
      count: 1,
    });
    expect(client.stats().recoveries).toBe(1);
    expect(fixture!.logs.some((l) => l.includes('STALE_CONTINUATION_TOKEN_SEQUENCER'))).toBe(true);
  });

  it('409 invalidation of the channel', async () => {
    const { client } = await streamWithFault({
      endpoint: 'append',
      kind: 'invalidateChannel',
      count: 1,
    });
    expect(client.stats().recoveries).toBeGreaterThanOrEqual(1);
  });

  it('connection reset after the append was applied (ambiguous outcome)', async () => {
    const { client } = await streamWithFault({
      endpoint: 'append',
      kind: 'resetAfterApply',
      count: 1,
    });
    expect(client.stats().recoveries).toBe(1);
  });

  it('503 on append until the retry budget is exhausted', async () => {
    const { client } = await streamWithFault({ endpoint: 'append', kind: 'http503', count: 6 });
    expect(client.stats().retries).toBeGreaterThanOrEqual(3);
    expect(client.stats().recoveries).toBeGreaterThanOrEqual(1);
  });

  it('withheld commits discarded by a reopen are replayed from the committed token', async () => {
    const { client } = await streamWithFault(
      { endpoint: 'append', kind: 'withholdCommit' },
      { clearAfterMs: true },
    );
    expect(client.stats().recoveries).toBe(1);
    expect(client.stats().rowsReplayed).toBeGreaterThan(0);
  });

  it('fails with REPLAY_IMPOSSIBLE, naming the offsets, when recovery is disabled', async () => {
    fixture = await startFixture({ client: { recovery: false } });
    const { client, emulator } = fixture;
    const { channel } = await client.openChannel({ name: 'ch' });
    emulator.faults.inject({
      endpoint: 'append',
      kind: 'invalidateChannel',
      count: 1,
      channel: 'ch',
    });
    await channel.appendRows(idRows('k', 0, 5), '0', '4');
    const error = await channel.waitForFlush().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'REPLAY_IMPOSSIBLE',
      details: { fromOffsetToken: '0', toOffsetToken: '4' },
    });
    await expect(channel.appendRow({ id: 'k-5' }, '5')).rejects.toBe(error);
    // resuming: reopen the failed channel and continue after its committed token
    const again = await client.openChannel({ name: 'ch' });
    expect(again.status.latestCommittedOffsetToken).toBeNull();
    await again.channel.appendRows(idRows('k', 0, 6), '0', '5');
    await again.channel.waitForCommit('5', { timeoutMs: 10_000 });
    expect(emulator.ledger.channel('DB', 'SC', 'P', 'ch')).toMatchObject({
      distinctKeys: 6,
      duplicateKeys: 0,
    });
  });

  it('delivers every row exactly once under a mix of random faults on several channels (reclaimOnTakeover)', async () => {
    fixture = await startFixture({
      emulator: { seed: 42 },
      client: { maxBatchBytes: 4 * 1024, maxRecoveryAttempts: 10, reclaimOnTakeover: true },
    });
    const { client, emulator } = fixture;
    for (const kind of [
      'staleSequencer',
      'resetAfterApply',
      'http503',
      'invalidateChannel',
    ] as const) {
      emulator.faults.inject({ endpoint: 'append', kind, probability: 0.04 });
    }
    const names = ['m-0', 'm-1', 'm-2'];
    const channels = await Promise.all(
      names.map(async (name) => (await client.openChannel({ name })).channel),
    );
    await Promise.all(
      channels.map(async (channel, c) => {
        for (let offset = 0; offset < 1500; offset += 50) {
          await channel.appendRows(
            idRows(`m${c}`, offset, 50),
            String(offset),
            String(offset + 49),
          );
        }
      }),
    );
    await Promise.all(
      channels.map((channel) => channel.waitForCommit('1499', { timeoutMs: 30_000 })),
    );
    emulator.faults.clear();
    const totals = emulator.ledger.totals();
    expect(totals.distinctKeys).toBe(4500);
    expect(totals.duplicateKeys).toBe(0);
    expect(totals.rowsCommitted).toBe(4500);
    expect(emulator.faults.fired().length).toBeGreaterThan(3);
    expect(client.stats().recoveries).toBeGreaterThan(0);
  });
});
