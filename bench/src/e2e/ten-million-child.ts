// Runs in its own process (spawned by ten-million-rows.ts) so the RSS it samples is the
// client's alone: the emulator runs in a further child process.
import { benchKeys } from '../lib/bench-keys.js';
import { makeRows } from '../lib/rows.js';
import { openClientWriter } from './client-writer.js';
import { startEmulatorChild } from './emulator-child.js';

const rows = Number(process.env.ROWS ?? 10_000_000);
const channelCount = Number(process.env.CHANNELS ?? 8);
const chunkRows = 1000;

const emulator = await startEmulatorChild(benchKeys(), ['--validation', 'fast']);
const writer = await openClientWriter({
  url: emulator.url,
  channels: channelCount,
  prefix: 'mem',
  connections: channelCount,
  compression: 'none',
  ...(process.env.MAX_BUFFERED_BYTES
    ? { maxBufferedBytes: Number(process.env.MAX_BUFFERED_BYTES) }
    : {}),
  ...(process.env.MAX_BATCH_BYTES ? { maxBatchBytes: Number(process.env.MAX_BATCH_BYTES) } : {}),
});
const baselineRss = process.memoryUsage.rss();
let peakRss = baselineRss;
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peakRss) {
    peakRss = rss;
    atPeak = process.memoryUsage();
  }
}, 50);
const started = performance.now();
const cpu = process.cpuUsage();
const perChannel = Math.ceil(rows / channelCount);
await Promise.all(
  writer.channels.map(async (channel, c) => {
    const first = c * perChannel;
    const last = Math.min(rows, first + perChannel);
    for (let id = first; id < last; id += chunkRows) {
      // Fresh row objects per call, as an application producing events would have.
      const batch = makeRows(Math.min(chunkRows, last - id), id);
      await channel.appendRows(batch, String(id + 1), String(id + batch.length));
    }
  }),
);
await Promise.all(writer.channels.map((ch) => (ch.initiateFlush(), ch.waitForFlush())));
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
await Promise.all(
  writer.channels.map((ch, c) =>
    ch.waitForCommit(String(Math.min(rows, (c + 1) * perChannel)), { timeoutMs: 60_000 }),
  ),
);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss());
const stats = writer.client.stats();
await writer.close();
const totals = await emulator.totals();
await emulator.stop();
process.stdout.write(
  `${JSON.stringify({
    rows,
    channels: channelCount,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    baselineRssBytes: baselineRss,
    peakRssBytes: peakRss,
    atPeak: {
      heapTotal: atPeak.heapTotal,
      heapUsed: atPeak.heapUsed,
      external: atPeak.external,
      arrayBuffers: atPeak.arrayBuffers,
    },
    rowsCommitted: totals.rowsCommitted,
    bytesSent: stats.bytesSent,
    batchesSent: stats.batchesSent,
  })}\n`,
);
