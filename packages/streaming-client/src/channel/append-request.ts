import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { OperationScope } from '../telemetry/telemetry.js';
import { sealBatch, splitBatch } from './batch.js';
import type { Batch } from './batch.js';
import type { ChannelContext, ChannelState } from './channel-context.js';
import { compressBody, effectiveCompression, uncompressedBody } from './compress-body.js';
import type { CompressedBody } from './compress-body.js';

/**
 * A batch ready for the wire, plus what had to be split off to respect the request cap. `batch`
 * is sealed (see `sealBatch`): it is what the channel retains until the rows commit.
 */
export interface PreparedAppend {
  readonly batch: Batch;
  readonly wire: CompressedBody;
  /** Split-off remainders, in order, to send right after `batch`. */
  readonly rest: Batch[];
}

/**
 * Encodes and compresses `batch`; while the compressed body is over `maxRequestBytes` it halves
 * the batch where each half's last row has a known offset token (see `splitBatch`; the halves
 * keep their order). A single row that still does not fit compressed goes
 * uncompressed: append-time checks guarantee it fits that way. Without compression this is
 * synchronous (no promise per request on the hot path).
 */
export function prepareAppend(
  ctx: ChannelContext,
  batch: Batch,
): PreparedAppend | Promise<PreparedAppend> {
  const { compression, compressionLevel, maxRequestBytes } = ctx.settings;
  const rest: Batch[] = [];
  if (effectiveCompression(compression) === 'none') {
    let next: PreparedAppend | Batch = batch;
    while (!isPrepared(next))
      next = fitOrHalve(next, uncompressedBody(next.data), maxRequestBytes, rest);
    return next;
  }
  return (async () => {
    let next: PreparedAppend | Batch = batch;
    while (!isPrepared(next)) {
      next = fitOrHalve(
        next,
        await compressBody(next.data, compression, compressionLevel),
        maxRequestBytes,
        rest,
      );
    }
    return next;
  })();
}

/**
 * One step of {@link prepareAppend}: the prepared append when `wire` fits (a single row that does
 * not goes uncompressed), else the left half of `current` to try next (the right half is queued
 * in front of `rest`).
 */
function fitOrHalve(
  current: Batch,
  wire: CompressedBody,
  maxRequestBytes: number,
  rest: Batch[],
): PreparedAppend | Batch {
  if (wire.body.byteLength <= maxRequestBytes) return { batch: sealBatch(current), wire, rest };
  // One row, or one append call that cannot be cut without losing its end token: it goes
  // uncompressed (append-time checks keep such a call within one request uncompressed).
  const halves = current.rows <= 1 ? undefined : splitBatch(current);
  if (!halves) return { batch: sealBatch(current), wire: uncompressedBody(current.data), rest };
  const [left, right] = halves;
  rest.unshift(right);
  return left;
}

function isPrepared(next: PreparedAppend | Batch): next is PreparedAppend {
  return 'wire' in next;
}

/**
 * Sends one prepared batch with the channel's continuation token and returns the next token.
 * Retries (same body, same token, same requestId) happen inside the connection.
 */
export async function sendAppend(
  ctx: ChannelContext,
  channel: Pick<ChannelState, 'name' | 'rowsPath'>,
  continuationToken: string,
  prepared: PreparedAppend,
  scope?: OperationScope,
): Promise<string> {
  const { batch, wire } = prepared;
  const headers: Record<string, string> = {};
  if (wire.encoding) headers['x-snowflake-uncompressed-content-length'] = String(batch.bytes);
  const response = await ctx.connection.send({
    operation: 'append_rows',
    plane: 'ingest',
    method: 'POST',
    path: channel.rowsPath,
    // Parameter order as the official SDK sends it.
    query: {
      startOffsetToken: batch.startOffsetToken,
      endOffsetToken: batch.endOffsetToken,
      continuationToken,
    },
    body: wire.body,
    contentType: 'application/x-ndjson',
    ...(wire.encoding ? { contentEncoding: wire.encoding } : {}),
    headers,
    ...(scope ? { scope } : {}),
  });
  const json = response.json<{ next_continuation_token?: unknown; status_code?: unknown }>();
  const next = json?.next_continuation_token;
  if (typeof next !== 'string' || next === '') {
    throw new StreamingIngestError(
      `append on channel "${channel.name}" returned no continuation token`,
      {
        code: 'INVALID_RESPONSE',
        httpStatus: response.status,
      },
    );
  }
  return next;
}
