import { it, expect } from 'vitest';
import { makeRows } from '../chaos/row-source.js';
import { startEmulatorBench } from '../chaos/emulator-client.js';

for (const [label, channelsN, kind] of [['1ch http401', 1, 'fault'], ['20ch http401', 20, 'fault'], ['20ch revoke x2', 20, 'revoke2']] as const) {
  it(label, async () => {
    const bench = await startEmulatorBench({ rowKeyField: 'id' });
    try {
      const client = await bench.client();
      const channels = await Promise.all(Array.from({ length: channelsN }, (_, i) => client.openChannel({ name: `R${i}` })));
      const errors: unknown[] = [];
      const produce = async (i: number): Promise<void> => {
        const { channel } = channels[i]!;
        for (let b = 0; b < 20; b++) {
          await channel.appendRows(makeRows(i, b * 10, 10), String(b * 10), String(b * 10 + 9));
          if (i === 0 && b === 10) {
            if (kind === 'fault') bench.emulator.faults.inject({ endpoint: 'append', kind: 'http401', count: 1 });
            else { bench.emulator.faults.revokeScopedTokens(); await new Promise((r) => setTimeout(r, 3)); bench.emulator.faults.revokeScopedTokens(); }
          }
          await channel.waitForFlush();
        }
        await channel.waitForCommit('199', { timeoutMs: 10_000 });
      };
      await Promise.all(channels.map((_, i) => produce(i).catch((e: unknown) => void errors.push(e))));
      console.log(label, client.stats(), bench.emulator.ledger.totals().requestsByEndpoint, errors.map((e: any) => `${e.code} ${e.message} ${e.cause?.message}`));
      expect(errors.length).toBe(0);
    } finally { await bench.stop(); }
  });
}
