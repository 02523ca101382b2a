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
 * so none is always first. Returns the samples per contender, under its name.
 */
export async function interleave<K extends string>(
  rounds: number,
  contenders: Readonly<Record<K, () => Promise<Sample>>>,
  warmups = 1,
): Promise<Record<K, Sample[]>> {
  const names = Object.keys(contenders) as K[];
  for (let w = 0; w < warmups; w++) for (const name of names) await contenders[name]();
  const samples = {} as Record<K, Sample[]>;
  for (const name of names) samples[name] = [];
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      samples[name].push(await contenders[name]());
    }
  }
  return samples;
}
