import type { Channel, Row } from '@snowpipe/streaming-client';
import { classifyChannelError } from './classify-channel-error.js';
import type { KafkaRecord, TopicPartition } from './consumer-port.js';
import { recordMetadata, recordMetadataJson, withMetadataColumn } from './record-metadata.js';
import type { RecordTransform } from './sink-options.js';

/** Decides what happens to a poison record: `true` goes on after it, `false` stops the partition. */
export type PoisonHandler = (
  record: KafkaRecord,
  reason: string,
  cause: unknown,
) => Promise<boolean>;

/** What appending one batch of records did. */
export interface AppendOutcome {
  /** Rows accepted into the channel. */
  rows: number;
  /** Their bytes (the JSON of each row; pass-through only, 0 for transformed rows). */
  bytes: number;
  /** Offset of the last record whose rows are in the channel (its offset token), if any. */
  lastAppended: string | undefined;
  /** Index of the record the partition stopped at (a poison record), if it stopped. */
  stoppedAt: number | undefined;
}

/** How a batch is turned into rows. */
export interface AppendPlan {
  readonly tp: TopicPartition;
  readonly channel: Channel;
  readonly toRows: RecordTransform | undefined;
  readonly metadataColumn: string | undefined;
  readonly poison: PoisonHandler;
}

const EMPTY = Buffer.alloc(0);

function encodedValue(plan: AppendPlan, record: KafkaRecord): Buffer {
  const value = record.value ?? EMPTY; // a tombstone is refused by the client as an empty row
  if (plan.metadataColumn === undefined) return value;
  return withMetadataColumn(value, plan.metadataColumn, recordMetadataJson(plan.tp, record));
}

/**
 * Record values that are JSON objects already, appended as they are (no parse): the client's
 * cheap check (one line, `{` … `}`) refuses a bad one by index and buffers nothing of the call,
 * so the records before it are appended, the bad one handed to `plan.poison`, and the rest retried.
 */
export async function appendEncoded(
  plan: AppendPlan,
  records: readonly KafkaRecord[],
): Promise<AppendOutcome> {
  const values = records.map((r) => encodedValue(plan, r));
  const out: AppendOutcome = { rows: 0, bytes: 0, lastAppended: undefined, stoppedAt: undefined };
  const put = async (from: number, to: number): Promise<void> => {
    const first = records[from] as KafkaRecord;
    const last = records[to - 1] as KafkaRecord;
    const slice = from === 0 && to === values.length ? values : values.slice(from, to);
    await plan.channel.appendEncodedRows(slice, first.offset, last.offset);
    out.rows += to - from;
    for (const v of slice) out.bytes += v.length;
    out.lastAppended = last.offset;
  };
  let from = 0;
  while (from < records.length) {
    try {
      await put(from, records.length);
      break;
    } catch (error) {
      const failure = classifyChannelError(error);
      if (failure.kind !== 'row') throw error;
      const bad = from + failure.rowIndex;
      if (bad > from) await put(from, bad);
      const record = records[bad] as KafkaRecord;
      if (!(await plan.poison(record, (error as Error).message, error))) {
        out.stoppedAt = bad;
        return out;
      }
      from = bad + 1;
    }
  }
  return out;
}

/** Rows of consecutive records, with the record each row came from. */
interface Group {
  rows: Row[];
  owner: number[];
}

/**
 * Records through the user's transform: rows of consecutive records go in one `appendRows`; a
 * record whose transform throws, or whose row the client cannot serialise, is a poison record.
 */
export async function appendTransformed(
  plan: AppendPlan,
  transform: RecordTransform,
  records: readonly KafkaRecord[],
): Promise<AppendOutcome> {
  const out: AppendOutcome = { rows: 0, bytes: 0, lastAppended: undefined, stoppedAt: undefined };
  let group: Group = { rows: [], owner: [] };
  /** Appends a group; false when a poison record in it stopped the partition. */
  const flush = async (g: Group): Promise<boolean> => {
    let rows = g.rows;
    let owner = g.owner;
    while (rows.length > 0) {
      const firstRecord = records[owner[0] as number] as KafkaRecord;
      const lastRecord = records[owner[owner.length - 1] as number] as KafkaRecord;
      try {
        await plan.channel.appendRows(rows, firstRecord.offset, lastRecord.offset);
        out.rows += rows.length;
        out.lastAppended = lastRecord.offset;
        return true;
      } catch (error) {
        const failure = classifyChannelError(error);
        if (failure.kind !== 'row') throw error;
        const badRecord = owner[failure.rowIndex] as number;
        const start = owner.indexOf(badRecord);
        let end = start;
        while (owner[end] === badRecord) end++;
        if (
          start > 0 &&
          !(await flush({ rows: rows.slice(0, start), owner: owner.slice(0, start) }))
        )
          return false;
        const record = records[badRecord] as KafkaRecord;
        if (!(await plan.poison(record, (error as Error).message, error))) {
          out.stoppedAt = badRecord;
          return false;
        }
        rows = rows.slice(end);
        owner = owner.slice(end);
      }
    }
    return true;
  };
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as KafkaRecord;
    let produced: Row | readonly Row[] | null | undefined;
    try {
      produced = transform(record, plan.tp);
    } catch (error) {
      if (!(await flush(group))) return out;
      group = { rows: [], owner: [] };
      const reason = error instanceof Error ? error.message : String(error);
      if (!(await plan.poison(record, `toRows threw: ${reason}`, error))) {
        out.stoppedAt = i;
        return out;
      }
      continue;
    }
    if (produced === null || produced === undefined) continue;
    const rows = Array.isArray(produced) ? (produced as readonly Row[]) : [produced as Row];
    for (const row of rows) {
      if (plan.metadataColumn !== undefined && typeof row === 'object' && row !== null) {
        row[plan.metadataColumn] = recordMetadata(plan.tp, record);
      }
      group.rows.push(row);
      group.owner.push(i);
    }
  }
  await flush(group);
  return out;
}
