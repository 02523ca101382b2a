// Kafka → emulator through @snowpipe/kafka against the same KafkaJS client consuming the same
// topic and discarding the records, in one run, rounds interleaved. The emulator runs in a child
// process (its CPU is not ours); the sink uses the client's defaults (fetch transport).
import { createKafkaJsConsumer, createKafkaSink } from '@snowpipe/kafka';
import type { KafkaSink } from '@snowpipe/kafka';
import { createClient } from '@snowpipe/streaming-client';
import type { KafkaBroker } from '@snowpipe/test-utils/kafka-broker';
import type { Kafka } from 'kafkajs';
import { startEmulatorChild } from '../e2e/emulator-child.js';
import { benchKeys, clientProperties } from '../lib/bench-keys.js';
import type { BenchResult } from '../lib/result.js';

/** Settings of {@link benchKafkaSink}. */
export interface KafkaSinkBenchOptions {
  /** Records in the topic (JSON objects of ~120 bytes). @default 300000 */
  records?: number;
  /** Partitions of the topic. @default 6 */
  partitions?: number;
  /** Rounds of each contender, interleaved. @default 3 */
  rounds?: number;
}

/** One contender's round: from its group join to its last record (and to its last commit). */
interface Round {
  /** Records per second from the group join to the last record handled. */
  perSecond: number;
  /** CPU (user + system) of this process per record, in microseconds. */
  cpuUsPerRecord: number;
  /** Records per second from the group join to the last Snowflake commit (sink only). */
  committedPerSecond?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function produce(broker: KafkaBroker, topic: string, records: number, partitions: number) {
  const admin = broker.kafka('bench-admin').admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const producer = broker.kafka('bench-producer').producer();
  await producer.connect();
  for (let sent = 0; sent < records; sent += 5000) {
    const messages = [];
    for (let n = sent; n < Math.min(records, sent + 5000); n++) {
      messages.push({
        partition: n % partitions,
        value: JSON.stringify({
          id: n,
          kind: n % 3 === 0 ? 'view' : 'click',
          user: `user-${n % 997}`,
          at: 1_700_000_000_000 + n,
          amount: (n % 1000) / 10,
        }),
      });
    }
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
}

/** The moment a member joined the group (and this process's CPU then): both contenders start there. */
interface Start {
  at?: number;
  cpu?: NodeJS.CpuUsage;
}

/** A KafkaJS client whose consumers note when they joined the group into `start`. */
function joinTimed(kafka: Kafka, start: Start): Kafka {
  const timed = Object.create(kafka) as Kafka;
  timed.consumer = (config) => {
    const consumer = kafka.consumer(config);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      start.at ??= performance.now();
      start.cpu ??= process.cpuUsage();
    });
    return consumer;
  };
  return timed;
}

async function consumeOnly(
  broker: KafkaBroker,
  topic: string,
  records: number,
  group: string,
): Promise<Round> {
  const start: Start = {};
  const consumer = joinTimed(broker.kafka(group), start).consumer({ groupId: group });
  let seen = 0;
  let end = 0;
  let cpu: NodeJS.CpuUsage | undefined;
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: 4,
    eachBatch: ({ batch }) => {
      seen += batch.messages.length;
      if (seen >= records && cpu === undefined) {
        end = performance.now();
        cpu = process.cpuUsage(start.cpu);
      }
      return Promise.resolve();
    },
  });
  while (cpu === undefined) await sleep(5);
  await consumer.disconnect();
  return {
    perSecond: records / ((end - start.at!) / 1000),
    cpuUsPerRecord: (cpu.user + cpu.system) / records,
  };
}

async function throughSink(
  broker: KafkaBroker,
  url: string,
  topic: string,
  records: number,
  group: string,
  transform: boolean,
): Promise<Round> {
  const client = await createClient({
    clientName: group,
    dbName: 'BENCH',
    schemaName: 'PUBLIC',
    tableName: 'KAFKA',
    properties: clientProperties(url, benchKeys()),
  });
  const start: Start = {};
  const sink: KafkaSink = createKafkaSink({
    client,
    consumer: createKafkaJsConsumer({
      kafka: joinTimed(broker.kafka(group), start),
      groupId: group,
    }),
    topics: [topic],
    channelPrefix: `${group}-`,
    ...(transform ? { toRows: (r) => JSON.parse(String(r.value)) as Record<string, unknown> } : {}),
  });
  await sink.start();
  let accepted: { at: number; cpu: NodeJS.CpuUsage } | undefined;
  let committedAt: number | undefined;
  for (;;) {
    const m = sink.metrics();
    if (accepted === undefined && m.rows >= records)
      accepted = { at: performance.now(), cpu: process.cpuUsage(start.cpu) };
    const parts = sink.partitions();
    const total = parts.reduce(
      (a, p) => a + (p.committedOffset === null ? 0 : Number(p.committedOffset) + 1),
      0,
    );
    if (accepted !== undefined && total >= records) {
      committedAt = performance.now();
      break;
    }
    await sleep(5);
  }
  await sink.stop();
  await client.close();
  const t0 = start.at!;
  return {
    perSecond: records / ((accepted.at - t0) / 1000),
    cpuUsPerRecord: (accepted.cpu.user + accepted.cpu.system) / records,
    committedPerSecond: records / ((committedAt - t0) / 1000),
  };
}

/** Runs the comparison; the broker is started by the caller. */
export async function benchKafkaSink(
  broker: KafkaBroker,
  options: KafkaSinkBenchOptions = {},
): Promise<BenchResult[]> {
  const records = options.records ?? 300_000;
  const partitions = options.partitions ?? 6;
  const rounds = options.rounds ?? 3;
  const topic = 'bench-events';
  await produce(broker, topic, records, partitions);
  const emulator = await startEmulatorChild(benchKeys(), ['--validation', 'fast']);
  const only: Round[] = [];
  const passThrough: Round[] = [];
  const transformed: Round[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      only.push(await consumeOnly(broker, topic, records, `only-${r}`));
      passThrough.push(await throughSink(broker, emulator.url, topic, records, `pass-${r}`, false));
      transformed.push(
        await throughSink(broker, emulator.url, topic, records, `transform-${r}`, true),
      );
    }
  } finally {
    await emulator.stop();
  }
  const base = median(only.map((x) => x.perSecond));
  const pass = median(passThrough.map((x) => x.perSecond));
  const trans = median(transformed.map((x) => x.perSecond));
  const cpu = (xs: Round[]) => median(xs.map((x) => x.cpuUsPerRecord));
  const notes = `${records} records over ${partitions} partitions, median of ${rounds} interleaved rounds, from the group join`;
  return [
    {
      name: 'kafka.sink.json-pass-through',
      value: pass,
      unit: 'records/s',
      peer: 'kafkajs consume-and-discard',
      peerValue: base,
      ratio: pass / base,
      goal: '>= 0.8x consume-only',
      pass: pass / base >= 0.8,
      notes: `${notes}; to the last record accepted by the client`,
    },
    {
      name: 'kafka.sink.json-pass-through.committed',
      value: median(passThrough.map((x) => x.committedPerSecond!)),
      unit: 'records/s',
      peer: 'kafkajs consume-and-discard',
      peerValue: base,
      ratio: median(passThrough.map((x) => x.committedPerSecond!)) / base,
      notes: `${notes}; to the last Snowflake commit (includes the client's 1 s flush lag once)`,
    },
    {
      name: 'kafka.sink.transform',
      value: trans,
      unit: 'records/s',
      peer: 'kafkajs consume-and-discard',
      peerValue: base,
      ratio: trans / base,
      notes: `${notes}; toRows = JSON.parse of each value, appendRows`,
    },
    {
      name: 'kafka.cpu.consume-only',
      value: cpu(only),
      unit: 'us/record',
      notes: 'CPU of the consuming process (user + system)',
    },
    {
      name: 'kafka.cpu.sink-pass-through',
      value: cpu(passThrough),
      unit: 'us/record',
      peer: 'consume-only',
      peerValue: cpu(only),
      ratio: cpu(passThrough) / cpu(only),
      notes: 'CPU of the sink process (KafkaJS + sink + client; the emulator runs in a child)',
    },
    {
      name: 'kafka.cpu.sink-transform',
      value: cpu(transformed),
      unit: 'us/record',
      peer: 'consume-only',
      peerValue: cpu(only),
      ratio: cpu(transformed) / cpu(only),
      notes: 'as above, with the JSON.parse transform',
    },
  ];
}
