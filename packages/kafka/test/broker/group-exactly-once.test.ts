// 3 worker processes, a topic of 6 partitions, 100,000 records; one worker SIGKILLed mid-stream,
// a fourth joins, then every worker is restarted one by one (a rolling deploy), all while records
// keep coming. The emulator's ledger must hold every record exactly once in its partition's
// channel, in offset order, and the group's committed offsets must reach the high watermarks.
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import type { Admin, Producer } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKafkaBroker } from '@snowpipe/test-utils/kafka-broker';
import type { KafkaBroker } from '@snowpipe/test-utils/kafka-broker';
import { checkChannels, eventually } from '../ledger-check.js';
import { spawnWorker } from '../worker-process.js';
import type { WorkerProcess } from '../worker-process.js';

const TOPIC = 'events';
const PARTITIONS = 6;
const RECORDS = 100_000;
const TABLE = 'EVENTS';
const GROUP = 'snowpipe-sink';

let broker: KafkaBroker;
let emulator: Emulator;
let admin: Admin;
let producer: Producer;
const workers: WorkerProcess[] = [];
const seq = new Array<number>(PARTITIONS).fill(0);

beforeAll(async () => {
  broker = await startKafkaBroker();
  emulator = await startEmulator({ rowKeyField: 'id', retainRows: 30_000, validation: 'fast' });
  admin = broker.kafka('admin').admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic: TOPIC, numPartitions: PARTITIONS }],
    waitForLeaders: true,
  });
  producer = broker.kafka('producer').producer();
  await producer.connect();
}, 180_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await producer?.disconnect();
  await admin?.disconnect();
  await emulator?.stop();
  await broker?.stop();
}, 60_000);

/** Produces `count` records round-robin over the partitions; a record's `seq` is its offset. */
async function produce(count: number): Promise<void> {
  for (let sent = 0; sent < count;) {
    const n = Math.min(3000, count - sent);
    const byPartition = new Map<number, { value: string }[]>();
    for (let i = 0; i < n; i++) {
      const p = (sent + i) % PARTITIONS;
      const s = seq[p]!;
      seq[p] = s + 1;
      const list = byPartition.get(p) ?? [];
      list.push({ value: JSON.stringify({ id: `${p}-${s}`, p, seq: s, body: 'x'.repeat(40) }) });
      byPartition.set(p, list);
    }
    await producer.sendBatch({
      topicMessages: [...byPartition].map(([partition, messages]) => ({
        topic: TOPIC,
        messages: messages.map((m) => ({ ...m, partition })),
      })),
    });
    sent += n;
  }
}

function start(id: string): WorkerProcess {
  const { properties } = emulator.createCredentials({ account: 'ACCT', user: `U${id}` });
  const w = spawnWorker(id, {
    KAFKA_BOOTSTRAP: broker.bootstrap,
    KAFKA_GROUP: GROUP,
    KAFKA_TOPIC: TOPIC,
    SNOWPIPE_TABLE: TABLE,
    SNOWPIPE_PROPERTIES: JSON.stringify(properties),
  });
  workers.push(w);
  return w;
}

const committedTotal = () =>
  checkChannels(emulator, TABLE, TOPIC, PARTITIONS).reduce((a, c) => a + c.committed, 0);

it('every record exactly once in its partition channel, in offset order, through kill, join and rolling restart', async () => {
  const first = ['1', '2', '3'].map(start);
  await Promise.all(first.map((w) => w.ready));
  await produce(30_000);
  expect(await eventually(() => committedTotal() > 5_000, 60_000)).toBe(true);

  // one worker dies mid-stream: no flush, no close, no leave
  await first[0]!.kill();
  await produce(20_000);

  // a fourth joins
  const fourth = start('4');
  await fourth.ready;
  await produce(20_000);

  // rolling deploy: each worker stopped gracefully and replaced, while records keep coming
  const live = [first[1]!, first[2]!, fourth];
  let next = 5;
  for (const w of live) {
    expect(await w.terminate()).toBe(0);
    const replacement = start(String(next++));
    await replacement.ready;
    await produce(10_000);
  }
  expect(seq.reduce((a, b) => a + b, 0)).toBe(RECORDS);

  const done = await eventually(() => committedTotal() >= RECORDS, 120_000);
  const checks = checkChannels(emulator, TABLE, TOPIC, PARTITIONS);
  expect(done, JSON.stringify(checks)).toBe(true);
  for (const [p, c] of checks.entries()) {
    expect(c, c.channel).toMatchObject({ duplicates: 0, inOrder: true });
    expect(c.committed).toBe(seq[p]);
    expect(c.committedOffsetToken).toBe(String(c.committed - 1));
  }
  expect(emulator.ledger.totals()).toMatchObject({ rowsCommitted: RECORDS, duplicateKeys: 0 });

  // consumer lag back to zero: the group's committed offsets reach each partition's end
  const lagZero = await eventually(async () => {
    const ends = await admin.fetchTopicOffsets(TOPIC);
    const [group] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    return ends.every(
      (e) => group!.partitions.find((g) => g.partition === e.partition)?.offset === e.high,
    );
  }, 30_000);
  expect(lagZero).toBe(true);
}, 280_000);
