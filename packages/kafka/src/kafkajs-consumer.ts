import type { Batch, Consumer, ConsumerConfig, EachBatchPayload, Kafka, Producer } from 'kafkajs';
import type {
  ConsumerHandlers,
  DeadLetterProducer,
  KafkaConsumer,
  RecordBatch,
  TopicPartition,
} from './consumer-port.js';
import { partitionKey } from './consumer-port.js';

/** Options of {@link createKafkaJsConsumer}. */
export interface KafkaJsConsumerOptions {
  /** The KafkaJS client (`new Kafka({ brokers, clientId })`). */
  kafka: Kafka;
  /** The consumer group. */
  groupId: string;
  /** Other KafkaJS consumer settings (session timeout, fetch sizes, …). @default KafkaJS's defaults */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** Read a partition without a committed position (and no channel token) from its start. @default true */
  fromBeginning?: boolean;
  /** Batches of different partitions handled at once. @default 4 */
  partitionsConsumedConcurrently?: number;
}

/** The KafkaJS codes that mean the group is rebalancing (KafkaJS keeps its check internal). */
const REBALANCING = new Set([
  'REBALANCE_IN_PROGRESS',
  'NOT_COORDINATOR_FOR_GROUP',
  'ILLEGAL_GENERATION',
]);

function isRebalancing(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    REBALANCING.has(String((error as { type?: unknown }).type))
  );
}

function toBatch(batch: Batch): RecordBatch {
  return {
    topic: batch.topic,
    partition: batch.partition,
    highWatermark: batch.highWatermark,
    records: batch.messages.map((m) => ({
      offset: m.offset,
      key: m.key ?? null,
      value: m.value,
      timestamp: m.timestamp,
      headers: m.headers ?? {},
    })),
  };
}

function flatten(assignment: Record<string, number[]>): Map<string, TopicPartition> {
  const out = new Map<string, TopicPartition>();
  for (const [topic, partitions] of Object.entries(assignment)) {
    for (const partition of partitions)
      out.set(partitionKey({ topic, partition }), { topic, partition });
  }
  return out;
}

const byTopic = (
  partitions: readonly TopicPartition[],
): { topic: string; partitions: number[] }[] => {
  const groups = new Map<string, number[]>();
  for (const tp of partitions)
    groups.set(tp.topic, [...(groups.get(tp.topic) ?? []), tp.partition]);
  return [...groups].map(([topic, ps]) => ({ topic, partitions: ps }));
};

/**
 * Adapts a KafkaJS consumer to {@link KafkaConsumer}. KafkaJS rebalances eagerly and has no
 * revocation callback: it learns of a rebalance from a heartbeat and rejoins at once. So the
 * adapter heartbeats after every batch itself and, when that says the group is rebalancing,
 * revokes every partition (flush, commit, close) before KafkaJS rejoins; the group waits for
 * it (up to KafkaJS's `rebalanceTimeout`). A rebalance KafkaJS meets on its own (an idle member)
 * is reported after the join, from the new assignment: late, which fencing makes safe.
 * @example
 * const consumer = createKafkaJsConsumer({ kafka: new Kafka({ brokers: ['localhost:9092'] }), groupId: 'snowpipe' });
 */
export function createKafkaJsConsumer(options: KafkaJsConsumerOptions): KafkaConsumer {
  const consumer: Consumer = options.kafka.consumer({
    ...options.consumerConfig,
    groupId: options.groupId,
  });
  let assigned = new Map<string, TopicPartition>();
  // Membership changes run one after another; batches wait for the ones queued before them.
  let changes: Promise<void> = Promise.resolve();
  let revokingAll: Promise<void> | undefined;
  let handlers: ConsumerHandlers | undefined;

  const queue = (work: () => Promise<void>): Promise<void> => {
    changes = changes.then(work, work);
    return changes;
  };

  const applyAssignment = async (next: Map<string, TopicPartition>): Promise<void> => {
    const h = handlers as ConsumerHandlers;
    const revoked = [...assigned].filter(([k]) => !next.has(k)).map(([, tp]) => tp);
    const added = [...next].filter(([k]) => !assigned.has(k)).map(([, tp]) => tp);
    if (revoked.length > 0) await h.onRevoked(revoked);
    assigned = next;
    if (added.length > 0) await h.onAssigned(added);
  };

  const revokeAll = (): Promise<void> => {
    revokingAll ??= queue(async () => {
      const all = [...assigned.values()];
      assigned = new Map();
      if (all.length > 0) await (handlers as ConsumerHandlers).onRevoked(all);
    }).finally(() => {
      revokingAll = undefined;
    });
    return revokingAll;
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    let seen: Promise<void>;
    do {
      seen = changes;
      await seen;
    } while (seen !== changes);
    if (assigned.has(partitionKey(batch)))
      await (handlers as ConsumerHandlers).onBatch(toBatch(batch));
    try {
      await payload.heartbeat();
    } catch (error) {
      if (isRebalancing(error)) await revokeAll();
      throw error;
    }
  };

  return {
    async run(topics, h) {
      handlers = h;
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        void queue(() => applyAssignment(flatten(event.payload.memberAssignment)));
      });
      await consumer.connect();
      await consumer.subscribe({
        topics: [...topics],
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 4,
        eachBatch,
      });
    },
    pause: (partitions) => consumer.pause(byTopic(partitions)),
    resume: (partitions) => consumer.resume(byTopic(partitions)),
    seek: (tp, offset) => consumer.seek({ topic: tp.topic, partition: tp.partition, offset }),
    commitOffsets: (offsets) =>
      consumer.commitOffsets(
        offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset })),
      ),
    async stop() {
      await consumer.disconnect();
    },
  };
}

/**
 * A {@link DeadLetterProducer} over a connected KafkaJS producer.
 * @example
 * const producer = kafka.producer(); await producer.connect();
 * const deadLetter = { topic: 'orders.dlq', producer: createKafkaJsDeadLetterProducer(producer) };
 */
export function createKafkaJsDeadLetterProducer(producer: Producer): DeadLetterProducer {
  return {
    async send(topic, records) {
      await producer.send({
        topic,
        messages: records.map((r) => ({ key: r.key, value: r.value, headers: { ...r.headers } })),
      });
    },
  };
}
