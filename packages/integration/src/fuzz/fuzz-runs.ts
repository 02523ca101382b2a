/**
 * fast-check run settings shared by the fuzz suites: `numRuns` and a seed. A fixed seed keeps
 * the suites deterministic; `FC_SEED=<n>` replays another run, `FC_SEED=random` explores. Any
 * other `FC_SEED` fails at once, rather than running every suite with a `NaN` seed.
 */
export function fuzzRuns(numRuns: number): { numRuns: number; seed?: number } {
  const raw = process.env.FC_SEED;
  if (raw === 'random') return { numRuns };
  const seed = Number(raw ?? 20261123);
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError(`FC_SEED must be an integer or "random", got ${JSON.stringify(raw)}`);
  }
  return { numRuns, seed };
}
