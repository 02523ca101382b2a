import type { TopicPartition } from './consumer-port.js';
import type { KafkaSinkError } from './kafka-sink-error.js';

/**
 * Hooks the sink calls as it works: the seam for metrics and logs (an OpenTelemetry meter, a
 * Prometheus registry). Every hook is optional and must not throw.
 */
export interface KafkaSinkObserver {
  /** A rebalance gave this member partitions (`assigned`) or took them (`revoked`). */
  onRebalance?(kind: 'assigned' | 'revoked', partitions: readonly TopicPartition[]): void;
  /** A partition's channel is open; `resumeOffset` is where reading resumes (`null`: the group's position). */
  onPartitionStarted?(
    tp: TopicPartition,
    info: { channel: string; resumeOffset: string | null },
  ): void;
  /** Rows were accepted into a partition's channel. */
  onRows?(tp: TopicPartition, rows: number, bytes: number): void;
  /** Snowflake committed a partition up to `offset`; `lag` is records behind the high watermark, when known. */
  onCommitted?(tp: TopicPartition, offset: string, lag: number | undefined): void;
  /** A poison record went to the dead-letter topic. */
  onDeadLetter?(tp: TopicPartition, offset: string, reason: string): void;
  /** A partition stopped (poison record without a dead-letter topic, a failed channel). */
  onPartitionStopped?(error: KafkaSinkError): void;
  /** Another writer took the partition's channel over (or its state was lost): this member stopped writing it. */
  onPartitionLost?(tp: TopicPartition, code: string): void;
  /** A failure that did not stop a partition (a Kafka offset commit, a close that timed out). */
  onError?(error: unknown): void;
}

/** One partition as the sink holds it now. */
export interface PartitionSnapshot extends TopicPartition {
  /** The partition's channel name. */
  channel: string;
  /** Where the partition is in its life. */
  phase: PartitionPhase;
  /** Offset of the next record the sink expects. */
  nextOffset: string | null;
  /** Last offset Snowflake committed. */
  committedOffset: string | null;
  /** Records between the committed offset and the high watermark, when known. */
  lag: number | undefined;
}

/** Phases of a partition: opening its channel, writing, giving it up, or stopped for a reason. */
export type PartitionPhase = 'opening' | 'active' | 'revoking' | 'stopped' | 'lost' | 'closed';

/** Counters of one sink since it started. */
export interface KafkaSinkMetrics {
  /** Records read and handled (rows, skips and poison records). */
  records: number;
  /** Rows accepted into channels. */
  rows: number;
  /** Bytes of those rows (their JSON). */
  bytes: number;
  /** Partition assignments plus revocations seen. */
  rebalances: number;
  /** Poison records, whatever happened to them. */
  poisonRecords: number;
  /** Poison records sent to the dead-letter topic. */
  deadLetters: number;
  /** Partitions lost to another writer. */
  partitionsLost: number;
  /** Kafka offset commits made. */
  kafkaCommits: number;
  /** Times a partition was paused because the client's buffer was full. */
  backpressurePauses: number;
  /** Per partition (`topic-partition`): records behind the high watermark, when known. */
  lag: Record<string, number>;
}
