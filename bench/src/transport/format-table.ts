import type { BenchResult } from '../lib/result.js';

function fmt(n: number | undefined, digits: number): string {
  return n === undefined ? '' : n.toFixed(digits);
}

/** Renders results as a fixed-width text table. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['name', 'value', 'unit', 'peer', 'peer value', 'ratio', 'goal', 'pass', 'notes'];
  const rows = results.map((r) => [
    r.name,
    fmt(r.value, r.unit === 'ratio' ? 3 : 1),
    r.unit,
    r.peer ?? '',
    fmt(r.peerValue, 1),
    fmt(r.ratio, 3),
    r.goal ?? '',
    r.pass === undefined ? '' : r.pass ? 'yes' : 'NO',
    r.notes ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
