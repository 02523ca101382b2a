/** One measured figure, optionally compared with a peer measured in the same run. */
export interface BenchResult {
  /** Stable name, e.g. `retry.success-overhead.vs-cockatiel`. */
  name: string;
  /** The measured value (ours). */
  value: number;
  /** Unit of `value` and `peerValue`, e.g. `ops/s` or `ns/call`. */
  unit: string;
  /** The peer compared against, if any. */
  peer?: string;
  /** The peer's value, in the same unit. */
  peerValue?: number;
  /** `value / peerValue`. */
  ratio?: number;
  /** The goal in words, e.g. `overhead below cockatiel`. */
  goal?: string;
  /** Whether the goal was met. */
  pass?: boolean;
  /** Anything a reader needs to interpret the figure. */
  notes?: string;
}

/** Formats results as a fixed-width text table. */
export function formatResults(results: readonly BenchResult[]): string {
  const fmt = (n: number | undefined): string =>
    n === undefined
      ? ''
      : Math.abs(n) >= 100
        ? Math.round(n).toLocaleString('en-US')
        : n.toFixed(3);
  const rows = results.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.peer ?? '',
    r.peerValue === undefined ? '' : `${fmt(r.peerValue)} ${r.unit}`,
    r.ratio === undefined ? '' : r.ratio.toFixed(3),
    r.goal ?? '',
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['name', 'value', 'peer', 'peer value', 'ratio', 'goal', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
