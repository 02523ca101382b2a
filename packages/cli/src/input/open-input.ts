import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import * as zlib from 'node:zlib';
import { CliError } from '../cli-error.js';
import { detectCompression } from './detect-compression.js';
import type { Compression } from './detect-compression.js';

/** An opened input: decompressed bytes plus a count of the raw bytes read (for progress). */
export interface OpenedInput {
  /** What the command line called it (`-` for stdin). */
  readonly label: string;
  /** Decompressed bytes, in order. */
  readonly chunks: AsyncIterable<Buffer>;
  /** How the raw bytes were compressed. */
  readonly compression: Compression;
  /** Raw (compressed) bytes read so far. */
  rawBytesRead(): number;
}

/** Options of {@link openInput}. */
export interface OpenInputOptions {
  /** First byte to read (uncompressed regular files only). @default 0 */
  startByte?: number;
  /** Last byte to read, inclusive. @default end of file */
  endByte?: number;
  /** Read size. @default 1048576 */
  highWaterMarkBytes?: number;
  /** Standard input, for `-`. @default process.stdin */
  stdin?: Readable;
}

/** zstd decompression exists in Node 22.15+ and 23.8+ (`zlib.createZstdDecompress`). */
function zstdDecompressor(label: string): NodeJS.ReadWriteStream {
  const create = (zlib as { createZstdDecompress?: () => NodeJS.ReadWriteStream })
    .createZstdDecompress;
  if (create === undefined) {
    throw new CliError(
      'UNSUPPORTED_INPUT',
      `${label}: zstd input needs Node 22.15 or later (this is Node ${process.versions.node}); decompress it first, e.g. zstd -dc ${label} | snowpipe ingest - ...`,
    );
  }
  return create();
}

/** The first four bytes of a file (its magic number). */
export async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function* peeked(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  if (first.length > 0) yield first;
  for (let r = await rest.next(); r.done !== true; r = await rest.next()) yield r.value;
}

/** Opens a file (or stdin for `-`), recognises gzip and zstd by their magic bytes, and decompresses. */
export async function openInput(
  path: string,
  options: OpenInputOptions = {},
): Promise<OpenedInput> {
  const highWaterMark = options.highWaterMarkBytes ?? 1024 * 1024;
  let raw: AsyncIterable<Buffer>;
  let compression: Compression;
  if (path === '-') {
    const stdin = options.stdin ?? process.stdin;
    const it = (stdin as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    // Enough bytes to tell the magic number, unless the stream ends first.
    while (head.length < 4) {
      const r = await it.next();
      if (r.done === true) break;
      head = Buffer.concat([head, r.value]);
    }
    compression = detectCompression(head);
    raw = peeked(head, it);
  } else {
    let head: Buffer;
    try {
      head = await readHead(path);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'read error';
      throw new CliError('USAGE', `${path}: cannot open (${code})`, { cause: error });
    }
    compression = detectCompression(head);
    raw = createReadStream(path, {
      highWaterMark,
      ...(options.startByte !== undefined ? { start: options.startByte } : {}),
      ...(options.endByte !== undefined ? { end: options.endByte } : {}),
    });
  }
  let rawBytes = 0;
  const counted = (async function* () {
    for await (const chunk of raw) {
      rawBytes += chunk.length;
      yield chunk;
    }
  })();
  let chunks: AsyncIterable<Buffer> = counted;
  if (compression !== 'none') {
    const decompressor =
      compression === 'gzip'
        ? zlib.createGunzip({ chunkSize: 256 * 1024 })
        : zstdDecompressor(path);
    // pipeline() forwards a read error into the decompressor, so iterating it throws instead of hanging.
    pipeline(Readable.from(counted), decompressor, () => undefined);
    chunks = decompressor as unknown as AsyncIterable<Buffer>;
  }
  return { label: path, chunks, compression, rawBytesRead: () => rawBytes };
}
