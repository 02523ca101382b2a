import { silentLogger } from '@snowpipe/streaming-client';
import type { ConsumerHandlers, RecordBatch, TopicPartition } from './consumer-port.js';
import { partitionKey } from './consumer-port.js';
import { createKafkaCommitter } from './kafka-committer.js';
import { KafkaSinkError } from './kafka-sink-error.js';
import { createPartitionWriter } from './partition-writer.js';
import type { PartitionWriter } from './partition-writer.js';
import type { SinkContext } from './sink-context.js';
import { notify } from './sink-context.js';
import type { KafkaSinkMetrics, PartitionSnapshot } from './sink-observer.js';
import { resolveSinkSettings } from './sink-options.js';
import type { KafkaSinkOptions } from './sink-options.js';

/** A running Kafka → Snowflake bridge: one channel per owned topic-partition. */
export interface KafkaSink {
  /** Joins the consumer group and starts streaming; resolves once the consumer runs. */
  start(): Promise<void>;
  /**
   * Graceful shutdown: stops appending, flushes every partition, waits for its commit (bounded
   * by `revokeTimeoutMs`), closes the channels, commits Kafka offsets, leaves the group. The
   * streaming client stays open (close it after). Safe to call more than once.
   */
  stop(): Promise<void>;
  /** Counters since start, with lag per partition. */
  metrics(): KafkaSinkMetrics;
  /** The partitions this member owns now. */
  partitions(): PartitionSnapshot[];
}

type SinkPhase = 'created' | 'running' | 'stopping' | 'stopped';

/**
 * Creates a sink that streams Kafka topics into the client's table through a consumer group:
 * each topic-partition gets a channel, the Kafka offset is the offset token, and a partition
 * assigned to this member resumes after its channel's committed offset token.
 * @example
 * const sink = createKafkaSink({ client, consumer, topics: ['orders'] });
 * await sink.start();
 * process.once('SIGTERM', () => void sink.stop().then(() => client.close()));
 */
export function createKafkaSink(options: KafkaSinkOptions): KafkaSink {
  const settings = resolveSinkSettings(options);
  const { client, consumer } = options;
  const observer = options.observer ?? {};
  const logger = options.logger ?? silentLogger;
  const writers = new Map<string, PartitionWriter>();
  const pausedForBuffer = new Map<string, TopicPartition>();
  let phase: SinkPhase = 'created';
  let stopping: Promise<void> | undefined;
  const counters: SinkContext['counters'] = {
    records: 0,
    rows: 0,
    bytes: 0,
    rebalances: 0,
    poisonRecords: 0,
    deadLetters: 0,
    partitionsLost: 0,
    kafkaCommits: 0,
    backpressurePauses: 0,
  };
  const committer = createKafkaCommitter(
    consumer,
    () => void (counters.kafkaCommits += 1),
    (error) => notify(observer, 'onError', error),
  );

  const ctx: SinkContext = {
    client,
    consumer,
    settings,
    observer,
    logger,
    counters,
    commitKafka: (offset) => committer.commit(offset),
    checkBackpressure(tp) {
      const bytes = client.stats().bufferedBytes;
      if (tp !== undefined && bytes >= settings.pauseAtBufferedBytes) {
        const key = partitionKey(tp);
        if (!pausedForBuffer.has(key)) {
          pausedForBuffer.set(key, tp);
          counters.backpressurePauses += 1;
          consumer.pause([tp]);
        }
        return;
      }
      if (pausedForBuffer.size === 0 || bytes >= settings.pauseAtBufferedBytes / 2) return;
      const resume = [...pausedForBuffer.entries()]
        .filter(([key]) => writers.get(key)?.snapshot().phase === 'active')
        .map(([, p]) => p);
      pausedForBuffer.clear();
      if (resume.length > 0) consumer.resume(resume);
    },
  };

  const revoke = async (partitions: readonly TopicPartition[]): Promise<void> => {
    const gone: PartitionWriter[] = [];
    for (const tp of partitions) {
      const key = partitionKey(tp);
      const writer = writers.get(key);
      pausedForBuffer.delete(key);
      if (writer === undefined) continue;
      writers.delete(key);
      gone.push(writer);
    }
    await Promise.all(gone.map((w) => w.revoke()));
  };

  const handlers: ConsumerHandlers = {
    async onAssigned(partitions) {
      if (phase !== 'running') return;
      counters.rebalances += 1;
      notify(observer, 'onRebalance', 'assigned', partitions);
      logger.info?.(`assigned ${partitions.map(partitionKey).join(', ')}`, {});
      // A partition still held (a client that reported no revocation) starts afresh.
      await revoke(partitions.filter((tp) => writers.has(partitionKey(tp))));
      const started = partitions.map((tp) => {
        const writer = createPartitionWriter(ctx, tp);
        writers.set(partitionKey(tp), writer);
        return writer.start();
      });
      await Promise.all(started);
    },
    async onRevoked(partitions) {
      counters.rebalances += 1;
      notify(observer, 'onRebalance', 'revoked', partitions);
      logger.info?.(`revoked ${partitions.map(partitionKey).join(', ')}`, {});
      await revoke(partitions);
    },
    async onBatch(batch: RecordBatch) {
      const writer = writers.get(partitionKey(batch));
      if (writer === undefined || phase !== 'running') return;
      await writer.write(batch);
    },
  };

  return {
    async start() {
      if (phase !== 'created') {
        throw new KafkaSinkError(`the sink cannot start: it is ${phase}`, { code: 'SINK_STOPPED' });
      }
      phase = 'running';
      await consumer.run(settings.topics, handlers);
    },
    stop() {
      stopping ??= (async () => {
        phase = 'stopping';
        await revoke([...writers.values()].map((w) => w.tp));
        await consumer.stop();
        phase = 'stopped';
      })();
      return stopping;
    },
    metrics() {
      const lag: Record<string, number> = {};
      for (const [key, w] of writers) {
        const l = w.snapshot().lag;
        if (l !== undefined) lag[key] = l;
      }
      return { ...counters, lag };
    },
    partitions: () => [...writers.values()].map((w) => w.snapshot()),
  };
}
