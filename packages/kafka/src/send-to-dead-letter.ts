import type { DeadLetterRecord, KafkaRecord, TopicPartition } from './consumer-port.js';
import type { DeadLetterOptions } from './sink-options.js';

function flatHeaders(record: KafkaRecord): Record<string, Buffer | string> {
  const out: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (value === undefined) continue;
    // Several values of one header: keep the first (a producer port takes one value per name).
    out[name] = Array.isArray(value)
      ? ((value as readonly (Buffer | string)[])[0] ?? '')
      : (value as Buffer | string);
  }
  return out;
}

/**
 * Sends a poison record to the dead-letter topic with its key, value and headers, plus headers
 * naming where it came from and why it could not become a row (the reason holds no row data
 * beyond what the client's error message names).
 */
export async function sendToDeadLetter(
  options: DeadLetterOptions,
  tp: TopicPartition,
  record: KafkaRecord,
  reason: string,
): Promise<void> {
  const dead: DeadLetterRecord = {
    key: record.key,
    value: record.value,
    headers: {
      ...flatHeaders(record),
      'snowpipe.source.topic': tp.topic,
      'snowpipe.source.partition': String(tp.partition),
      'snowpipe.source.offset': record.offset,
      'snowpipe.error': reason.slice(0, 1000),
    },
  };
  await options.producer.send(options.topic, [dead]);
}
