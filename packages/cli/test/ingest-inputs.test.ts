import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committedRows, firstGap, ndjsonLines, runSnowpipe, startHarness } from './harness.js';
import type { CliHarness } from './harness.js';

describe('snowpipe ingest inputs (real process)', { timeout: 60_000 }, () => {
  let h: CliHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('CSV: header row names the columns; quoted commas and line breaks survive; positions are end lines', async () => {
    const records = Array.from({ length: 20_000 }, (_, k) => ({
      i: String(k + 1),
      name: k % 3 === 0 ? `a, "quoted" ${k}` : k % 3 === 1 ? `two\nlines ${k}` : `plain ${k}`,
    }));
    const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const file = join(h.dir, 'people.csv');
    writeFileSync(file, `i,name\n${records.map((r) => `${r.i},${quote(r.name)}`).join('\n')}\n`);
    const run = runSnowpipe(['ingest', file, ...h.target, '--json']);
    expect(await run.exited).toBe(0);
    expect(committedRows(h, 'CLI_PEOPLE')).toEqual(records);
    // Header line 1, then records; every third record spans two lines.
    const lines = readFileSync(file, 'utf8').split('\n').length - 1;
    expect(JSON.parse(run.stdout()).channels[0].committedToken).toBe(String(lines));
  });

  it('CSV with --delimiter and a JSON array file', async () => {
    const csv = join(h.dir, 'semi.csv');
    writeFileSync(csv, 'i;v\n1;x\n2;"y;z"\n');
    expect(await runSnowpipe(['ingest', csv, ...h.target, '--delimiter', ';', '-q']).exited).toBe(
      0,
    );
    expect(committedRows(h, 'CLI_SEMI')).toEqual([
      { i: '1', v: 'x' },
      { i: '2', v: 'y;z' },
    ]);
    const json = join(h.dir, 'list.json');
    writeFileSync(json, '[\n  {"i": 1, "tags": ["a", "]"]},\n  {"i": 2, "s": "with, comma"}\n]\n');
    expect(await runSnowpipe(['ingest', json, ...h.target, '-q']).exited).toBe(0);
    expect(committedRows(h, 'CLI_LIST')).toEqual([
      { i: 1, tags: ['a', ']'] },
      { i: 2, s: 'with, comma' },
    ]);
  });

  it('stdin with -, gzip input recognised by its magic bytes', async () => {
    const stdin = runSnowpipe(['ingest', '-', ...h.target, '--channel', 'PIPED', '-q'], {
      input: ndjsonLines(1, 50_000),
    });
    expect(await stdin.exited).toBe(0);
    expect(firstGap(committedRows(h, 'PIPED'), 50_000)).toBeUndefined();
    // No .gz extension: the bytes tell.
    const gz = join(h.dir, 'packed.ndjson');
    writeFileSync(gz, zlib.gzipSync(ndjsonLines(1, 30_000)));
    expect(await runSnowpipe(['ingest', gz, ...h.target, '--channel', 'GZ', '-q']).exited).toBe(0);
    expect(firstGap(committedRows(h, 'GZ'), 30_000)).toBeUndefined();
    const gzStdin = runSnowpipe(['ingest', '-', ...h.target, '--channel', 'GZSTDIN', '-q'], {
      input: zlib.gzipSync(ndjsonLines(1, 1000)),
    });
    expect(await gzStdin.exited).toBe(0);
    expect(firstGap(committedRows(h, 'GZSTDIN'), 1000)).toBeUndefined();
  });

  it('zstd input: decompressed where Node has zstd, else a clear error naming the fix', async () => {
    const file = join(h.dir, 'packed.ndjson.zst');
    const compress = (zlib as { zstdCompressSync?: (b: Buffer) => Buffer }).zstdCompressSync;
    const text = Buffer.from(ndjsonLines(1, 5000));
    // Without zstd in this Node, a zstd frame header is all the CLI reads before refusing.
    writeFileSync(file, compress ? compress(text) : Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0]));
    const run = runSnowpipe(['ingest', file, ...h.target, '--channel', 'ZSTD', '-q']);
    if (compress) {
      expect(await run.exited).toBe(0);
      expect(firstGap(committedRows(h, 'ZSTD'), 5000)).toBeUndefined();
    } else {
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toMatch(/zstd input needs Node 22\.15 or later .*zstd -dc/);
    }
  });

  it('a corrupt line with --on-error stop: rows before it commit, exit 3 naming file:line; a re-run stops there again', async () => {
    const file = join(h.dir, 'broken.ndjson');
    writeFileSync(file, ndjsonLines(1, 4999) + '{"i":5000,"v":\n' + ndjsonLines(5001, 8000));
    const run = runSnowpipe(['ingest', file, ...h.target, '-q']);
    expect(await run.exited).toBe(3);
    expect(run.stderr()).toContain(`${file}:5000: not a JSON object on one line`);
    expect(firstGap(committedRows(h, 'CLI_BROKEN'), 4999)).toBeUndefined();
    const again = runSnowpipe(['ingest', file, ...h.target, '-q']);
    expect(await again.exited).toBe(3);
    expect(again.stderr()).toContain(`${file}:5000:`);
    expect(committedRows(h, 'CLI_BROKEN')).toHaveLength(4999);
  });

  it('a corrupt line with --on-error skip: the rest commits, the line goes to the rejects file', async () => {
    const file = join(h.dir, 'skippy.ndjson');
    writeFileSync(file, ndjsonLines(1, 99) + 'garbage here\n' + ndjsonLines(100, 3000));
    const rejects = join(h.dir, 'skippy.rejected');
    const run = runSnowpipe([
      'ingest',
      file,
      ...h.target,
      '--on-error',
      'skip',
      '--rejects',
      rejects,
      '--json',
    ]);
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain(`${file}:100: not a JSON object on one line`);
    expect(readFileSync(rejects, 'utf8')).toBe('garbage here\n');
    expect(firstGap(committedRows(h, 'CLI_SKIPPY'), 3000)).toBeUndefined();
    expect(JSON.parse(run.stdout()).rows).toMatchObject({ committed: 3000, rejected: 1 });
  });

  it('--from-start is refused on a channel with rows (exit 4) and with --force drops it and loads again', async () => {
    const file = join(h.dir, 'again.ndjson');
    writeFileSync(file, ndjsonLines(1, 100));
    expect(await runSnowpipe(['ingest', file, ...h.target, '-q']).exited).toBe(0);
    const refused = runSnowpipe(['ingest', file, ...h.target, '--from-start', '-q']);
    expect(await refused.exited).toBe(4);
    expect(refused.stderr()).toMatch(
      /--from-start: channel CLI_AGAIN already holds committed rows .*--force/,
    );
    const forced = runSnowpipe(['ingest', file, ...h.target, '--from-start', '--force', '--json']);
    expect(await forced.exited).toBe(0);
    expect(JSON.parse(forced.stdout()).channels[0]).toMatchObject({
      resumedFrom: null,
      rowsCommitted: 100,
    });
  });

  it('usage errors exit 2 with the library message for missing configuration', async () => {
    const noTarget = runSnowpipe(['ingest', 'x.ndjson']);
    expect(await noTarget.exited).toBe(2);
    expect(noTarget.stderr()).toMatch(/--table DB\.SCHEMA\.TABLE or --pipe/);
    const noUrl = runSnowpipe(['ingest', '-', '--table', 'DB.PUBLIC.T'], { input: '' });
    expect(await noUrl.exited).toBe(2);
    expect(noUrl.stderr()).toMatch(/configuration: url: is required/);
  });
});
