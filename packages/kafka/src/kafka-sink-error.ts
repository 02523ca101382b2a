const BRAND = Symbol.for('@snowpipe/kafka-sink-error');

/** Stable codes of {@link KafkaSinkError}. */
export type KafkaSinkErrorCode =
  /** An option is missing or invalid (raised by `createKafkaSink`). */
  | 'INVALID_OPTION'
  /** A record could not become a row and no dead-letter topic is configured: its partition stopped. */
  | 'POISON_RECORD'
  /** The dead-letter producer failed: the partition stopped before the poison record's offset. */
  | 'DEAD_LETTER_FAILED'
  /** A channel's committed offset token is not a Kafka offset: the partition was not started. */
  | 'INVALID_OFFSET_TOKEN'
  /** The consumer kept delivering records past the offset to resume from: the partition stopped. */
  | 'OFFSET_GAP'
  /** The partition's channel failed with an error the sink cannot recover from. */
  | 'CHANNEL_FAILED'
  /** The sink was stopped or not started. */
  | 'SINK_STOPPED';

/** Everything a {@link KafkaSinkError} carries besides its message. */
export interface KafkaSinkErrorInit {
  /** The stable code. */
  code: KafkaSinkErrorCode;
  /** The topic concerned, when one is. */
  topic?: string | undefined;
  /** The partition concerned, when one is. */
  partition?: number | undefined;
  /** The record offset concerned, when one is. */
  offset?: string | undefined;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The error of `@snowpipe/kafka`. `code` is stable; `topic`, `partition` and `offset` name the
 * record or partition concerned where there is one.
 */
export class KafkaSinkError extends Error {
  /** Always `'KafkaSinkError'`. */
  override name = 'KafkaSinkError';
  /** The stable code. */
  readonly code: KafkaSinkErrorCode;
  /** The topic concerned, when one is. */
  readonly topic: string | undefined;
  /** The partition concerned, when one is. */
  readonly partition: number | undefined;
  /** The record offset concerned, when one is. */
  readonly offset: string | undefined;
  /** Brand that survives duplicate copies of the package. */
  readonly [BRAND] = true;

  constructor(message: string, init: KafkaSinkErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.topic = init.topic;
    this.partition = init.partition;
    this.offset = init.offset;
  }
}

/** True for every {@link KafkaSinkError}, also from another copy of the package. */
export function isKafkaSinkError(error: unknown): error is KafkaSinkError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
