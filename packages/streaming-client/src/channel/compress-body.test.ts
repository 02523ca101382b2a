import * as zlib from 'node:zlib';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressBody, effectiveCompression, isZstdAvailable } from './compress-body.js';

describe('compressBody', () => {
  it('gzips UTF-8 text so it round-trips', async () => {
    const text = '{"a":"é"}\n'.repeat(100);
    const { body, encoding } = await compressBody(text, 'gzip');
    expect(encoding).toBe('gzip');
    expect(body.byteLength).toBeLessThan(Buffer.byteLength(text));
    expect(gunzipSync(body).toString('utf8')).toBe(text);
  });

  it("sends the raw UTF-8 bytes with 'none'", async () => {
    const { body, encoding } = await compressBody('{"a":"é"}\n', 'none');
    expect(encoding).toBeUndefined();
    expect(Buffer.from(body).toString('utf8')).toBe('{"a":"é"}\n');
  });

  it('uses zstd where Node has it and falls back to gzip elsewhere', async () => {
    const { encoding } = await compressBody('{"a":1}\n', 'zstd');
    expect(encoding).toBe(isZstdAvailable() ? 'zstd' : 'gzip');
    expect(effectiveCompression('zstd')).toBe(isZstdAvailable() ? 'zstd' : 'gzip');
    expect(effectiveCompression('none')).toBe('none');
  });

  // Rows like the benchmark's: repetitive enough that the level changes the size.
  const rows = Array.from(
    { length: 2000 },
    (_, i) => `{"id":${i},"name":"user-${i % 97}","v":${(i * 7919) % 1000}}`,
  ).join('\n');

  it("gzips at the level asked for: 1 is larger than 9, unset is zlib's 6", async () => {
    const fast = await compressBody(rows, 'gzip', 1);
    const small = await compressBody(rows, 'gzip', 9);
    const unset = await compressBody(rows, 'gzip');
    expect(fast.body.byteLength).toBeGreaterThan(small.body.byteLength);
    expect(unset.body).toEqual(zlib.gzipSync(rows, { level: 6 }));
    expect(fast.body).toEqual(zlib.gzipSync(rows, { level: 1 }));
    for (const c of [fast, small, unset]) expect(gunzipSync(c.body).toString('utf8')).toBe(rows);
  });

  it("caps a zstd level at gzip's 9 where Node has no zstd, and uses it as is where it has", async () => {
    const high = await compressBody(rows, 'zstd', 19);
    const low = await compressBody(rows, 'zstd', 1);
    if (isZstdAvailable()) {
      const z = zlib as unknown as { zstdDecompressSync(b: Uint8Array): Buffer };
      expect([high.encoding, low.encoding]).toEqual(['zstd', 'zstd']);
      expect(high.body.byteLength).toBeLessThan(low.body.byteLength);
      expect(z.zstdDecompressSync(high.body).toString('utf8')).toBe(rows);
    } else {
      expect([high.encoding, low.encoding]).toEqual(['gzip', 'gzip']);
      expect(high.body).toEqual(zlib.gzipSync(rows, { level: 9 }));
      expect(low.body).toEqual(zlib.gzipSync(rows, { level: 1 }));
    }
  });
});
