import type { BenchResult } from './result.js';

/** A figure aggregated over several runs of the same benchmark: medians plus the spread. */
export interface AggregatedResult extends BenchResult {
  runs: number;
  /** Smallest and largest `value` seen across runs. */
  spread: { min: number; max: number };
  /** Smallest and largest `ratio` seen across runs (when there is a ratio). */
  ratioSpread?: { min: number; max: number };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Merges several runs of one benchmark by result name: value, peer value and ratio become medians,
 * pass is re-derived from the median ratio's direction where the run's own verdicts disagree
 * (majority vote), and the spread of values is kept.
 */
export function aggregateRuns(runs: readonly (readonly BenchResult[])[]): AggregatedResult[] {
  const byName = new Map<string, BenchResult[]>();
  for (const run of runs) {
    for (const r of run) {
      const list = byName.get(r.name) ?? [];
      list.push(r);
      byName.set(r.name, list);
    }
  }
  const out: AggregatedResult[] = [];
  for (const [name, list] of byName) {
    const first = list[0]!;
    const values = list.map((r) => r.value);
    const peers = list.flatMap((r) => (r.peerValue === undefined ? [] : [r.peerValue]));
    const ratios = list.flatMap((r) => (r.ratio === undefined ? [] : [r.ratio]));
    const verdicts = list.flatMap((r) => (r.pass === undefined ? [] : [r.pass]));
    const passes = verdicts.filter(Boolean).length;
    out.push({
      ...first,
      name,
      value: median(values),
      ...(peers.length ? { peerValue: median(peers) } : {}),
      ...(ratios.length
        ? {
            ratio: median(ratios),
            ratioSpread: { min: Math.min(...ratios), max: Math.max(...ratios) },
          }
        : {}),
      ...(verdicts.length ? { pass: passes * 2 > verdicts.length } : {}),
      runs: list.length,
      spread: { min: Math.min(...values), max: Math.max(...values) },
    });
  }
  return out;
}
