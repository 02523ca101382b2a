import { isStreamingIngestError } from '@snowpipe/streaming-client';
import type { Channel, StreamingIngestClient } from '@snowpipe/streaming-client';
import { makeRows, nextOffset } from './row-source.js';

/** Shared state of the producers of one run. */
export interface ProducerContext {
  rowsPerChannel: number;
  batchRows: number;
  /** Called after every accepted `appendRows` (drives the fault schedule and the restart). */
  onBatch(): void;
  /** True once the current client must stop appending (the mid-run restart). */
  stopped(): boolean;
  /** Records the offset a channel (re)started from. */
  onResume(name: string, offset: number, firstOpen: boolean): void;
  /** Records an error that surfaced to the application. */
  onError(name: string, error: unknown): void;
  /** Longest the final `waitForCommit` of a channel may take before the producer resumes it. */
  commitTimeoutMs: number;
}

/** The code of an error for counting (`StreamingIngestError` code, else its name). */
export function errorCode(error: unknown): string {
  if (isStreamingIngestError(error)) return error.code;
  if (error instanceof Error)
    return (error as { code?: unknown }).code !== undefined
      ? String((error as { code?: unknown }).code)
      : error.name;
  return typeof error;
}

/** `name [code]: message <- cause…` for a report line. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e !== undefined && depth < 4; depth++) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any thrown value, as text
    parts.push(e instanceof Error ? `${e.name} [${errorCode(e)}]: ${e.message}` : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(' <- ');
}

const MAX_RESUMES = 100;

/**
 * One channel's producer, the way an application should write it: open, resume the source from
 * the committed offset token, append batches with integer offset tokens; if an error surfaces,
 * close the channel and do the same again. With `final`, it waits until the last offset commits.
 */
export async function produceChannel(
  ctx: ProducerContext,
  client: StreamingIngestClient,
  name: string,
  index: number,
  final: boolean,
): Promise<void> {
  let firstOpen = true;
  for (let resumes = 0; ; resumes++) {
    let channel: Channel | undefined;
    try {
      const opened = await client.openChannel({ name });
      channel = opened.channel;
      let next = nextOffset(opened.status.latestCommittedOffsetToken);
      ctx.onResume(name, next, firstOpen);
      firstOpen = false;
      while (next < ctx.rowsPerChannel && !ctx.stopped()) {
        const count = Math.min(ctx.batchRows, ctx.rowsPerChannel - next);
        const rows = makeRows(index, next, count);
        const [start, end] = [String(next), String(next + count - 1)];
        if (index % 2 === 1) {
          // Half the channels take rows that are JSON already, as a Kafka bridge would, as text
          // or as bytes: recovery and replay must treat them exactly like serialised objects.
          const ndjson = rows.map((r) => JSON.stringify(r)).join('\n');
          await channel.appendEncodedRows(
            index % 4 === 1 ? ndjson : Buffer.from(ndjson),
            start,
            end,
          );
        } else {
          await channel.appendRows(rows, start, end);
        }
        next += count;
        ctx.onBatch();
      }
      if (!final) return;
      await channel.waitForCommit(String(ctx.rowsPerChannel - 1), {
        timeoutMs: ctx.commitTimeoutMs,
      });
      await channel.close();
      return;
    } catch (error) {
      if (!final && ctx.stopped()) return;
      ctx.onError(name, error);
      if (channel)
        await channel.close({ waitForCommit: false, timeoutMs: 50 }).catch(() => undefined);
      if (resumes >= MAX_RESUMES) throw error;
    }
  }
}
