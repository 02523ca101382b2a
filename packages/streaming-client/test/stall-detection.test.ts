// A channel whose rows are acknowledged but never committed (the service withholds the commit,
// as the emulator's commit-timer race once did) fails with CHANNEL_STALLED after stallTimeoutMs,
// naming the rows it cannot vouch for, instead of every wait pending forever.
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

describe('stall detection (emulator, fake clock)', () => {
  it('fails a channel with no acknowledgement and no commit advance for stallTimeoutMs', async () => {
    const clock = createFakeClock();
    fixture = await startFixture({
      emulator: { clock },
      client: {
        clock,
        stallTimeoutMs: 30_000,
        commitPollIntervalMs: 250,
        commitPollMaxIntervalMs: 4000,
        maxClientLagMs: 1000,
      },
    });
    const { client, emulator } = fixture;
    const { channel } = await client.openChannel({ name: 'stuck' });
    const { channel: healthy } = await client.openChannel({ name: 'healthy' });
    await channel.appendRows(idRows('s', 0, 10), '0', '9');
    await drive(clock, channel.waitForCommit('9'));
    emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit', channel: 'stuck' });
    await channel.appendRows(idRows('s', 10, 10), '10', '19');
    await channel.waitForFlush();
    const startedMs = clock.now();

    const error = await drive(
      clock,
      channel.waitForCommit('19').catch((e: unknown) => e),
      { stepMs: 500 },
    );
    expect(error).toMatchObject({
      code: 'CHANNEL_STALLED',
      details: {
        channelName: 'stuck',
        latestCommittedOffsetToken: '9',
        fromOffsetToken: '10',
        toOffsetToken: '19',
        rows: 10,
      },
    });
    const stuckMs = (error as { details: { stalledForMs: number } }).details.stalledForMs;
    expect(stuckMs).toBeGreaterThanOrEqual(30_000);
    // Detected within the timeout plus one backed-off poll interval.
    expect(clock.now() - startedMs).toBeLessThan(30_000 + 4_000 + 1_000);
    await expect(channel.appendRow({ id: 'late' }, '20')).rejects.toBe(error);
    expect(client.stats().bufferedBytes).toBe(0);

    // Other channels are not affected.
    await healthy.appendRows(idRows('h', 0, 5), '0', '4');
    await expect(drive(clock, healthy.waitForCommit('4'))).resolves.toBe('4');
  });

  it('stallTimeoutMs: 0 turns the check off', async () => {
    const clock = createFakeClock();
    fixture = await startFixture({
      emulator: { clock },
      client: {
        clock,
        stallTimeoutMs: 0,
        commitPollIntervalMs: 250,
        commitPollMaxIntervalMs: 4000,
        maxClientLagMs: 1000,
      },
    });
    const { client, emulator } = fixture;
    const { channel } = await client.openChannel({ name: 'stuck' });
    emulator.faults.inject({ endpoint: 'append', kind: 'withholdCommit', channel: 'stuck' });
    await channel.appendRows(idRows('s', 0, 10), '0', '9');
    await channel.waitForFlush();
    const error = await drive(
      clock,
      channel.waitForCommit('9', { timeoutMs: 120_000 }).catch((e: unknown) => e),
      { stepMs: 4_000 },
    );
    expect(error).toMatchObject({ code: 'COMMIT_TIMEOUT' });
  });
});
