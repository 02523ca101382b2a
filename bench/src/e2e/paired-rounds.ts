import { collectGarbage } from '../lib/gc.js';
import { cpuMicrosSince } from '../lib/stats.js';

/** Wall and process-CPU time of one measured round. */
export interface Sample {
  wallMs: number;
  cpuUs: number;
}

/**
 * Runs `fn` after a garbage collection (`gc`: see `collectGarbage`) and returns its wall time and
 * this process's CPU time.
 */
export async function timed(
  fn: () => Promise<void>,
  gc: 'full' | 'young' = 'full',
): Promise<Sample> {
  collectGarbage(gc);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  return { wallMs: performance.now() - start, cpuUs: cpuMicrosSince(cpu) };
}

/**
 * `warmups` unmeasured runs of each contender (JIT, sockets and buffer pools reach their steady
 * state), then `rounds` rounds in which every contender runs once, the order rotated each round
 * so none is always first. Returns the samples per contender.
 */
export async function interleave(
  rounds: number,
  contenders: ReadonlyArray<() => Promise<Sample>>,
  warmups = 1,
): Promise<Sample[][]> {
  for (let w = 0; w < warmups; w++) for (const c of contenders) await c();
  const samples = contenders.map((): Sample[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      samples[i]!.push(await contenders[i]!());
    }
  }
  return samples;
}
