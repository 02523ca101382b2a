/** One partition of one topic. */
export interface TopicPartition {
  /** Topic name. */
  readonly topic: string;
  /** Partition number. */
  readonly partition: number;
}

/** A Kafka record as the sink sees it; a client adapter builds it from its own message type. */
export interface KafkaRecord {
  /** The record's offset in its partition, as a decimal string (Kafka offsets are 64-bit). */
  readonly offset: string;
  /** The record's key bytes, or `null`. */
  readonly key: Buffer | null;
  /** The record's value bytes, or `null` (a tombstone). */
  readonly value: Buffer | null;
  /** The record's timestamp in ms since the epoch, as a decimal string. */
  readonly timestamp: string;
  /** The record's headers (a header with several values keeps them in order). */
  readonly headers: Readonly<
    Record<string, Buffer | string | readonly (Buffer | string)[] | undefined>
  >;
}

/** Records of one partition, in offset order, as one fetch returned them. */
export interface RecordBatch extends TopicPartition {
  /** The records, in offset order. */
  readonly records: readonly KafkaRecord[];
  /** The partition's high watermark (offset of the next record to be written), when known. */
  readonly highWatermark?: string;
}

/** A Kafka offset to commit for the consumer group: `offset` is the next record to read. */
export interface PartitionOffset extends TopicPartition {
  /** The next offset to read, as a decimal string. */
  readonly offset: string;
}

/**
 * What the sink asks of a consumer group member. The consumer calls these and awaits them: it
 * must not fetch a partition before `onAssigned` for it resolved, and should not give up a
 * partition before `onRevoked` for it resolved (a client that only learns of a rebalance after
 * the fact may call `onRevoked` late; fencing keeps that safe, see the package README).
 */
export interface ConsumerHandlers {
  /** Partitions this member now owns. */
  onAssigned(partitions: readonly TopicPartition[]): Promise<void>;
  /** Partitions this member gives up. */
  onRevoked(partitions: readonly TopicPartition[]): Promise<void>;
  /** Records of one owned partition; the next batch of that partition waits for this one. */
  onBatch(batch: RecordBatch): Promise<void>;
}

/**
 * The small consumer interface the sink runs on. `createKafkaJsConsumer` adapts KafkaJS; any
 * other client can be brought by implementing these methods. Offsets are decimal strings.
 */
export interface KafkaConsumer {
  /** Subscribes to `topics`, joins the group, and calls `handlers` until {@link KafkaConsumer.stop}. Resolves once running. */
  run(topics: readonly string[], handlers: ConsumerHandlers): Promise<void>;
  /** Stops fetching these partitions (they stay assigned). */
  pause(partitions: readonly TopicPartition[]): void;
  /** Fetches these partitions again. */
  resume(partitions: readonly TopicPartition[]): void;
  /** Moves a partition's fetch position: the next batch of it starts at `offset`. */
  seek(partition: TopicPartition, offset: string): void;
  /** Commits consumer-group offsets (the next offset to read per partition). */
  commitOffsets(offsets: readonly PartitionOffset[]): Promise<void>;
  /** Stops fetching, leaves the group and disconnects. */
  stop(): Promise<void>;
}

/** A record for the dead-letter topic. */
export interface DeadLetterRecord {
  /** The original key. */
  readonly key: Buffer | null;
  /** The original value. */
  readonly value: Buffer | null;
  /** The original headers plus `snowpipe.*` headers naming the source and the failure. */
  readonly headers: Readonly<Record<string, Buffer | string>>;
}

/** Where poison records go: a producer for the dead-letter topic. */
export interface DeadLetterProducer {
  /** Sends the records to `topic`; resolves once the broker acknowledged them. */
  send(topic: string, records: readonly DeadLetterRecord[]): Promise<void>;
}

/** `topic-partition`, the key the sink uses for a partition. */
export function partitionKey(tp: TopicPartition): string {
  return `${tp.topic}-${tp.partition}`;
}
