import { compressBody } from '../channel/compress-body.js';
import type { CompressionMode } from '../channel/compress-body.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';

/** One request body of an Elastic append. */
export interface ElasticChunk {
  readonly body: Uint8Array;
  readonly encoding: 'gzip' | 'zstd' | undefined;
  readonly rowCount: number;
  /** NDJSON bytes before compression. */
  readonly uncompressedBytes: number;
}

/** Limits for {@link buildElasticChunks}. */
export interface ChunkLimits {
  /** Uncompressed bytes per chunk before compression is tried. */
  maxBatchBytes: number;
  /** Hard cap of a body on the wire (after compression). */
  maxRequestBytes: number;
  compression: CompressionMode;
}

/**
 * Groups NDJSON lines into request bodies of at most `maxRequestBytes` on the wire: lines are
 * packed up to `maxBatchBytes` uncompressed, compressed, and a body still over the cap is split in
 * half until it fits. A single line that cannot fit fails with `ROW_TOO_LARGE`.
 */
export async function buildElasticChunks(
  lines: readonly string[],
  lineBytes: readonly number[],
  limits: ChunkLimits,
): Promise<ElasticChunk[]> {
  const packLimit =
    limits.compression === 'none'
      ? Math.min(limits.maxBatchBytes, limits.maxRequestBytes)
      : limits.maxBatchBytes;
  const groups: Array<[number, number]> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const size = lineBytes[i] ?? 0;
    if (i > start && bytes + size > packLimit) {
      groups.push([start, i]);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < lines.length) groups.push([start, lines.length]);
  const out: ElasticChunk[] = [];
  for (const [from, to] of groups) await compressRange(lines, lineBytes, from, to, limits, out);
  return out;
}

async function compressRange(
  lines: readonly string[],
  lineBytes: readonly number[],
  from: number,
  to: number,
  limits: ChunkLimits,
  out: ElasticChunk[],
): Promise<void> {
  const text = lines.slice(from, to).join('');
  const { body, encoding } = await compressBody(text, limits.compression);
  if (body.byteLength <= limits.maxRequestBytes) {
    let uncompressedBytes = 0;
    for (let i = from; i < to; i++) uncompressedBytes += lineBytes[i] ?? 0;
    out.push({ body, encoding, rowCount: to - from, uncompressedBytes });
    return;
  }
  if (to - from === 1) {
    throw new StreamingIngestError(
      `row ${from} is ${body.byteLength} bytes on the wire, more than one request may carry (${limits.maxRequestBytes} bytes)`,
      { code: 'ROW_TOO_LARGE', details: { rowIndex: from } },
    );
  }
  const mid = from + Math.floor((to - from) / 2);
  await compressRange(lines, lineBytes, from, mid, limits, out);
  await compressRange(lines, lineBytes, mid, to, limits, out);
}
