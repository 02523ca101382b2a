import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitRanges } from './split-ranges.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'snowpipe-split-')), 'f.ndjson');
  writeFileSync(path, text);
  return path;
}

describe('splitRanges', () => {
  it('covers every line exactly once, in order, with the same result every time', async () => {
    const lines = Array.from({ length: 101 }, (_, i) => `{"i":${i + 1}${' '.repeat(i % 7)}}`);
    const text = `${lines.join('\n')}\n`;
    const path = file(text);
    const ranges = await splitRanges(path, Buffer.byteLength(text), 4);
    expect(await splitRanges(path, Buffer.byteLength(text), 4)).toEqual(ranges);
    expect(ranges[0]!.firstLine).toBe(1);
    expect(ranges.at(-1)!.lastLine).toBe(101);
    for (let k = 1; k < ranges.length; k++) {
      expect(ranges[k]!.firstLine).toBe(ranges[k - 1]!.lastLine + 1);
      expect(ranges[k]!.startByte).toBe(ranges[k - 1]!.endByte + 1);
    }
    const got = ranges.flatMap((r) =>
      text
        .slice(r.startByte, r.endByte + 1)
        .split('\n')
        .filter(Boolean),
    );
    expect(got).toEqual(lines);
    for (const r of ranges) {
      const first = text.slice(r.startByte).split('\n')[0];
      expect(first).toBe(lines[r.firstLine - 1]);
    }
  });

  it('leaves ranges empty when two split points fall before the same line, and counts a last line without newline', async () => {
    const text = '{"i":1}\n{"i":2}';
    const ranges = await splitRanges(file(text), text.length, 4);
    expect(ranges.map((r) => [r.firstLine, r.lastLine])).toEqual([
      [1, 1],
      [2, 1],
      [2, 2],
      [3, 2],
    ]);
  });
});
