import { it, expect } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';

for (const mode of ['revoke-then-open', 'http401-on-open', 'revoke-during-open', 'two-revokes-during-open'] as const) {
  it(mode, async () => {
    const bench = await startEmulatorBench({ rowKeyField: 'id' });
    try {
      const client = await bench.client();
      if (mode === 'revoke-then-open') bench.emulator.faults.revokeScopedTokens();
      if (mode === 'http401-on-open') bench.emulator.faults.inject({ endpoint: 'open', kind: 'http401', count: 1 });
      const opens = Array.from({ length: 20 }, (_, i) => client.openChannel({ name: `R${i}` }));
      if (mode === 'revoke-during-open') bench.emulator.faults.revokeScopedTokens();
      if (mode === 'two-revokes-during-open') { await new Promise((r) => setTimeout(r, 2)); bench.emulator.faults.revokeScopedTokens(); await new Promise((r) => setTimeout(r, 2)); bench.emulator.faults.revokeScopedTokens(); }
      const results = await Promise.allSettled(opens);
      const errors = results.filter((r) => r.status === 'rejected').map((r: any) => `${r.reason.code} ${r.reason.message}`);
      console.log(mode, client.stats().tokenRefreshes, bench.emulator.ledger.totals().requestsByEndpoint, errors);
      expect(errors).toEqual([]);
    } finally { await bench.stop(); }
  });
}
