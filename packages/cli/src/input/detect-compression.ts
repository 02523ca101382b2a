/** How an input is compressed, as told by its first bytes. */
export type Compression = 'none' | 'gzip' | 'zstd';

/** Reads the magic bytes: `1f 8b` is gzip, `28 b5 2f fd` is a zstd frame. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (
    head.length >= 4 &&
    head[0] === 0x28 &&
    head[1] === 0xb5 &&
    head[2] === 0x2f &&
    head[3] === 0xfd
  )
    return 'zstd';
  return 'none';
}
