// The demo: a Kafka broker and the emulator on loopback, a topic of 6 partitions, several worker
// processes in one consumer group. It writes the records, starts the workers, stops one with
// SIGTERM half-way (a deploy) and starts a replacement, and checks the emulator's ledger: every
// record exactly once, in its partition's channel, in offset order.
//
//   node dist/main.js [--records 30000] [--workers 3]
// The broker runs from Apache Kafka's jars (SNOWPIPE_KAFKA_CLASSPATH_DIR; outside CI they are
// fetched from Maven Central with .ci/kafka.sh, once).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '@snowpipe/emulator';
import { startKafkaBroker } from '@snowpipe/test-utils/kafka-broker';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '30000' },
    workers: { type: 'string', default: '3' },
  },
});
const RECORDS = Number(values.records);
const WORKERS = Number(values.workers);
if (!Number.isInteger(RECORDS) || RECORDS < 600)
  throw new RangeError(`--records must be an integer >= 600, got ${values.records}`);
if (!Number.isInteger(WORKERS) || WORKERS < 2)
  throw new RangeError(`--workers must be an integer >= 2, got ${values.workers}`);
const TOPIC = 'events';
const PARTITIONS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const broker = await startKafkaBroker();
const emulator = await startEmulator({
  rowKeyField: 'id',
  retainRows: RECORDS,
  validation: 'fast',
});
const { properties } = emulator.createCredentials({ account: 'DEMO_ACCOUNT', user: 'DEMO_USER' });
const kafka = broker.kafka('demo');
const admin = kafka.admin();
const producer = kafka.producer();
const workers: ChildProcess[] = [];

function startWorker(id: number): Promise<ChildProcess> {
  const worker = spawn(
    process.execPath,
    [join(dirname(fileURLToPath(import.meta.url)), 'worker.js')],
    {
      env: {
        ...process.env,
        WORKER_ID: String(id),
        KAFKA_BROKERS: broker.bootstrap,
        KAFKA_TOPIC: TOPIC,
        SNOWPIPE_PROPERTIES: JSON.stringify(properties),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  workers.push(worker);
  return new Promise((ready, fail) => {
    worker.stdout?.on('data', (d: Buffer) => {
      process.stdout.write(d);
      if (d.toString().includes('ready')) ready(worker);
    });
    worker.once('exit', (code) => fail(new Error(`worker ${id} exited with ${code}`)));
  });
}

async function produce(from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 3000) {
    const messages = [];
    for (let n = start; n < Math.min(to, start + 3000); n++) {
      messages.push({
        partition: n % PARTITIONS,
        value: JSON.stringify({ id: n, event: n % 3 === 0 ? 'view' : 'click' }),
      });
    }
    await producer.send({ topic: TOPIC, messages });
  }
}

const committed = () => emulator.ledger.totals().rowsCommitted;
let exitCode = 1;
try {
  await admin.connect();
  await producer.connect();
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: PARTITIONS }],
    waitForLeaders: true,
  });
  const started = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, (_, i) => startWorker(i + 1)));
  await produce(0, RECORDS / 2);
  // a deploy: one worker stops gracefully, a new one takes its place
  const leaving = workers[0]!;
  const left = new Promise((r) => leaving.once('exit', r));
  leaving.kill('SIGTERM');
  console.log('stopping worker 1 (SIGTERM)');
  await left;
  await startWorker(WORKERS + 1);
  await produce(RECORDS / 2, RECORDS);
  for (let waited = 0; committed() < RECORDS && waited < 120_000; waited += 250) await sleep(250);
  const seconds = (performance.now() - started) / 1000;

  const channels = emulator.ledger
    .channels()
    .filter((c) => c.channel.toLowerCase().startsWith(`${TOPIC}-`)); // names resolve upper-case
  let inOrder = true;
  for (const c of channels) {
    const offsets = ((c.rows ?? []) as { RECORD_METADATA: { offset: number } }[]).map(
      (r) => r.RECORD_METADATA.offset,
    );
    if (!offsets.every((o, i) => o === i)) inOrder = false;
    console.log(
      `  channel ${c.channel}: ${c.rowsCommitted} rows, committed offset token ${c.committedOffsetToken}`,
    );
  }
  const totals = emulator.ledger.totals();
  console.log(
    `${RECORDS} records, ${totals.rowsCommitted} rows committed, ${totals.duplicateKeys} duplicates, ${Math.round(RECORDS / seconds)} records/s`,
  );
  if (
    totals.rowsCommitted === RECORDS &&
    totals.duplicateKeys === 0 &&
    inOrder &&
    channels.length === PARTITIONS
  ) {
    console.log(
      'OK: every record exactly once, in offset order, across a rolling stop of a worker',
    );
    exitCode = 0;
  } else {
    console.error('FAILED: expected every record committed once and in order');
  }
} finally {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGTERM');
  await Promise.all(
    workers.map((w) =>
      w.exitCode === null && w.signalCode === null
        ? new Promise((r) => w.once('exit', r))
        : Promise.resolve(),
    ),
  );
  await producer.disconnect();
  await admin.disconnect();
  await emulator.stop();
  await broker.stop();
}
process.exitCode = exitCode;
