import { DEFAULT_CLIENT_OPTIONS } from '@snowpipe/streaming-client';
import type { Logger, Row, StreamingIngestClient } from '@snowpipe/streaming-client';
import { defaultChannelName } from './channel-name.js';
import type { ChannelNamer } from './channel-name.js';
import type {
  DeadLetterProducer,
  KafkaConsumer,
  KafkaRecord,
  TopicPartition,
} from './consumer-port.js';
import { KafkaSinkError } from './kafka-sink-error.js';
import type { KafkaSinkObserver } from './sink-observer.js';

/**
 * Turns a record into what its partition's channel receives: one row, several rows, or
 * `undefined`/`null` to skip it. Throwing makes the record a poison record.
 */
export type RecordTransform = (
  record: KafkaRecord,
  tp: TopicPartition,
) => Row | readonly Row[] | null | undefined;

/** Where poison records go instead of stopping their partition. */
export interface DeadLetterOptions {
  /** The dead-letter topic. */
  topic: string;
  /** The producer that writes it (`createKafkaJsDeadLetterProducer`, or your own). */
  producer: DeadLetterProducer;
}

/** Options of {@link createKafkaSink}. */
export interface KafkaSinkOptions {
  /** The streaming client of the target table; every partition's channel is opened through it. */
  client: StreamingIngestClient;
  /** The consumer group member (`createKafkaJsConsumer`, or your own {@link KafkaConsumer}). */
  consumer: KafkaConsumer;
  /** Topics to consume. */
  topics: readonly string[];
  /** Prefix of the default channel name `<prefix><topic>-<partition>`. @default '' */
  channelPrefix?: string;
  /** Names a partition's channel; replaces the default name. @default `<channelPrefix><topic>-<partition>` */
  channelName?: ChannelNamer;
  /**
   * Turns records into rows. Without it, record values are JSON objects already and go to the
   * channel as they are (`appendEncodedRows`, no parse). @default undefined (values as they are)
   */
  toRows?: RecordTransform;
  /**
   * Adds a column with the record's topic, partition, offset, timestamp, key and headers, as
   * Snowflake's Kafka connector does; `true` names it `RECORD_METADATA`. @default false
   */
  recordMetadata?: boolean | string;
  /** Send poison records here instead of stopping their partition. @default undefined (stop the partition) */
  deadLetter?: DeadLetterOptions;
  /** Longest a revocation or shutdown waits for a partition's rows to commit before closing. @default 30000 */
  revokeTimeoutMs?: number;
  /**
   * Partitions are paused while the client holds at least this many bytes (buffered or not yet
   * committed), and resumed below half of it. Keep it under the client's `maxBufferedBytes`.
   * @default three quarters of `DEFAULT_CLIENT_OPTIONS.maxBufferedBytes` (24 MiB)
   */
  pauseAtBufferedBytes?: number;
  /** Hooks for metrics and logs. @default none */
  observer?: KafkaSinkObserver;
  /** Where the sink logs rebalances and failures. @default the client's silent logger */
  logger?: Logger;
}

/** Defaults of {@link KafkaSinkOptions}. */
export const DEFAULT_KAFKA_SINK_OPTIONS = Object.freeze({
  /** Prefix of the default channel name `<prefix><topic>-<partition>`. */
  channelPrefix: '',
  /** Name of the metadata column, when `recordMetadata` is on (the Kafka connector's name). */
  recordMetadataColumn: 'RECORD_METADATA',
  /** How long a revoked partition may take to flush, commit and close, in ms. */
  revokeTimeoutMs: 30_000,
  /** Buffered bytes of the client at which partitions are paused (three quarters of its cap). */
  pauseAtBufferedBytes: Math.floor((DEFAULT_CLIENT_OPTIONS.maxBufferedBytes * 3) / 4),
});

/** The options after defaults and checks. */
export interface SinkSettings {
  readonly topics: readonly string[];
  readonly channelName: ChannelNamer;
  readonly toRows: RecordTransform | undefined;
  readonly metadataColumn: string | undefined;
  readonly deadLetter: DeadLetterOptions | undefined;
  readonly revokeTimeoutMs: number;
  readonly pauseAtBufferedBytes: number;
}

function invalid(message: string): KafkaSinkError {
  return new KafkaSinkError(message, { code: 'INVALID_OPTION' });
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function')
  );
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw invalid(`${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and checks every option, naming the one that is wrong. */
export function resolveSinkSettings(options: KafkaSinkOptions): SinkSettings {
  if (!hasMethods(options.client, ['openChannel', 'stats'])) {
    throw invalid('client must be a StreamingIngestClient (from createClient)');
  }
  if (!hasMethods(options.consumer, ['run', 'pause', 'resume', 'seek', 'commitOffsets', 'stop'])) {
    throw invalid(
      'consumer must implement KafkaConsumer (run, pause, resume, seek, commitOffsets, stop)',
    );
  }
  const topics = options.topics as unknown;
  if (
    !Array.isArray(topics) ||
    topics.length === 0 ||
    !topics.every((t) => typeof t === 'string' && t !== '')
  ) {
    throw invalid('topics must be a non-empty array of topic names');
  }
  const prefix = options.channelPrefix ?? DEFAULT_KAFKA_SINK_OPTIONS.channelPrefix;
  if (typeof prefix !== 'string')
    throw invalid(`channelPrefix must be a string, got ${typeof prefix}`);
  if (options.channelName !== undefined && typeof options.channelName !== 'function') {
    throw invalid('channelName must be a function (tp) => string');
  }
  if (options.toRows !== undefined && typeof options.toRows !== 'function') {
    throw invalid('toRows must be a function (record, tp) => row | rows | undefined');
  }
  const meta = options.recordMetadata ?? false;
  if (typeof meta !== 'boolean' && (typeof meta !== 'string' || meta === '')) {
    throw invalid('recordMetadata must be a boolean or a non-empty column name');
  }
  const dl = options.deadLetter;
  if (
    dl !== undefined &&
    (typeof dl.topic !== 'string' || dl.topic === '' || !hasMethods(dl.producer, ['send']))
  ) {
    throw invalid(
      'deadLetter must be { topic: non-empty string, producer: { send(topic, records) } }',
    );
  }
  return {
    topics: [...(topics as string[])],
    channelName: options.channelName ?? ((tp) => defaultChannelName(tp, prefix)),
    toRows: options.toRows,
    metadataColumn:
      meta === true
        ? DEFAULT_KAFKA_SINK_OPTIONS.recordMetadataColumn
        : meta === false
          ? undefined
          : meta,
    deadLetter: dl,
    revokeTimeoutMs: positiveInteger(
      'revokeTimeoutMs',
      options.revokeTimeoutMs,
      DEFAULT_KAFKA_SINK_OPTIONS.revokeTimeoutMs,
    ),
    pauseAtBufferedBytes: positiveInteger(
      'pauseAtBufferedBytes',
      options.pauseAtBufferedBytes,
      DEFAULT_KAFKA_SINK_OPTIONS.pauseAtBufferedBytes,
    ),
  };
}
