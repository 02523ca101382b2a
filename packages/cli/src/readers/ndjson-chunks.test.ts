import { describe, expect, it } from 'vitest';
import { ndjsonChunks, recheckChunk } from './ndjson-chunks.js';
import type { UncheckedChunk } from './ndjson-chunks.js';
import type { ReadItem } from './read-item.js';

async function collect(chunks: string[], resumeAfter = 0, maxBatchBytes = 1024) {
  const out: Array<UncheckedChunk | ReadItem> = [];
  const source = (async function* () {
    for (const c of chunks) yield Buffer.from(c);
  })();
  for await (const item of ndjsonChunks(source, {
    firstPosition: 1,
    resumeAfter,
    maxBatchBytes,
  }))
    out.push(item);
  return out.map((i) => ('ndjson' in i ? { ...i, ndjson: i.ndjson.toString() } : i));
}

describe('ndjsonChunks', () => {
  it('gathers reads into whole-line pieces of half a batch to a batch, numbering the lines', async () => {
    // Lines of 8 bytes, batches of 32: pieces of 4 lines; the last line has no newline.
    const text = Array.from({ length: 10 }, (_, k) => `{"a":${k}}`).join('\n');
    const chunks = text.match(/.{1,5}/gs)!;
    expect(await collect(chunks, 0, 32)).toEqual([
      {
        kind: 'unchecked',
        ndjson: '{"a":0}\n{"a":1}\n{"a":2}\n{"a":3}\n',
        firstPosition: 1,
        lastPosition: 4,
      },
      {
        kind: 'unchecked',
        ndjson: '{"a":4}\n{"a":5}\n{"a":6}\n{"a":7}\n',
        firstPosition: 5,
        lastPosition: 8,
      },
      { kind: 'unchecked', ndjson: '{"a":8}\n', firstPosition: 9, lastPosition: 9 },
      { kind: 'encoded', ndjson: '{"a":9}\n', rowCount: 1, firstPosition: 10, lastPosition: 10 },
    ]);
  });

  it('sends a line longer than a batch through the line-by-line reader', async () => {
    const long = `{"v":"${'x'.repeat(60)}"}`;
    const items = await collect([`{"a":1}\n${long}\n{"a":3}\n`], 0, 32);
    expect(items.map((i) => [i.kind, 'position' in i ? i.position : i.firstPosition])).toEqual([
      ['unchecked', 1],
      ['rejected', 2],
      ['encoded', 3],
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
