import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildElasticChunks } from './elastic-chunks.js';

const line = (s: string): string => `${JSON.stringify({ s })}\n`;
const bytes = (lines: string[]): Buffer => Buffer.from(lines.join(''));

describe('buildElasticChunks', () => {
  it('keeps small batches in one gzip body that round-trips', async () => {
    const lines = ['a', 'b', 'c'].map(line);
    const chunks = await buildElasticChunks(bytes(lines), lines.length, {
      maxBatchBytes: 1 << 20,
      maxRequestBytes: 1 << 20,
      compression: 'gzip',
    });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({
      encoding: 'gzip',
      rowCount: 3,
      uncompressedBytes: lines.join('').length,
    });
    expect(gunzipSync(chunks[0]!.body).toString()).toBe(lines.join(''));
  });

  it('compresses at the configured level', async () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      line(`row-${i % 17}-${'x'.repeat(i % 40)}`),
    );
    for (const level of [1, 9]) {
      const [chunk] = await buildElasticChunks(bytes(lines), lines.length, {
        maxBatchBytes: 1 << 20,
        maxRequestBytes: 1 << 20,
        compression: 'gzip',
        compressionLevel: level,
      });
      expect(chunk!.body).toEqual(gzipSync(bytes(lines), { level }));
    }
  });

  it('splits incompressible data until every body fits the wire cap, keeping row order', async () => {
    const lines = Array.from({ length: 64 }, () => line(randomBytes(300).toString('base64')));
    const chunks = await buildElasticChunks(bytes(lines), lines.length, {
      maxBatchBytes: 1 << 20,
      maxRequestBytes: 3000,
      compression: 'gzip',
    });
    expect(chunks.length).toBeGreaterThanOrEqual(7);
    for (const c of chunks) expect(c.body.byteLength).toBeLessThanOrEqual(3000);
    expect(chunks.map((c) => gunzipSync(c.body).toString()).join('')).toBe(lines.join(''));
  });

  it('packs by maxBatchBytes uncompressed and fails a row that cannot fit', async () => {
    const lines = ['a', 'b', 'c', 'd'].map(line);
    const chunks = await buildElasticChunks(bytes(lines), lines.length, {
      maxBatchBytes: lines[0]!.length * 2,
      maxRequestBytes: 1 << 20,
      compression: 'none',
    });
    expect(chunks.map((c) => c.rowCount)).toEqual([2, 2]);
    expect(chunks[0]!.encoding).toBeUndefined();
    const huge = [line('x'.repeat(5000))];
    await expect(
      buildElasticChunks(bytes(huge), 1, {
        maxBatchBytes: 1 << 20,
        maxRequestBytes: 2000,
        compression: 'none',
      }),
    ).rejects.toMatchObject({
      code: 'ROW_TOO_LARGE',
      details: { rowIndex: 0 },
    });
  });
});
