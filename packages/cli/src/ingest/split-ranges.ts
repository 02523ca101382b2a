import { createReadStream } from 'node:fs';

/** One channel's share of a file: whole lines, contiguous, in bytes and in line numbers. */
export interface LineRange {
  /** First byte (a line start). */
  readonly startByte: number;
  /** Last byte, inclusive (`startByte - 1` when the range is empty). */
  readonly endByte: number;
  /** Line number of the first line. */
  readonly firstLine: number;
  /** Line number of the last line (`firstLine - 1` when empty). */
  readonly lastLine: number;
}

/**
 * Splits a file into `count` contiguous ranges of whole lines by size: range k starts at the
 * first line that begins at or after byte `floor(k * size / count)`. The split depends only on
 * the file's bytes, so a re-run with the same `count` over the same file gets the same ranges
 * (and a channel's committed line tells exactly where it stopped). One pass counts the lines.
 */
export async function splitRanges(
  path: string,
  sizeBytes: number,
  count: number,
): Promise<LineRange[]> {
  const targets = Array.from({ length: count - 1 }, (_, i) =>
    Math.floor(((i + 1) * sizeBytes) / count),
  );
  const starts: Array<{ byte: number; line: number }> = [{ byte: 0, line: 1 }];
  let lines = 0;
  let offset = 0;
  let lastByte = -1;
  let next = 0;
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1024 * 1024,
  }) as AsyncIterable<Buffer>) {
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, nl + 1)) {
      lines++;
      const lineStart = offset + nl + 1;
      while (next < targets.length && lineStart >= targets[next]! && lineStart < sizeBytes) {
        starts.push({ byte: lineStart, line: lines + 1 });
        next++;
      }
    }
    offset += chunk.length;
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
  }
  // A last line without a newline still counts.
  const totalLines = lines + (offset > 0 && lastByte !== 0x0a ? 1 : 0);
  while (starts.length < count) starts.push({ byte: offset, line: totalLines + 1 });
  return starts.map((s, k) => {
    const end = starts[k + 1] ?? { byte: offset, line: totalLines + 1 };
    return { startByte: s.byte, endByte: end.byte - 1, firstLine: s.line, lastLine: end.line - 1 };
  });
}
