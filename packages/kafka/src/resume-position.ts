import type { Logger } from '@snowpipe/streaming-client';
import type { KafkaConsumer, KafkaRecord, TopicPartition } from './consumer-port.js';

/** Where a partition's next record must start: the record after the channel's committed token. */
export interface ResumePosition {
  /** Offset of the next record expected (`null`: take what the consumer delivers first). */
  next(): bigint | null;
  /** Resumes at `offset` and seeks the consumer there. */
  seekTo(offset: bigint): void;
  /** The partition moved past every record before `offset`. */
  advance(offset: bigint): void;
  /** The records from the expected offset on, or `undefined` when the batch is dropped for a re-seek. */
  filter(records: readonly KafkaRecord[]): readonly KafkaRecord[] | undefined;
}

/** Creates the resume position of one partition. */
export function createResumePosition(
  consumer: KafkaConsumer,
  logger: Logger,
  tp: TopicPartition,
): ResumePosition {
  let next: bigint | null = null;
  let awaitingSeek = false;
  let reseeks = 0;
  return {
    next: () => next,
    seekTo(offset) {
      next = offset;
      awaitingSeek = true;
      reseeks = 0;
      consumer.seek(tp, String(offset));
    },
    advance(offset) {
      next = offset;
    },
    filter(records) {
      if (next === null || records.length === 0) return records;
      const expected = next;
      const first = BigInt((records[0] as KafkaRecord).offset);
      if (awaitingSeek && first > expected) {
        // Fetched before the seek took effect, from a position past the channel's token: seek
        // again once; a batch fetched after that still starting later means the log has nothing
        // in between (compacted, or transaction markers).
        if (reseeks++ === 0) {
          consumer.seek(tp, String(expected));
          return undefined;
        }
        logger.warn?.(
          `${tp.topic}-${tp.partition}: no records between offsets ${expected} and ${first}`,
          {},
        );
      }
      awaitingSeek = false;
      if (first >= expected) return records;
      // Records the channel holds already (the group's offset lags the channel's token).
      let i = 0;
      while (i < records.length && BigInt((records[i] as KafkaRecord).offset) < expected) i++;
      return records.slice(i);
    },
  };
}
