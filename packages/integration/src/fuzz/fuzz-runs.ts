/**
 * fast-check run settings shared by the fuzz suites: `numRuns` and a seed. A fixed seed keeps
 * the suites deterministic; `FC_SEED=<n>` replays another run, `FC_SEED=random` explores.
 */
export function fuzzRuns(numRuns: number): { numRuns: number; seed?: number } {
  const seed = process.env.FC_SEED;
  if (seed === 'random') return { numRuns };
  return { numRuns, seed: Number(seed ?? 20261123) };
}
