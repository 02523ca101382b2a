// One worker process of the broker-backed tests: a consumer-group member streaming a topic into
// the emulator through the sink. Run with `node --import tsx`; configured by environment:
//   WORKER_ID, KAFKA_BOOTSTRAP, KAFKA_GROUP, KAFKA_TOPIC, SNOWPIPE_PROPERTIES (JSON), SNOWPIPE_TABLE
// Prints `ready` once running; on SIGTERM stops gracefully (flush, commit, close, leave) and exits 0.
import { createClient } from '@snowpipe/streaming-client';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaJsConsumer, createKafkaSink } from '../../src/index.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is not set`);
  return v;
};

const id = env('WORKER_ID');
const client = await createClient({
  clientName: `worker-${id}`,
  dbName: 'DB',
  schemaName: 'PUBLIC',
  tableName: env('SNOWPIPE_TABLE'),
  properties: JSON.parse(env('SNOWPIPE_PROPERTIES')) as Record<string, string>,
});
const kafka = new Kafka({
  clientId: `worker-${id}`,
  brokers: [env('KAFKA_BOOTSTRAP')],
  logLevel: logLevel.NOTHING,
});
const consumer = createKafkaJsConsumer({
  kafka,
  groupId: env('KAFKA_GROUP'),
  // A killed member is noticed after sessionTimeout; the broker's minimum is 6 s.
  consumerConfig: { sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 30_000 },
});
const sink = createKafkaSink({
  client,
  consumer,
  topics: [env('KAFKA_TOPIC')],
  observer: {
    onPartitionLost: (tp, code) => console.log(`lost ${tp.topic}-${tp.partition} ${code}`),
    onPartitionStopped: (e) => console.log(`stopped ${e.code} ${e.message}`),
  },
});
process.once('SIGTERM', () => {
  void sink
    .stop()
    .then(() => client.close())
    .then(() => process.exit(0));
});
await sink.start();
console.log('ready');
