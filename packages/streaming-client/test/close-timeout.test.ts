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

describe('close against the emulator (fake clock)', () => {
  it('times out with CLOSE_TIMEOUT while commits are withheld, logging progress each minute', async () => {
    const clock = createFakeClock();
    fixture = await startFixture({
      emulator: { clock },
      client: {
        clock,
        commitPollIntervalMs: 250,
        commitPollMaxIntervalMs: 4000,
        maxClientLagMs: 1000,
      },
    });
    const { client, emulator } = fixture;
    const { channel } = await client.openChannel({ name: 'slow' });
    await channel.appendRows(idRows('a', 0, 10), '0', '9');
    await channel.waitForFlush(); // I/O only: no clock needed
    emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit', channel: 'slow' });
    await channel.appendRows(idRows('a', 10, 10), '10', '19');
    await channel.waitForFlush();

    const error = await drive(
      clock,
      channel.close({ timeoutMs: 150_000 }).catch((e: unknown) => e),
      { stepMs: 500 },
    );
    expect(error).toMatchObject({
      code: 'CLOSE_TIMEOUT',
      details: {
        rowsCommitted: 10,
        rowsTotal: 20,
        latestCommittedOffsetToken: '9',
        stage: 'commit',
      },
    });
    expect((error as Error).message).toMatch(
      /10 of 20 rows committed, latest committed offset token 9/,
    );
    const progress = fixture.logs.filter((l) => l.startsWith('info closing channel "slow"'));
    expect(progress).toHaveLength(2);
    expect(progress[0]).toContain('10 of 20 rows committed');
    expect(channel.isClosed()).toBe(true);
    expect(client.stats().bufferedBytes).toBe(0);
    expect(emulator.ledger.channel('DB', 'SC', 'P', 'slow')?.rowsCommitted).toBe(10);
  });
});
