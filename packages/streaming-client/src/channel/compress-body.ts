import * as zlib from 'node:zlib';
import { promisify } from 'node:util';

/** How append request bodies are compressed on the wire. */
export type CompressionMode = 'gzip' | 'zstd' | 'none';

/** A request body ready for the wire. */
export interface CompressedBody {
  readonly body: Uint8Array;
  /** `undefined` when the body is not compressed. */
  readonly encoding: 'gzip' | 'zstd' | undefined;
}

type Compress = (input: Uint8Array, options: object) => Promise<Uint8Array>;

const gzip: Compress = promisify(zlib.gzip);
// zstd arrived in node:zlib with Node 22.15/23.8; on older runtimes it is simply absent.
const zstdZlib = zlib as unknown as {
  zstdCompress?: (b: Uint8Array, o: object, cb: (e: Error | null, r: Uint8Array) => void) => void;
  constants: { ZSTD_c_compressionLevel?: number };
};
const zstdFn = zstdZlib.zstdCompress;
const zstd: Compress | undefined = zstdFn ? promisify(zstdFn) : undefined;

/** The highest gzip (zlib) level: a zstd level that falls back to gzip is capped to it. */
const MAX_GZIP_LEVEL = 9;

/** The codec options for `level` (the codec's default when undefined). */
function codecOptions(encoding: 'gzip' | 'zstd', level: number | undefined): object {
  if (level === undefined) return {};
  if (encoding === 'gzip') return { level: Math.min(level, MAX_GZIP_LEVEL) };
  return { params: { [zstdZlib.constants.ZSTD_c_compressionLevel as number]: level } };
}

/** Whether the running Node can compress with zstd (`zlib.zstdCompress`). */
export function isZstdAvailable(): boolean {
  return zstd !== undefined;
}

/**
 * The compression actually used for `requested`: `'zstd'` falls back to `'gzip'` on runtimes
 * without `zlib.zstdCompress`.
 */
export function effectiveCompression(requested: CompressionMode): CompressionMode {
  return requested === 'zstd' && !zstd ? 'gzip' : requested;
}

/**
 * Compresses `input` (UTF-8 text, or bytes used as they are) for the wire with `mode` at `level`
 * (the codec's default when undefined; a zstd level that falls back to gzip is capped at 9),
 * asynchronously, off the main thread. With `'none'` bytes are returned without a copy.
 */
export async function compressBody(
  input: string | Uint8Array,
  mode: CompressionMode,
  level?: number,
): Promise<CompressedBody> {
  const effective = effectiveCompression(mode);
  if (effective === 'none') return uncompressedBody(input);
  const raw = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (effective === 'zstd' && zstd) {
    return { body: await zstd(raw, codecOptions('zstd', level)), encoding: 'zstd' };
  }
  return { body: await gzip(raw, codecOptions('gzip', level)), encoding: 'gzip' };
}

/** `input` as an uncompressed wire body (bytes are used as they are, without a copy). */
export function uncompressedBody(input: string | Uint8Array): CompressedBody {
  return {
    body: typeof input === 'string' ? Buffer.from(input, 'utf8') : input,
    encoding: undefined,
  };
}
