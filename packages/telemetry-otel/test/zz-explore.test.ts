import { it } from 'vitest';
import { idRows, parentOf, spanId, startE2E, useAsyncContext } from './support/client-e2e.js';
useAsyncContext();
it('explore', async () => {
  const e = await startE2E();
  try {
    const { channel } = await e.client.openChannel({ name: 'ch' });
    await channel.appendRows(idRows('a', 0, 3), '0', '2');
    channel.initiateFlush();
    await channel.waitForCommit('2');
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http503', count: 1 });
    await channel.appendRows(idRows('a', 3, 3), '3', '5');
    channel.initiateFlush();
    await channel.waitForCommit('5');
    e.emulator.faults.revokeScopedTokens();
    await channel.appendRows(idRows('a', 6, 3), '6', '8');
    channel.initiateFlush();
    await channel.waitForCommit('8');
    const spans = e.spans();
    const byParent = new Map<string | undefined, typeof spans>();
    for (const s of spans) { const p = parentOf(s); byParent.set(p, [...(byParent.get(p) ?? []), s]); }
    const ids = new Set(spans.map(spanId));
    const print = (s: (typeof spans)[number], d: number): void => {
      console.log('  '.repeat(d) + s.name + ' ' + s.kind + ' ' + JSON.stringify(s.attributes) + ' ' + JSON.stringify(s.status) + ' ev=' + JSON.stringify(s.events.map(x => [x.name, x.attributes])));
      for (const c of byParent.get(spanId(s)) ?? []) print(c, d + 1);
    };
    for (const s of spans) if (parentOf(s) === undefined || !ids.has(parentOf(s)!)) print(s, 0);
    console.log(JSON.stringify(e.client.stats()));
    console.log(e.logLines);
    console.log([...e.wire.sentTokens].length, [...e.wire.issuedTokens].length, [...e.wire.continuationTokens]);
    console.log(JSON.stringify((await e.collect()).scopeMetrics.map(s => s.metrics.map(m => [m.descriptor.name, m.dataPoints.map(p => [p.attributes, p.value])]))));
  } finally { await e.stop(); }
});
