import type { Emulator } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import type { StreamingIngestClient } from '@snowpipe/streaming-client';
import type { Producer } from 'kafkajs';
import { createKafkaJsConsumer, createKafkaSink } from '../src/index.js';
import type { KafkaSink, KafkaSinkError, KafkaSinkOptions } from '../src/index.js';
import type { KafkaBroker } from '@snowpipe/test-utils/kafka-broker';

export interface RunningSink {
  sink: KafkaSink;
  client: StreamingIngestClient;
  stopped: KafkaSinkError[];
  errors: unknown[];
  stop(): Promise<void>;
}

/** A sink in the test process, on the real broker and the emulator. */
export async function runSink(
  broker: KafkaBroker,
  emulator: Emulator,
  o: { id: string; group: string; topic: string; table: string } & Partial<KafkaSinkOptions>,
): Promise<RunningSink> {
  const { properties } = emulator.createCredentials({ account: 'ACCT', user: `U${o.id}` });
  const client = await createClient({
    clientName: o.id,
    dbName: 'DB',
    schemaName: 'PUBLIC',
    tableName: o.table,
    properties,
  });
  const consumer = createKafkaJsConsumer({
    kafka: broker.kafka(o.id),
    groupId: o.group,
    consumerConfig: { sessionTimeout: 6000, heartbeatInterval: 500, rebalanceTimeout: 30_000 },
  });
  const stopped: KafkaSinkError[] = [];
  const errors: unknown[] = [];
  const { id: _id, group: _group, topic, table: _table, ...rest } = o;
  const sink = createKafkaSink({
    client,
    consumer,
    topics: [topic],
    observer: {
      onPartitionStopped: (e) => void stopped.push(e),
      onError: (e) => void errors.push(e),
    },
    ...rest,
  });
  await sink.start();
  return {
    sink,
    client,
    stopped,
    errors,
    async stop() {
      await sink.stop();
      await client.close({ waitForCommit: false });
    },
  };
}

/** Produces records `{ id, seq }` to each partition, continuing each partition's `seq`. */
export async function produceSeq(
  producer: Producer,
  topic: string,
  seq: number[],
  perPartition: number,
): Promise<void> {
  await producer.sendBatch({
    topicMessages: seq.map((start, partition) => ({
      topic,
      messages: Array.from({ length: perPartition }, (_, i) => ({
        partition,
        value: JSON.stringify({ id: `${partition}-${start + i}`, seq: start + i }),
      })),
    })),
  });
  for (let p = 0; p < seq.length; p++) seq[p] = (seq[p] as number) + perPartition;
}
