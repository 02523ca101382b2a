import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

/** Result of undoing `Content-Encoding`. */
export type DecodeResult =
  { ok: true; body: Buffer } | { ok: false; status: number; code: string; message: string };

type Inflate = (buf: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;

const gunzip = promisify(zlib.gunzip) as unknown as Inflate;
// zstd exists from Node 22.15 / 23.8; feature-detect so Node 20 answers 415 instead of crashing.
const zstdRaw = (zlib as unknown as Record<string, unknown>).zstdDecompress;
const zstd: Inflate | undefined =
  typeof zstdRaw === 'function' ? (promisify(zstdRaw) as Inflate) : undefined;

/** Whether this Node build can decode `Content-Encoding: zstd`. */
export const zstdSupported = zstd !== undefined;

/** Decodes an append body according to `Content-Encoding` (identity, gzip, zstd where supported). */
export async function decodeBody(
  body: Buffer,
  encoding: string | undefined,
  maxBytes: number,
): Promise<DecodeResult> {
  const enc = (encoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return { ok: true, body };
  let inflate: Inflate | undefined;
  if (enc === 'gzip' || enc === 'x-gzip') inflate = gunzip;
  else if (enc === 'zstd') {
    inflate = zstd;
    if (!inflate) {
      return {
        ok: false,
        status: 415,
        code: 'ERR_UNSUPPORTED_CONTENT_ENCODING',
        message: `zstd is not supported by this emulator's Node ${process.version}; use gzip or Node >= 22.15`,
      };
    }
  } else {
    return {
      ok: false,
      status: 415,
      code: 'ERR_UNSUPPORTED_CONTENT_ENCODING',
      message: `Unsupported Content-Encoding ${enc}`,
    };
  }
  try {
    return { ok: true, body: await inflate(body, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if (
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ||
      error instanceof RangeError
    ) {
      return {
        ok: false,
        status: 413,
        code: 'ERR_REQUEST_TOO_LARGE',
        message: `Decompressed body exceeds ${maxBytes} bytes`,
      };
    }
    return {
      ok: false,
      status: 400,
      code: 'ERR_INVALID_COMPRESSED_PAYLOAD',
      message: `Body is not valid ${enc} data`,
    };
  }
}
