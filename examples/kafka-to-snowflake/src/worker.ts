// One worker: a member of the consumer group that streams the topic into the table. Run as many
// as you like; Kafka's group protocol hands each one a share of the partitions and moves them
// when a worker stops, dies or joins. Each partition's channel says where it resumes.
//
//   KAFKA_BROKERS=127.0.0.1:9092 KAFKA_TOPIC=events SNOWFLAKE_... node dist/worker.js
import { createKafkaJsConsumer, createKafkaSink } from '@snowpipe/kafka';
import { createClient } from '@snowpipe/streaming-client';
import { Kafka, logLevel } from 'kafkajs';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
};

const workerId = process.env['WORKER_ID'] ?? String(process.pid);
const client = await createClient({
  clientName: `kafka-worker-${workerId}`,
  dbName: 'DEMO_DB',
  schemaName: 'PUBLIC',
  tableName: 'EVENTS',
  // The demo hands the emulator's credentials over as JSON; in production use a profile.json
  // or the SNOWFLAKE_* variables (loadConfigFromEnv).
  properties: JSON.parse(env('SNOWPIPE_PROPERTIES')) as Record<string, string>,
});
const kafka = new Kafka({
  clientId: `kafka-worker-${workerId}`,
  brokers: env('KAFKA_BROKERS').split(','),
  // KafkaJS logs every rebalance (expected here: workers come and go) as an error.
  logLevel: logLevel.NOTHING,
});
const sink = createKafkaSink({
  client,
  consumer: createKafkaJsConsumer({
    kafka,
    groupId: 'events-to-snowflake',
    consumerConfig: { sessionTimeout: 6000, heartbeatInterval: 500 },
  }),
  topics: [env('KAFKA_TOPIC')],
  recordMetadata: true,
  observer: {
    onPartitionStarted: (tp, { resumeOffset }) =>
      console.log(
        `[worker ${workerId}] ${tp.topic}-${tp.partition} from offset ${resumeOffset ?? 'start'}`,
      ),
    onPartitionStopped: (error) => console.error(`[worker ${workerId}] ${error.message}`),
  },
});

// Graceful shutdown: stop fetching, flush, wait for commit, close the channels, leave the group,
// then close the client. A deploy sends SIGTERM; the partitions move to the other workers, which
// resume after each channel's committed offset token.
process.once('SIGTERM', () => {
  void sink
    .stop()
    .then(() => client.close())
    .then(() => process.exit(0));
});

await sink.start();
console.log(`[worker ${workerId}] ready`);
