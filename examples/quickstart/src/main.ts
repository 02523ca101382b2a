// The demo: starts the emulator in-process (unless a real account is configured), streams rows
// over several channels with a live progress line, waits for commit, and prints what landed.
//
//   node dist/main.js [--rows 200000] [--channels 4] [--profile profile.json]
//
// With SNOWFLAKE_* variables (see @snowpipe/streaming-client's README) or --profile, it targets a
// real account instead; everything else is unchanged.
import { parseArgs } from 'node:util';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient, loadConfigFromEnv } from '@snowpipe/streaming-client';
import type { ClientOptions } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { createDemoKeyPair } from './demo-key-pair.js';
import { createLatencyTelemetry } from './latency-telemetry.js';
import { createProgressLine } from './progress-line.js';

// `pnpm demo -- --rows 10` passes a leading `--` through: accept it.
const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    rows: { type: 'string', default: '200000' },
    channels: { type: 'string', default: '4' },
    'batch-rows': { type: 'string', default: '1000' },
    profile: { type: 'string' },
  },
});
const totalRows = positiveInt('--rows', values.rows);
const channelCount = positiveInt('--channels', values.channels);
const batchRows = positiveInt('--batch-rows', values['batch-rows']);

function positiveInt(flag: string, raw: string | undefined): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`${flag} must be a positive integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const envConfig = loadConfigFromEnv();
const realAccount = values.profile !== undefined || envConfig.properties?.url !== undefined;

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
    ...(values.profile ? { profilePath: values.profile } : {}),
    properties: envConfig.properties ?? {},
  };
  console.log(
    `Target: real account (${values.profile ? `profile ${values.profile}` : 'SNOWFLAKE_* variables'})`,
  );
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
const client = await createClient({ ...options, transport, telemetry: latency });

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
const perChannel = Math.ceil(totalRows / channelCount);
await Promise.all(
  channels.map(async ({ channel, resumeFrom }, c) => {
    const first = resumeFrom + 1;
    const last = Math.min(perChannel, totalRows - c * perChannel) - 1;
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
    const last = Math.min(perChannel, totalRows - c * perChannel) - 1;
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
