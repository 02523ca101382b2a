// The demo: starts the emulator in-process (unless a real account is configured), streams rows
// over several channels with a live progress line, waits for commit, and prints what landed.
//
//   node dist/main.js [--rows 200000] [--channels 4] [--batch-rows 1000] [--profile profile.json]
//
// With SNOWFLAKE_* variables (see @snowpipe/streaming-client's README) or --profile, it targets a
// real account instead; everything else is unchanged.
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import {
  createClient,
  isStreamingIngestError,
  loadConfigFromEnv,
} from '@snowpipe/streaming-client';
import type { ClientOptions } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { HELP, parseDemoArgs, USAGE } from './demo-args.js';
import { createDemoKeyPair } from './demo-key-pair.js';
import { createLatencyTelemetry } from './latency-telemetry.js';
import { createProgressLine } from './progress-line.js';

const parsed = parseDemoArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(HELP);
  process.exit(0);
}
if (parsed.kind === 'error') {
  // One line saying what was wrong and the usage line; no stack trace for a typo.
  console.error(`snowpipe-demo: ${parsed.message}\n${USAGE}\n(--help for more)`);
  process.exit(2);
}
const { rows: totalRows, channels: channelCount, batchRows, profile } = parsed.args;

const envConfig = loadConfigFromEnv();
const realAccount = profile !== undefined || envConfig.properties?.url !== undefined;

let emulator: Emulator | undefined;
let options: ClientOptions;
if (realAccount) {
  options = {
    clientName: 'snowpipe-demo',
    dbName: envConfig.dbName ?? 'DEMO_DB',
    schemaName: envConfig.schemaName ?? 'PUBLIC',
    ...(envConfig.pipeName
      ? { pipeName: envConfig.pipeName }
      : { tableName: envConfig.tableName ?? 'EVENTS' }),
    ...(profile ? { profilePath: profile } : {}),
    properties: envConfig.properties ?? {},
  };
  console.log(`Target: real account (${profile ? `profile ${profile}` : 'SNOWFLAKE_* variables'})`);
} else {
  const keys = createDemoKeyPair();
  emulator = await startEmulator({
    publicKeys: [keys.publicKeyPem],
    rowKeyField: 'id',
    validation: 'fast',
  });
  options = {
    clientName: 'snowpipe-demo',
    dbName: 'DEMO_DB',
    schemaName: 'PUBLIC',
    tableName: 'EVENTS',
    properties: {
      url: emulator.url,
      account: 'DEMO_ACCOUNT',
      user: 'DEMO_USER',
      private_key: keys.privateKeyPem,
    },
  };
  console.log(`Target: local emulator at ${emulator.url} (no Snowflake account needed)`);
}

const latency = createLatencyTelemetry();
const transport = createUndiciTransport({ connections: Math.max(4, channelCount) });
const client = await createClient({ ...options, transport, telemetry: latency }).catch(
  async (error: unknown) => {
    // A missing profile or a bad SNOWFLAKE_* value is a usage problem: one line, exit code 2.
    if (!isStreamingIngestError(error) || error.code !== 'INVALID_CONFIGURATION') throw error;
    console.error(`snowpipe-demo: ${error.message}\n${USAGE}\n(--help for more)`);
    await transport.close();
    await emulator?.stop();
    process.exit(2);
  },
);

const started = performance.now();
const progress = createProgressLine(started);
const channels = await Promise.all(
  Array.from({ length: channelCount }, async (_, i) => {
    const { channel, status } = await client.openChannel({ name: `demo-${i}` });
    return { channel, resumeFrom: Number(status.latestCommittedOffsetToken ?? -1) };
  }),
);

let sent = 0;
const progressNow = () => ({
  sent,
  bytes: client.stats().bytesSent,
  committed: latency.committedOffsets(),
});
// Rows are dealt out as evenly as possible; with fewer rows than channels some channels get
// none, and those must not wait for a commit that can never come.
const rowsFor = (c: number): number =>
  Math.floor(totalRows / channelCount) + (c < totalRows % channelCount ? 1 : 0);
await Promise.all(
  channels.map(async ({ channel, resumeFrom }, c) => {
    const first = resumeFrom + 1;
    const last = rowsFor(c) - 1;
    for (let start = first; start <= last; start += batchRows) {
      const end = Math.min(start + batchRows - 1, last);
      const rows = [];
      for (let i = start; i <= end; i++) {
        const row = {
          id: `${c}-${i}`,
          channel: c,
          seq: i,
          kind: 'click',
          payload: { page: `/p/${i % 97}`, ms: i % 1000 },
        };
        rows.push(row);
      }
      await channel.appendRows(rows, String(start), String(end));
      sent += rows.length;
      progress.update(progressNow());
    }
  }),
);

const committedTokens = await Promise.all(
  channels.map(({ channel }, c) => {
    const last = rowsFor(c) - 1;
    if (last < 0) return channel.getLatestCommittedOffsetToken();
    return channel.waitForCommit(String(last), { timeoutMs: 120_000 });
  }),
);
progress.done(progressNow());

const stats = client.stats();
for (const { channel } of channels) await channel.close();
await client.close();

const elapsedS = (performance.now() - started) / 1000;
console.log('');
console.log('Summary');
console.log(
  `  rows sent          ${sent.toLocaleString('en-US')} in ${elapsedS.toFixed(2)} s (${Math.round(sent / elapsedS).toLocaleString('en-US')} rows/s)`,
);
if (emulator) {
  const totals = emulator.ledger.totals();
  console.log(`  rows committed     ${totals.rowsCommitted.toLocaleString('en-US')} (ledger)`);
  console.log(`  rows duplicated    ${totals.duplicateKeys.toLocaleString('en-US')} (ledger)`);
  console.log(`  distinct row ids   ${totals.distinctKeys.toLocaleString('en-US')} (ledger)`);
}
console.log(
  `  committed offsets  ${committedTokens.map((t, c) => `demo-${c}=${t ?? 'null'}`).join(', ')}`,
);
console.log(`  requests           ${stats.requests.toLocaleString('en-US')}`);
console.log(`  retries            ${stats.retries.toLocaleString('en-US')}`);
console.log(`  token refreshes    ${stats.tokenRefreshes.toLocaleString('en-US')}`);
console.log(
  `  batch latency      p50 ${latency.percentile(50).toFixed(1)} ms, p99 ${latency.percentile(99).toFixed(1)} ms (${latency.count()} batches)`,
);

let failed = false;
if (emulator) {
  const totals = emulator.ledger.totals();
  failed =
    totals.rowsCommitted !== totalRows ||
    totals.duplicateKeys !== 0 ||
    totals.distinctKeys !== totalRows;
  await emulator.stop();
}
await transport.close();
if (failed) {
  console.error('Mismatch: the ledger does not show every row exactly once.');
  process.exit(1);
}
