import { createUndiciTransport } from '@snowpipe/transport-undici';
import { it } from 'vitest';
import { startEmulatorBench } from '../chaos/emulator-client.js';
it('perf', async () => {
  const bench = await startEmulatorBench({});
  const transport = createUndiciTransport({ connections: 64 });
  const client = await bench.client({ transport });
  await client.openChannel({ name: 'STORM' });
  for (const n of [2000, 10000, 10000]) {
    let t = performance.now();
    await Promise.all(Array.from({ length: n }, () => client.getChannelStatuses(['STORM'])));
    console.log('concurrent', n, performance.now() - t);
    t = performance.now();
    for (let i = 0; i < 1000; i++) await client.getChannelStatuses(['STORM']);
    console.log('serial 1000', performance.now() - t);
  }
  await client.close(); await transport.close(); await bench.stop();
}, 60000);
