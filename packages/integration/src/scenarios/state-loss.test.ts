// Chaos with a state-loss event: four channels stream while the service loses every channel's
// state (emulator.forgetChannels(): offsets, sequencers, uncommitted rows gone; the table's rows
// stay). A writer cannot know which of its unconfirmed rows made it, so the invariant is:
// - every row a writer was told is committed is in the table;
// - every row is in the table at the end (the application resumes from its own checkpoint);
// - a row is in the table twice only if a typed CHANNEL_STATE_LOST error named its offset;
// - each writer was told (CHANNEL_STATE_LOST), nothing was replayed silently.
import { isStreamingIngestError } from '@snowpipe/streaming-client';
import type { Channel, StreamingIngestClient } from '@snowpipe/streaming-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';
import type { EmulatorBench } from '../chaos/emulator-client.js';
import { makeRows } from '../chaos/row-source.js';

let bench: EmulatorBench | undefined;
afterEach(async () => {
  await bench?.stop();
  bench = undefined;
});

const CHANNELS = 4;
const ROWS = 2000;
const BATCH = 100;

interface WriterLog {
  /** Highest offset `waitForCommit` (or a typed error) told the writer is committed. */
  checkpoint: number;
  /** Offsets CHANNEL_STATE_LOST errors named as not proven committed. */
  named: Array<[number, number]>;
  errors: string[];
}

/** An application that checkpoints what it was told is committed and resumes from there. */
async function produce(
  client: StreamingIngestClient,
  index: number,
  log: WriterLog,
  onBatch: () => void,
): Promise<void> {
  const name = `LOSS_${index}`;
  for (let resumes = 0; resumes < 10; resumes++) {
    let channel: Channel | undefined;
    try {
      const opened = await client.openChannel({
        name,
        // after a loss, put the checkpoint back on the recreated channel
        ...(log.named.length > 0 && log.checkpoint >= 0
          ? { offsetToken: String(log.checkpoint) }
          : {}),
      });
      channel = opened.channel;
      const committed = opened.status.latestCommittedOffsetToken;
      let next = committed === null ? 0 : Number(committed) + 1;
      while (next < ROWS) {
        await channel.appendRows(
          makeRows(index, next, BATCH),
          String(next),
          String(next + BATCH - 1),
        );
        next += BATCH;
        onBatch();
        if (next % (5 * BATCH) === 0 || next >= ROWS) {
          const told = await channel.waitForCommit(String(next - 1), { timeoutMs: 10_000 });
          log.checkpoint = Math.max(log.checkpoint, Number(told));
        }
      }
      await channel.close();
      return;
    } catch (error) {
      log.errors.push(isStreamingIngestError(error) ? error.code : String(error));
      if (isStreamingIngestError(error) && error.code === 'CHANNEL_STATE_LOST') {
        const d = error.details as { fromOffsetToken: string | null; toOffsetToken: string | null };
        const proven = (error.details as { latestCommittedOffsetToken: string | null })
          .latestCommittedOffsetToken;
        if (proven !== null) log.checkpoint = Math.max(log.checkpoint, Number(proven));
        log.named.push([Number(d.fromOffsetToken), Number(d.toOffsetToken)]);
      }
      await channel?.close({ waitForCommit: false, timeoutMs: 50 }).catch(() => undefined);
    }
  }
  throw new Error(`${name}: gave up after 10 resumes (${log.errors.join(', ')})`);
}

describe('chaos: the service loses its channel state mid-stream', () => {
  it('no row is lost, and a row is doubled only where a CHANNEL_STATE_LOST error named it', async () => {
    bench = await startEmulatorBench({ rowKeyField: 'id', retainRows: true, commitDelayMs: 2 });
    const { emulator } = bench;
    const client = await bench.client();
    const logs: WriterLog[] = Array.from({ length: CHANNELS }, () => ({
      checkpoint: -1,
      named: [],
      errors: [],
    }));
    let batches = 0;
    let lost = false;
    const onBatch = () => {
      batches += 1;
      if (!lost && batches >= (CHANNELS * ROWS) / BATCH / 3) {
        lost = true;
        emulator.forgetChannels();
      }
    };
    await Promise.all(logs.map((log, i) => produce(client, i, log, onBatch)));
    expect(lost).toBe(true);

    const summary: string[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const log = logs[i]!;
      const ledger = emulator.ledger.channel('BENCH_DB', 'PUBLIC', 'BENCH_PIPE', `LOSS_${i}`)!;
      const seen = new Map<number, number>();
      for (const row of ledger.rows as Array<{ n: number }>)
        seen.set(row.n, (seen.get(row.n) ?? 0) + 1);
      // every row is in the table, including every row the writer was told is committed
      expect(ledger.distinctKeys, `channel ${i}`).toBe(ROWS);
      expect(log.checkpoint).toBe(ROWS - 1);
      // the writer was told: a typed error naming a range
      expect(log.errors, `channel ${i}`).toContain('CHANNEL_STATE_LOST');
      // doubles only inside the named ranges
      const doubled = [...seen].filter(([, count]) => count > 1).map(([n]) => n);
      const outside = doubled.filter((n) => !log.named.some(([from, to]) => n >= from && n <= to));
      expect(outside, `channel ${i}: doubled outside ${JSON.stringify(log.named)}`).toEqual([]);
      expect([...seen.values()].every((c) => c <= 2)).toBe(true);
      summary.push(
        `LOSS_${i}: ${ledger.rowsCommitted} committed, ${doubled.length} doubled, named ${JSON.stringify(log.named)}, errors ${log.errors.join('/')}`,
      );
    }
    console.log(
      `state loss after batch ${Math.round((CHANNELS * ROWS) / BATCH / 3)}: ${summary.join('; ')}`,
    );
  }, 30_000);
});
