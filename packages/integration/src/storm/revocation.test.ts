import { afterEach, describe, expect, it } from 'vitest';
import { makeRows } from '../chaos/row-source.js';
import { startEmulatorBench } from '../chaos/emulator-client.js';
import type { EmulatorBench } from '../chaos/emulator-client.js';

let bench: EmulatorBench | undefined;
afterEach(async () => {
  await bench?.stop();
  bench = undefined;
});

describe('scoped-token revocation under concurrent load', () => {
  it('one revocation while 20 channels append surfaces no error to the application', async () => {
    bench = await startEmulatorBench({ rowKeyField: 'id' });
    const client = await bench.client();
    const channels = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.openChannel({ name: `R${i}` })),
    );
    const errors: unknown[] = [];
    const produce = async (i: number): Promise<void> => {
      const { channel } = channels[i]!;
      for (let b = 0; b < 20; b++) {
        await channel.appendRows(makeRows(i, b * 10, 10), String(b * 10), String(b * 10 + 9));
        if (i === 0 && b === 10) bench!.emulator.faults.revokeScopedTokens();
        await channel.waitForFlush();
      }
      await channel.waitForCommit('199', { timeoutMs: 10_000 });
    };
    await Promise.all(
      channels.map((_, i) => produce(i).catch((e: unknown) => void errors.push(e))),
    );
    expect(errors.map((e) => String(e))).toEqual([]);
    expect(bench.emulator.ledger.totals().distinctKeys).toBe(4000);
  });
});
