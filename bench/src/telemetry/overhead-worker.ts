// One side of the telemetry benchmark, in its own process: `on` sets up the OpenTelemetry SDK
// (its async context manager then hooks every promise of the process), `off` never loads it.
import { noopTelemetry } from '@snowpipe/streaming-client';
import { openClientWriter } from '../e2e/client-writer.js';
import { timed } from '../e2e/paired-rounds.js';
import { chunk, makeRows } from '../lib/rows.js';
import { createDroppingOtel } from './otel-setup.js';

const mode = process.argv[2] === 'on' ? 'on' : 'off';
const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const otel = mode === 'on' ? createDroppingOtel() : undefined;
const writer = await openClientWriter({
  url: process.env.EMULATOR_URL!,
  channels: env('CHANNELS', 10),
  prefix: `tel-${mode}`,
  connections: env('CHANNELS', 10),
  compression: 'none',
  maxBatchBytes: env('BATCH_BYTES', 64 * 1024),
  telemetry: otel?.telemetry ?? noopTelemetry,
});
const chunks = chunk(makeRows(env('ROWS_PER_CHANNEL', 5000)), env('CHUNK_ROWS', 500));

process.on('message', (message: { cmd: 'round' | 'stop' }) => {
  void (async () => {
    if (message.cmd === 'stop') {
      await writer.close();
      await otel?.shutdown();
      process.send!({ done: true, spans: otel?.sink.spans ?? 0 }, () => process.exit(0));
      return;
    }
    const before = writer.client.stats();
    const sample = await timed(() => writer.writeRound(chunks));
    const after = writer.client.stats();
    await writer.waitForCommits();
    process.send!({
      ...sample,
      requests: after.batchesSent - before.batchesSent,
      bytes: after.bytesSent - before.bytesSent,
    });
  })();
});
process.send!({ ready: true });
