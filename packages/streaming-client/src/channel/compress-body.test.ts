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
});
