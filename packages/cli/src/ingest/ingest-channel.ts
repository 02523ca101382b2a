import type { Channel, StreamingIngestClient } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import type { InputFormat } from '../input/input-format.js';
import { openInput } from '../input/open-input.js';
import { csvBatches } from '../readers/csv-batches.js';
import type { CsvOptions } from '../readers/csv-batches.js';
import { jsonArrayBatches } from '../readers/json-array-batches.js';
import { ndjsonChunks, recheckChunk } from '../readers/ndjson-chunks.js';
import type { UncheckedChunk } from '../readers/ndjson-chunks.js';
import type { ReadItem, ReaderOptions, RejectedItem } from '../readers/read-item.js';
import type { ChannelProgress } from './channel-progress.js';
import { createCommitLedger } from './channel-progress.js';
import type { PlannedChannel, PlannedInput } from './ingest-plan.js';
import { formatToken } from './position-token.js';
import type { InputPosition } from './position-token.js';
import { resumePoint } from './resume-point.js';

/** What {@link ingestChannel} needs besides the plan. */
export interface IngestChannelOptions {
  /** Input format of every input. */
  format: InputFormat;
  /** CSV dialect. */
  csv: CsvOptions;
  /** `stop`: the first rejected row ends the run; `skip`: report it and go on. */
  onError: 'skip' | 'stop';
  /** Called for every rejected row (after the rows before it were appended). */
  onReject(input: PlannedInput, item: RejectedItem): void;
  /** Aborts reading (SIGINT/SIGTERM): appended rows are still waited for. */
  stop: AbortSignal;
  /** Longest wait for the last commit. */
  commitTimeoutMs: number;
  /** Largest batch handed to the client. */
  maxBatchBytes: number;
}

function readerFor(format: InputFormat, csv: CsvOptions) {
  return (
    chunks: AsyncIterable<Buffer>,
    o: ReaderOptions,
  ): AsyncGenerator<ReadItem | UncheckedChunk> =>
    format === 'csv'
      ? csvBatches(chunks, { ...o, ...csv })
      : format === 'json'
        ? jsonArrayBatches(chunks, o)
        : ndjsonChunks(chunks, o);
}

/**
 * Ingests one planned channel from where its committed offset token says it stopped: every row
 * after that position is appended with its position as the offset token, then the run waits for
 * the last token to commit. Updates `progress` as it goes; never throws for a service failure
 * (it lands in `progress.error`), only for a refusal before anything was sent.
 */
export async function ingestChannel(
  client: StreamingIngestClient,
  plan: PlannedChannel,
  progress: ChannelProgress,
  options: IngestChannelOptions,
): Promise<void> {
  const { channel, status } = await client.openChannel({ name: plan.name });
  progress.resumedFrom = status.latestCommittedOffsetToken;
  progress.committedToken = status.latestCommittedOffsetToken;
  const resume = resumePoint(plan, status.latestCommittedOffsetToken);
  const ledger = createCommitLedger();
  progress.noteCommitted = (token) => {
    if (token === null) return;
    progress.committedToken = token;
    progress.rowsCommitted = ledger.committedThrough(resumePoint(plan, token));
  };
  const read = readerFor(options.format, options.csv);
  progress.phase = 'reading';
  let lastToken: string | undefined;
  try {
    outer: for (const input of plan.inputs) {
      if (input.input < resume.input) continue;
      const resumeAfter = input.input === resume.input ? resume.position : 0;
      if (input.lastPosition !== undefined && resumeAfter >= input.lastPosition) continue;
      const opened = await openInput(input.path, {
        ...(input.startByte !== undefined ? { startByte: input.startByte } : {}),
        ...(input.endByte !== undefined ? { endByte: input.endByte } : {}),
      });
      const before = progress.rawBytesRead;
      const base = before();
      progress.rawBytesRead = () => base + opened.rawBytesRead();
      const items = read(opened.chunks, {
        firstPosition: input.firstPosition,
        resumeAfter,
        maxBatchBytes: options.maxBatchBytes,
      });
      // One item: appended, or reported as rejected; false ends the run (--on-error stop).
      const handle = async (item: ReadItem | UncheckedChunk): Promise<boolean> => {
        if (item.kind === 'rejected') {
          progress.rowsRejected++;
          options.onReject(input, item);
          if (options.onError === 'stop') progress.phase = 'stopped';
          return options.onError !== 'stop';
        }
        const first: InputPosition = { input: input.input, position: item.firstPosition };
        const last: InputPosition = { input: input.input, position: item.lastPosition };
        const start = formatToken(plan.layout, first);
        const end = formatToken(plan.layout, last);
        let rows: number;
        if (item.kind === 'unchecked') {
          try {
            // The client checks each line; the piece is never reused, so it is sent in place.
            await channel.appendEncodedRows(item.ndjson, start, end, { copy: false });
          } catch (error) {
            const code = (error as { code?: string }).code;
            if (code !== 'INVALID_ENCODED_ROW' && code !== 'ROW_TOO_LARGE') throw error;
            // Nothing of the chunk was buffered: split it line by line to name the bad rows.
            for await (const part of recheckChunk(item, options.maxBatchBytes)) {
              if (!(await handle(part))) return false;
            }
            return true;
          }
          rows = item.lastPosition - item.firstPosition + 1;
        } else if (item.kind === 'encoded') {
          rows = item.rowCount;
          await channel.appendEncodedRows(item.ndjson, start, end, { copy: false, rowCount: rows });
        } else {
          rows = item.rows.length;
          await channel.appendRows(item.rows, start, end);
        }
        lastToken = end;
        progress.firstAppended ??= first;
        progress.lastAppended = last;
        progress.lastAppendedToken = end;
        progress.rowsAppended += rows;
        ledger.appended(last, rows);
        return true;
      };
      for await (const item of items) {
        if (!(await handle(item))) break outer;
        if (options.stop.aborted) {
          progress.phase = 'interrupted';
          break outer;
        }
      }
    }
    if (progress.phase === 'reading' && options.stop.aborted) progress.phase = 'interrupted';
    await finish(channel, plan, progress, lastToken, options.commitTimeoutMs);
  } catch (error) {
    progress.phase = 'failed';
    progress.error = error as Error;
    await channel.close({ waitForCommit: false, timeoutMs: 5000 }).catch(() => undefined);
  }
}

async function finish(
  channel: Channel,
  plan: PlannedChannel,
  progress: ChannelProgress,
  lastToken: string | undefined,
  timeoutMs: number,
): Promise<void> {
  const ended = progress.phase;
  progress.phase = 'committing';
  let timedOut = false;
  if (lastToken !== undefined) {
    channel.initiateFlush();
    try {
      await channel.waitForCommit(lastToken, { timeoutMs });
    } catch (error) {
      if ((error as { code?: string }).code !== 'COMMIT_TIMEOUT') throw error;
      timedOut = true;
    }
    progress.noteCommitted(await channel.getLatestCommittedOffsetToken());
  }
  await channel.close({ waitForCommit: false, timeoutMs: 5000 });
  progress.phase = ended === 'reading' ? 'complete' : ended;
  // After Ctrl-C a missing commit is part of the interruption: the summary names the rows.
  if (timedOut && ended !== 'interrupted') {
    progress.phase = 'failed';
    progress.error = new CliError(
      'COMMIT_TIMEOUT',
      `channel ${plan.name}: rows through offset token ${lastToken} did not commit within ${timeoutMs} ms`,
    );
  }
}
