import { it } from 'vitest';
import { idRows, startE2E, useAsyncContext } from './support/client-e2e.js';
useAsyncContext();
it('explore', async () => {
  const e = await startE2E();
  try {
    const { channel } = await e.client.openChannel({ name: 'ch' });
    let next = 0;
    const append = async (n: number, label: string): Promise<void> => {
      console.log('STEP', label, e.wire.requests.length);
      await channel.appendRows(idRows('s', next, n), String(next), String(next + n - 1));
      next += n;
      channel.initiateFlush();
      await channel.waitForCommit(String(next - 1));
    };
    try {
    await append(4, 'a');
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http503', count: 2 });
    await append(4, 'b');
    e.emulator.faults.revokeScopedTokens();
    await append(4, 'c');
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http401', count: 1 });
    await append(4, 'd');
    e.emulator.faults.inject({ endpoint: 'status', kind: 'http503', count: 4 });
    await append(4, 'e');
    e.emulator.faults.inject({ endpoint: 'append', kind: 'invalidateChannel', count: 1 });
    await append(4, 'f');
    console.log('STEP doomed', e.wire.requests.length);
    const doomed = (await e.client.openChannel({ name: 'doomed' })).channel;
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http401', count: 2, channel: 'doomed' });
    await doomed.appendRows(idRows('d', 0, 2), '0', '1');
    doomed.initiateFlush();
    const failure = await doomed.waitForFlush().then(() => undefined, (error: unknown) => error);
    console.log('FAILURE', String(failure));
    await append(4, 'g');
    console.log(e.logLines.join('\n'));
    } finally {
    console.log(e.wire.requests.map((r, i) => `${i} ${r.method} ${r.url.pathname} ${r.status}`).join('\n'));
    console.log([...e.wire.sentTokens].map(t => t.slice(-20)), [...e.wire.issuedTokens].map(t => t.slice(-20)));
    }
  } finally { await e.stop(); }
});
