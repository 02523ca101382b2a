import { createRetryCoordinator } from '@snowpipe/retry';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import pRetry from 'p-retry';
import type { BenchResult } from '../lib/result.js';

type Runner = () => Promise<unknown>;

const fn = (): Promise<number> => Promise.resolve(1);

/**
 * Runs `runner` `iterations` times in sequence; returns ops/s of process CPU time (user + system),
 * which, unlike wall time, does not count the time other processes on a shared machine take.
 */
async function measure(runner: Runner, iterations: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await runner();
  const used = process.cpuUsage(start);
  return (iterations * 1e6) / Math.max(1, used.user + used.system);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Success-path overhead of a retry wrapper: bare `await fn()` vs our coordinator, cockatiel and
 * p-retry, all in one process, interleaved round by round (warm-up first, median of the rounds).
 */
export async function benchRetryOverhead(
  opts: { iterations?: number; rounds?: number } = {},
): Promise<BenchResult[]> {
  const iterations = opts.iterations ?? 100_000;
  const rounds = opts.rounds ?? 15;
  // p-retry is ~100x slower per call: fewer calls give the same measuring time.
  const callsFor = (name: string): number =>
    name === 'p-retry' ? Math.max(1000, Math.round(iterations / 50)) : iterations;
  const coordinator = createRetryCoordinator({ plan: { maxAttempts: 3 } });
  // The client attaches a telemetry observer: that takes the full path (outcome record built).
  const observed = createRetryCoordinator({
    plan: { maxAttempts: 3 },
    observer: { onSuccess: () => {} },
  });
  const cockatiel = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
  const runners: Record<string, Runner> = {
    bare: () => fn(),
    ours: () => coordinator.execute('op', fn),
    'ours+observer': () => observed.execute('op', fn),
    cockatiel: () => cockatiel.execute(fn),
    'p-retry': () => pRetry(fn, { retries: 3 }),
  };
  const names = Object.keys(runners);
  for (const name of names) await measure(runners[name]!, callsFor(name));
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order so no runner always goes first (or last) in a round.
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      samples[name]!.push(await measure(runners[name]!, callsFor(name)));
    }
  }
  const ops = Object.fromEntries(names.map((n) => [n, median(samples[n]!)])) as Record<
    string,
    number
  >;
  const nsPerCall = (name: string): number => 1e9 / ops[name]!;
  const overhead = (name: string): number => nsPerCall(name) - nsPerCall('bare');
  const notes = `process CPU time, median of ${rounds} interleaved rounds x ${iterations.toLocaleString('en-US')} sequential awaited calls (p-retry ${callsFor('p-retry').toLocaleString('en-US')}); success on first attempt`;

  const results: BenchResult[] = [
    { name: 'retry.success.bare', value: ops.bare!, unit: 'ops/s', notes },
    { name: 'retry.success.ours', value: ops.ours!, unit: 'ops/s' },
    {
      name: 'retry.success.ours+observer',
      value: ops['ours+observer']!,
      unit: 'ops/s',
      notes: `with an onSuccess observer (outcome built): overhead ${overhead('ours+observer').toFixed(0)} ns/call`,
    },
    { name: 'retry.success.cockatiel', value: ops.cockatiel!, unit: 'ops/s' },
    { name: 'retry.success.p-retry', value: ops['p-retry']!, unit: 'ops/s' },
  ];
  for (const peer of ['cockatiel', 'p-retry']) {
    const ours = overhead('ours');
    const theirs = overhead(peer);
    results.push({
      name: `retry.success-overhead.vs-${peer}`,
      value: ours,
      unit: 'ns/call',
      peer,
      peerValue: theirs,
      ratio: ours / theirs,
      goal: `overhead below ${peer}`,
      pass: ours < theirs,
      notes: `throughput ratio ours/${peer} = ${(ops.ours! / ops[peer]!).toFixed(2)}x`,
    });
  }
  return results;
}
