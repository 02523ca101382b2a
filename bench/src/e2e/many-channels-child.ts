// Runs in its own process (spawned by many-channels.ts) so the RSS it samples is the client's
// alone: the emulator runs in a further child process. Opens OPEN channels at client defaults,
// streams ROWS rows through the first BUSY of them, and reports RSS before opening, after
// opening, and at the peak while streaming.
import { createClient } from '@snowpipe/streaming-client';
import type { Channel } from '@snowpipe/streaming-client';
import { benchKeys, clientProperties } from '../lib/bench-keys.js';
import { makeRows } from '../lib/rows.js';
import { startEmulatorChild } from './emulator-child.js';

const open = Number(process.env.OPEN ?? 32);
const busy = Number(process.env.BUSY ?? open);
const rows = Number(process.env.ROWS ?? 1_000_000);
const chunkRows = 1000;

const emulator = await startEmulatorChild(benchKeys(), ['--validation', 'fast']);
const client = await createClient({
  clientName: 'bench-many',
  dbName: 'BENCH',
  schemaName: 'PUBLIC',
  pipeName: 'EVENTS-STREAMING',
  properties: clientProperties(emulator.url, benchKeys()),
});
const beforeOpenRss = process.memoryUsage.rss();
const channels: Channel[] = [];
// Opened 64 at a time: a service-side rate, not a client limit.
for (let i = 0; i < open; i += 64) {
  const batch = await Promise.all(
    Array.from({ length: Math.min(64, open - i) }, (_, k) =>
      client.openChannel({ name: `many-${i + k}` }).then((r) => r.channel),
    ),
  );
  channels.push(...batch);
}
const afterOpenRss = process.memoryUsage.rss();
let peakRss = afterOpenRss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);
const started = performance.now();
const perChannel = Math.ceil(rows / busy);
const working = channels.slice(0, busy);
await Promise.all(
  working.map(async (channel, c) => {
    const first = c * perChannel;
    const last = Math.min(rows, first + perChannel);
    for (let id = first; id < last; id += chunkRows) {
      const batch = makeRows(Math.min(chunkRows, last - id), id);
      await channel.appendRows(batch, String(id + 1), String(id + batch.length));
    }
  }),
);
await Promise.all(
  working.map((ch, c) =>
    ch.waitForCommit(String(Math.min(rows, (c + 1) * perChannel)), { timeoutMs: 120_000 }),
  ),
);
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
const stats = client.stats();
await client.close();
const totals = await emulator.totals();
await emulator.stop();
process.stdout.write(
  `${JSON.stringify({
    open,
    busy,
    rows,
    seconds,
    beforeOpenRssBytes: beforeOpenRss,
    afterOpenRssBytes: afterOpenRss,
    peakRssBytes: peakRss,
    rowsCommitted: totals.rowsCommitted,
    requests: stats.requests,
  })}\n`,
);
