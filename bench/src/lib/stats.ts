/** Median of a list (the mean of the middle two for an even count); NaN when empty. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Smallest and largest value of a list. */
export function range(xs: readonly number[]): { min: number; max: number } {
  return { min: Math.min(...xs), max: Math.max(...xs) };
}

/** `a/b` for each round (both measured back to back, so slow drifts of machine load cancel). */
export function pairedRatios(ours: readonly number[], peer: readonly number[]): number[] {
  return ours.map((x, i) => x / peer[i]!);
}

/** Formats `min–max` with a fixed number of decimals, for notes. */
export function fmtRange(xs: readonly number[], digits = 2): string {
  const r = range(xs);
  return `${r.min.toFixed(digits)}–${r.max.toFixed(digits)}`;
}

/** Process CPU time (user + system) in microseconds since `start`. */
export function cpuMicrosSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return used.user + used.system;
}
