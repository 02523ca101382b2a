import { systemClock } from '@snowpipe/retry';
import { createTokenEnvelope, createTokenGuard } from '@snowpipe/token-guard';
import type { TokenGuard } from '@snowpipe/token-guard';
import type { BenchResult } from '../lib/result.js';

const SOURCE_DELAY_MS = 20;
const LIFETIME_MS = 3_600_000;

type Crossing = Awaited<ReturnType<typeof crossing>>;

async function repeated(reps: number, run: () => Promise<Crossing>): Promise<{ runs: Crossing[] }> {
  const runs: Crossing[] = [];
  for (let i = 0; i < reps; i++) runs.push(await run());
  return { runs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** A real clock that can be moved forward at once (both wall and monotonic), to reach a threshold. */
function travelClock() {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    monotonicNow: () => performance.now() + offset,
    sleep: systemClock.sleep,
    travel: (ms: number) => void (offset += ms),
  };
}

interface Batch {
  latencies: number[];
  tokens: number;
}

/** Starts `callers` concurrent `ensureFresh` calls; per-caller latency from call to result. */
async function batch(guard: TokenGuard, callers: number): Promise<Batch> {
  const latencies = new Array<number>(callers);
  const pending: Array<Promise<string>> = [];
  for (let i = 0; i < callers; i++) {
    const t0 = performance.now();
    pending.push(
      guard.ensureFresh().then((r) => {
        latencies[i] = performance.now() - t0;
        return r.token.value;
      }),
    );
  }
  const values = await Promise.all(pending);
  return { latencies: latencies.sort((a, b) => a - b), tokens: new Set(values).size };
}

async function crossing(
  callers: number,
  refreshAheadMs: number,
  travelMs: number,
): Promise<{ sourceCalls: number; baseline: Batch; crossing: Batch }> {
  const clock = travelClock();
  let sourceCalls = 0;
  let minted = 0;
  const source = {
    async fetchToken() {
      sourceCalls++;
      await new Promise((resolve) => setTimeout(resolve, SOURCE_DELAY_MS));
      const now = clock.now();
      return createTokenEnvelope({
        value: `t${++minted}`,
        issuedAtMs: now,
        expiresAtMs: now + LIFETIME_MS,
        kind: 'bench',
      });
    },
  };
  const guard: TokenGuard = createTokenGuard({ source, clock, refreshAheadMs });
  await guard.ensureFresh();
  // Same concurrency on a fresh token: what queuing 10,000 promise callbacks costs by itself.
  await batch(guard, callers);
  const baseline = await batch(guard, callers);
  sourceCalls = 0;
  clock.travel(travelMs);
  const crossed = await batch(guard, callers);
  // Let a background refresh (refresh-ahead) finish before counting.
  await new Promise((resolve) => setTimeout(resolve, SOURCE_DELAY_MS * 3));
  guard.dispose();
  return { sourceCalls, baseline, crossing: crossed };
}

/**
 * 10,000 concurrent callers crossing the refresh threshold with a source that takes a real
 * ~20 ms: exactly one source call; added latency p50/p99 (performance.now). Also the same with
 * refresh-ahead, where callers keep the still-valid token and do not wait.
 */
export async function benchCoalescedRefresh(
  opts: { callers?: number; reps?: number } = {},
): Promise<BenchResult[]> {
  const callers = opts.callers ?? 10_000;
  const reps = opts.reps ?? 5;
  await crossing(callers, 0, LIFETIME_MS - 119_000); // warm-up (JIT), discarded
  const fg = await repeated(reps, () => crossing(callers, 0, LIFETIME_MS - 119_000));
  const bg = await repeated(reps, () => crossing(callers, 60_000, LIFETIME_MS - 179_000));
  const note = (r: typeof fg) =>
    `${callers.toLocaleString('en-US')} callers, source ~${SOURCE_DELAY_MS} ms, source calls per crossing: ${r.runs.map((x) => x.sourceCalls).join(',')}, distinct tokens handed out: ${r.runs.map((x) => x.crossing.tokens).join(',')}; latencies: median of ${reps} crossings`;
  const lat = (label: string, r: typeof fg, p: number, notes?: string): BenchResult => {
    const value = median(r.runs.map((x) => percentile(x.crossing.latencies, p)));
    const base = median(r.runs.map((x) => percentile(x.baseline.latencies, p)));
    return {
      name: `token-guard.${label}.latency.p${p}`,
      value,
      unit: 'ms',
      peer: 'fresh-token baseline',
      peerValue: base,
      ratio: value / base,
      notes: `${notes === undefined ? '' : `${notes}; `}difference to baseline ${(value - base).toFixed(3)} ms`,
    };
  };
  return [
    {
      name: 'token-guard.threshold-crossing.source-calls',
      value: Math.max(...fg.runs.map((x) => x.sourceCalls)),
      unit: 'calls',
      goal: 'exactly 1',
      pass: fg.runs.every((x) => x.sourceCalls === 1 && x.crossing.tokens === 1),
      notes: note(fg),
    },
    lat('threshold-crossing', fg, 50, 'callers wait for the one shared refresh (~source delay)'),
    lat('threshold-crossing', fg, 99),
    {
      name: 'token-guard.refresh-ahead-crossing.source-calls',
      value: Math.max(...bg.runs.map((x) => x.sourceCalls)),
      unit: 'calls',
      goal: 'exactly 1',
      pass: bg.runs.every((x) => x.sourceCalls === 1 && x.crossing.tokens === 1),
      notes: note(bg),
    },
    lat(
      'refresh-ahead-crossing',
      bg,
      50,
      'background refresh: callers keep the valid token and do not wait',
    ),
    lat('refresh-ahead-crossing', bg, 99),
  ];
}
