// Scenario suggested by a chaos run (seed 3, commitDelayMs 20): the application closes a channel
// while the client's own recovery reopen is in flight, then resumes with a new channel of the same
// name. The late reopen must not discard the new writer's rows silently: with reclaimOnTakeover the
// new writer takes the channel back and commits them; by default it is fenced with
// CHANNEL_TAKEN_OVER naming them (wt-deadline's close() abort would keep the late reopen away).
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';
import type { EmulatorBench } from '../chaos/emulator-client.js';
import { makeRows } from '../chaos/row-source.js';
import { realDelay } from '../chaos/clock/system-clock.js';

let bench: EmulatorBench | undefined;
afterEach(async () => {
  await bench?.stop();
  bench = undefined;
});

describe('channel.close() during a recovery reopen', () => {
  it('a reopen started by recovery must not land after close() resolved and discard a new writer’s rows', async () => {
    bench = await startEmulatorBench({ rowKeyField: 'id', commitDelayMs: 50 });
    const { emulator } = bench;
    // The late reopen takes the channel over from the second writer; this scenario checks that the
    // second writer's rows still land, which needs it to reclaim the channel (the opt-in).
    const client = await bench.client({ reclaimOnTakeover: true });
    const first = await client.openChannel({ name: 'RACE' });
    await first.channel.appendRows(makeRows(0, 0, 10), '0', '9');
    await first.channel.waitForCommit('9', { timeoutMs: 5_000 });

    // The next append finds a stale sequencer, so recovery reopens the channel; that reopen stalls.
    emulator.faults.inject({
      endpoint: 'append',
      kind: 'staleSequencer',
      channel: 'RACE',
      count: 1,
    });
    emulator.faults.inject({ endpoint: 'open', kind: 'stall', stallMs: 300, count: 1 });
    await first.channel.appendRows(makeRows(0, 10, 10), '10', '19');
    first.channel.initiateFlush();
    // Wait until the recovery's reopen is parked in the stall.
    // (progress only: waits up to 2 s of real time for the request to arrive)
    for (let i = 0; i < 400 && (emulator.ledger.totals().requestsByEndpoint.open ?? 0) < 2; i++)
      await realDelay(5);
    expect(emulator.ledger.totals().requestsByEndpoint.open).toBe(2);

    // The application gives up on the channel and resumes with a new one, like a restart would.
    await first.channel.close({ waitForCommit: false, timeoutMs: 20 }).catch(() => undefined);
    const second = await client.openChannel({ name: 'RACE' });
    const committed = Number(second.status.latestCommittedOffsetToken);
    await second.channel.appendRows(
      makeRows(0, committed + 1, 19 - committed),
      String(committed + 1),
      '19',
    );
    await expect(second.channel.waitForCommit('19', { timeoutMs: 3_000 })).resolves.toBe('19');
    expect(emulator.ledger.channel('BENCH_DB', 'PUBLIC', 'BENCH_PIPE', 'RACE')?.distinctKeys).toBe(
      20,
    );
  });
});
