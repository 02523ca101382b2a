import type { KafkaRecord, TopicPartition } from './consumer-port.js';

/** The metadata column's value: what the Snowflake Kafka connector puts in `RECORD_METADATA`. */
export interface RecordMetadata {
  /** Source topic. */
  topic: string;
  /** Source partition. */
  partition: number;
  /** The record's offset (a JSON number; Kafka offsets fit Snowflake's NUMBER). */
  offset: number;
  /** The record's timestamp, ms since the epoch (the connector's `CreateTime`). */
  CreateTime: number;
  /** The key as UTF-8 text, or `null`. */
  key: string | null;
  /** Header values as UTF-8 text (several values of one header as an array). */
  headers: Record<string, string | string[]>;
}

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

function headerValues(record: KafkaRecord): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value)
      ? (value as readonly (Buffer | string)[]).map(text)
      : text(value as Buffer | string);
  }
  return out;
}

/** The metadata of one record as an object (for the transform path). */
export function recordMetadata(tp: TopicPartition, record: KafkaRecord): RecordMetadata {
  return {
    topic: tp.topic,
    partition: tp.partition,
    offset: Number(record.offset),
    CreateTime: Number(record.timestamp),
    key: record.key === null ? null : record.key.toString('utf8'),
    headers: headerValues(record),
  };
}

/**
 * The metadata of one record as JSON text, written without an intermediate object where it can:
 * offsets and timestamps are copied as the decimal digits they already are (exact beyond 2^53).
 */
export function recordMetadataJson(tp: TopicPartition, record: KafkaRecord): string {
  const key = record.key === null ? 'null' : JSON.stringify(record.key.toString('utf8'));
  const headers =
    Object.keys(record.headers).length === 0 ? '{}' : JSON.stringify(headerValues(record));
  return (
    `{"topic":${JSON.stringify(tp.topic)},"partition":${tp.partition},"offset":${record.offset},` +
    `"CreateTime":${record.timestamp},"key":${key},"headers":${headers}}`
  );
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** True for JSON insignificant whitespace bytes. */
function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * A JSON object value with a `column` member added in front, without parsing it: the value's
 * opening brace is replaced by `{"<column>":<metadata>,`. A value that does not start with `{`
 * is returned as it is, so the client's own check refuses it and names the row.
 */
export function withMetadataColumn(value: Buffer, column: string, metadataJson: string): Buffer {
  if (value[0] !== OPEN_BRACE) return value;
  let i = 1;
  while (isSpace(value[i])) i++;
  const empty = value[i] === CLOSE_BRACE;
  const head = Buffer.from(`{${JSON.stringify(column)}:${metadataJson}${empty ? '' : ','}`, 'utf8');
  return Buffer.concat([head, empty ? value.subarray(i) : value.subarray(1)]);
}
