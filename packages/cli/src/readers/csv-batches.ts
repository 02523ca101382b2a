import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { CsvError } from 'csv-parse';
import type { Row } from '@snowpipe/streaming-client';
import { MAX_REJECTED_TEXT } from './read-item.js';
import type { ReadItem, ReaderOptions } from './read-item.js';

/** CSV dialect options of `snowpipe ingest --format csv`. */
export interface CsvOptions {
  /** Field delimiter. @default ',' */
  delimiter?: string;
  /** Quote character; `''` turns quoting off. @default '"' */
  quote?: string;
  /** Escape character inside quotes. @default the quote character (`""`) */
  escape?: string;
}

const ROWS_PER_BATCH = 2000;

/**
 * Parses CSV with `csv-parse`: the header row names the columns, each record becomes a row of
 * strings. A record's position is the line it ends on (records may span lines inside quotes).
 * A malformed record (wrong field count, a stray quote) is yielded as rejected with its line.
 */
export async function* csvBatches(
  chunks: AsyncIterable<Buffer>,
  options: ReaderOptions & CsvOptions,
): AsyncGenerator<ReadItem> {
  const skipped: ReadItem[] = [];
  const parser = parse({
    columns: true,
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    delimiter: options.delimiter ?? ',',
    quote: options.quote === '' ? false : (options.quote ?? '"'),
    ...(options.escape !== undefined ? { escape: options.escape } : {}),
    skip_records_with_error: true,
    on_skip: (error: CsvError | undefined, raw: string | undefined) => {
      const position = options.firstPosition - 1 + Number(error?.lines ?? 0);
      if (position <= options.resumeAfter) return undefined;
      skipped.push({
        kind: 'rejected',
        position,
        text: (raw ?? '').replace(/\r?\n$/, '').slice(0, MAX_REJECTED_TEXT),
        reason: error?.message ?? 'malformed CSV record',
      });
      return undefined;
    },
  });
  // pipeline() ends the parser with the input and forwards a read error into it.
  pipeline(Readable.from(chunks), parser, () => undefined);
  let rows: Row[] = [];
  let bytes = 0;
  let first = 0;
  let last = 0;
  const batch = (): ReadItem => {
    const item: ReadItem = { kind: 'rows', rows, firstPosition: first, lastPosition: last };
    rows = [];
    bytes = 0;
    return item;
  };
  for await (const entry of parser as AsyncIterable<{
    record: Row;
    raw: string;
    info: { lines: number };
  }>) {
    while (skipped.length > 0) {
      if (rows.length > 0) yield batch();
      yield skipped.shift()!;
    }
    const position = options.firstPosition - 1 + entry.info.lines;
    if (position <= options.resumeAfter) continue;
    if (rows.length === 0) first = position;
    rows.push(entry.record);
    last = position;
    bytes += entry.raw.length;
    if (rows.length >= ROWS_PER_BATCH || bytes >= options.maxBatchBytes / 2) yield batch();
  }
  if (rows.length > 0) yield batch();
  for (const item of skipped) yield item;
}
