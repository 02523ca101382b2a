import { describe, expect, it } from 'vitest';
import { ndjsonChunks, recheckChunk } from './ndjson-chunks.js';
import type { UncheckedChunk } from './ndjson-chunks.js';
import type { ReadItem } from './read-item.js';

async function collect(chunks: string[], resumeAfter = 0) {
  const out: Array<UncheckedChunk | ReadItem> = [];
  const source = (async function* () {
    for (const c of chunks) yield Buffer.from(c);
  })();
  for await (const item of ndjsonChunks(source, {
    firstPosition: 1,
    resumeAfter,
    maxBatchBytes: 1024,
  }))
    out.push(item);
  return out.map((i) => ('ndjson' in i ? { ...i, ndjson: i.ndjson.toString() } : i));
}

describe('ndjsonChunks', () => {
  it('yields each read cut at its last newline with its line numbers, joining the carried part', async () => {
    expect(await collect(['{"a":1}\n{"a"', ':2}\n{"a":3}\n', '{"a":4}'])).toEqual([
      { kind: 'unchecked', ndjson: '{"a":1}\n', firstPosition: 1, lastPosition: 1 },
      { kind: 'unchecked', ndjson: '{"a":2}\n{"a":3}\n', firstPosition: 2, lastPosition: 3 },
      { kind: 'encoded', ndjson: '{"a":4}\n', rowCount: 1, firstPosition: 4, lastPosition: 4 },
    ]);
  });

  it('cuts committed lines off the front', async () => {
    expect(await collect(['{"a":1}\n{"a":2}\n', '{"a":3}\n{"a":4}\n'], 3)).toEqual([
      { kind: 'unchecked', ndjson: '{"a":4}\n', firstPosition: 4, lastPosition: 4 },
    ]);
  });

  it('a refused chunk splits into batches and the bad line, numbered within the file', async () => {
    const chunk: UncheckedChunk = {
      kind: 'unchecked',
      ndjson: Buffer.from('{"a":2}\n\n  \n{"a":5\n{"a":6}\n'),
      firstPosition: 2,
      lastPosition: 6,
    };
    const items: ReadItem[] = [];
    for await (const i of recheckChunk(chunk, 1024)) items.push(i);
    expect(items.map((i) => [i.kind, 'position' in i ? i.position : i.firstPosition])).toEqual([
      ['encoded', 2],
      ['rejected', 5],
      ['encoded', 6],
    ]);
  });
});
