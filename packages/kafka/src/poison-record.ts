import type { PoisonHandler } from './append-records.js';
import type { TopicPartition } from './consumer-port.js';
import { KafkaSinkError } from './kafka-sink-error.js';
import { sendToDeadLetter } from './send-to-dead-letter.js';
import type { SinkContext } from './sink-context.js';
import { notify } from './sink-context.js';

/**
 * What a partition does with a record that cannot become a row: send it to the dead-letter
 * topic and go on, or (without one, or when the send fails) stop the partition at it with a
 * typed error naming topic, partition and offset. Counted either way.
 */
export function createPoisonHandler(
  ctx: SinkContext,
  tp: TopicPartition,
  stop: (error: KafkaSinkError) => void,
): PoisonHandler {
  const where = `${tp.topic}-${tp.partition}`;
  return async (record, reason, cause) => {
    ctx.counters.poisonRecords += 1;
    const init = { topic: tp.topic, partition: tp.partition, offset: record.offset };
    const dl = ctx.settings.deadLetter;
    if (dl === undefined) {
      stop(
        new KafkaSinkError(
          `${where}: record at offset ${record.offset} cannot become a row: ${reason}`,
          {
            code: 'POISON_RECORD',
            ...init,
            cause,
          },
        ),
      );
      return false;
    }
    try {
      await sendToDeadLetter(dl, tp, record, reason);
    } catch (error) {
      stop(
        new KafkaSinkError(`${where}: dead-letter send of offset ${record.offset} failed`, {
          code: 'DEAD_LETTER_FAILED',
          ...init,
          cause: error,
        }),
      );
      return false;
    }
    ctx.counters.deadLetters += 1;
    notify(ctx.observer, 'onDeadLetter', tp, record.offset, reason);
    return true;
  };
}
