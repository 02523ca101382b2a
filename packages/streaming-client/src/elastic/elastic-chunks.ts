import { compressBody } from '../channel/compress-body.js';
import type { CompressionMode } from '../channel/compress-body.js';
import { rowEnds } from '../channel/row-ends.js';
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
  /** The codec's level (its default when undefined). */
  compressionLevel?: number | undefined;
}

/**
 * Groups NDJSON rows into request bodies of at most `maxRequestBytes` on the wire: rows are
 * packed up to `maxBatchBytes` uncompressed, compressed, and a body still over the cap is split in
 * half until it fits. A single row that cannot fit fails with `ROW_TOO_LARGE`. Bodies are views of
 * `data` (no per-row strings, no copies before compression).
 */
export async function buildElasticChunks(
  data: Buffer,
  rows: number,
  limits: ChunkLimits,
): Promise<ElasticChunk[]> {
  const packLimit =
    limits.compression === 'none'
      ? Math.min(limits.maxBatchBytes, limits.maxRequestBytes)
      : limits.maxBatchBytes;
  const ends = rowEnds(data, rows);
  const groups: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < rows; i++) {
    // Bytes of rows [start, i] if row i joins the group.
    if (i > start && (ends[i] as number) - startOf(ends, start) > packLimit) {
      groups.push([start, i]);
      start = i;
    }
  }
  if (start < rows) groups.push([start, rows]);
  const out: ElasticChunk[] = [];
  for (const [from, to] of groups) await compressRange(data, ends, from, to, limits, out);
  return out;
}

/** Byte offset where row `i` starts. */
function startOf(ends: Uint32Array, i: number): number {
  return i === 0 ? 0 : (ends[i - 1] as number);
}

async function compressRange(
  data: Buffer,
  ends: Uint32Array,
  from: number,
  to: number,
  limits: ChunkLimits,
  out: ElasticChunk[],
): Promise<void> {
  const raw = data.subarray(startOf(ends, from), ends[to - 1]);
  const { body, encoding } = await compressBody(raw, limits.compression, limits.compressionLevel);
  if (body.byteLength <= limits.maxRequestBytes) {
    out.push({ body, encoding, rowCount: to - from, uncompressedBytes: raw.byteLength });
    return;
  }
  if (to - from === 1) {
    throw new StreamingIngestError(
      `row ${from} is ${body.byteLength} bytes on the wire, more than one request may carry (${limits.maxRequestBytes} bytes)`,
      { code: 'ROW_TOO_LARGE', details: { rowIndex: from } },
    );
  }
  const mid = from + Math.floor((to - from) / 2);
  await compressRange(data, ends, from, mid, limits, out);
  await compressRange(data, ends, mid, to, limits, out);
}
