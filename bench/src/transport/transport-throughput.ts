import { createFetchTransport } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { Agent } from 'undici';
import type { BenchResult } from '../lib/result.js';
import { startSinkServer } from './sink-server.js';

/** Settings for {@link transportThroughput}. */
export interface TransportThroughputOptions {
  /** Length of one timed measurement. @default 200 */
  measureMs?: number;
  /** Rounds per cell (order rotates each round; the median is reported). @default 7 */
  rounds?: number;
}

type Send = (body: Uint8Array) => Promise<void>;
interface Contender {
  name: string;
  make(url: string, connections: number): { send: Send; close(): Promise<void> };
}

const CONTENDERS: Contender[] = [
  {
    name: 'raw undici.request',
    make(url, connections) {
      const agent = new Agent({ connections });
      const { origin } = new URL(url);
      return {
        async send(body) {
          const res = await agent.request({
            origin,
            path: '/v2/rows',
            method: 'POST',
            headers: HEADERS,
            body,
          });
          await res.body.text();
        },
        close: () => agent.close(),
      };
    },
  },
  {
    name: 'undici transport',
    make(url, connections) {
      const transport = createUndiciTransport({ connections });
      return {
        send: (body) =>
          transport
            .request({ method: 'POST', url: `${url}/v2/rows`, headers: HEADERS, body })
            .then(() => undefined),
        close: () => transport.close(),
      };
    },
  },
  {
    name: 'fetch transport',
    make(url) {
      const transport = createFetchTransport();
      return {
        send: (body) =>
          transport
            .request({ method: 'POST', url: `${url}/v2/rows`, headers: HEADERS, body })
            .then(() => undefined),
        close: () => transport.close(),
      };
    },
  },
];

const HEADERS = { 'content-type': 'application/x-ndjson', authorization: 'Bearer bench' };

function ndjson(bytes: number): Uint8Array {
  const line = `${JSON.stringify({ id: 123456, ts: '2026-01-01T00:00:00Z', name: 'sensor', value: 42.5, tags: ['a', 'b'] })}\n`;
  return Buffer.from(line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes));
}

interface Sample {
  /** Requests per second (wall clock). */
  rps: number;
  /** Client-process CPU microseconds per request (the sink runs in another process). */
  cpuUs: number;
}

async function measure(
  send: Send,
  body: Uint8Array,
  concurrency: number,
  measureMs: number,
): Promise<Sample> {
  let count = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + measureMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await send(body);
        count++;
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    rps: count / ((performance.now() - start) / 1000),
    cpuUs: (used.user + used.system) / count,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Requests/s and MB/s on loopback for raw `undici.request`, the undici transport and the fetch
 * transport, with 4 MiB and 64 KiB NDJSON bodies at 1, 10 and 100 concurrent streams.
 */
export async function transportThroughput(
  options: TransportThroughputOptions = {},
): Promise<BenchResult[]> {
  const measureMs = options.measureMs ?? 200;
  const rounds = options.rounds ?? 7;
  const sink = await startSinkServer();
  const results: BenchResult[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  try {
    for (const [label, bytes] of [
      ['4MiB', 4 * 1024 * 1024],
      ['64KiB', 64 * 1024],
    ] as const) {
      const body = ndjson(bytes);
      for (const concurrency of [1, 10, 100]) {
        const made = CONTENDERS.map((c) => c.make(sink.url, concurrency));
        const samples = CONTENDERS.map((): Sample[] => []);
        // Warm-up opens the sockets and JITs the paths.
        for (const m of made) await measure(m.send, body, concurrency, Math.min(150, measureMs));
        // The 4 MiB x100 cell moves 400 MiB per wave: give it longer windows so a window holds
        // several waves rather than one.
        const windowMs = bytes * concurrency > 64 * 1024 * 1024 ? measureMs * 3 : measureMs;
        for (let round = 0; round < rounds; round++) {
          for (let k = 0; k < made.length; k++) {
            const index = (k + round) % made.length;
            samples[index]!.push(await measure(made[index]!.send, body, concurrency, windowMs));
          }
        }
        await Promise.all(made.map((m) => m.close()));
        const rps = samples.map((list) => median(list.map((x) => x.rps)));
        const cpu = samples.map((list) => median(list.map((x) => x.cpuUs)));
        // Ratios are medians of per-round ratios: both sides of a round ran back to back, so
        // drifting background load (a shared 2-core machine) cancels out.
        const paired = (i: number, f: (x: Sample, peer: Sample) => number): number =>
          median(samples[i]!.map((x, round) => f(x, samples[0]![round]!)));
        const mbs = (v: number): string => `${((v * bytes) / 1e6).toFixed(0)} MB/s`;
        const cpuNote = (i: number): string =>
          `client CPU ${cpu[i]!.toFixed(0)} vs ${cpu[0]!.toFixed(0)} us/req`;
        const cell = `${label}.x${concurrency}`;
        const undiciRatio = paired(1, (x, peer) => x.rps / peer.rps);
        ratios.push(undiciRatio);
        cpuRatios.push(paired(1, (x, peer) => peer.cpuUs / x.cpuUs));
        results.push({
          name: `transport.throughput.undici.${cell}`,
          value: rps[1]!,
          unit: 'req/s',
          peer: 'raw undici.request',
          peerValue: rps[0]!,
          ratio: undiciRatio,
          goal: '>= 0.95x raw undici',
          pass: undiciRatio >= 0.95,
          notes: `${mbs(rps[1]!)} vs ${mbs(rps[0]!)}; ${cpuNote(1)}`,
        });
        results.push({
          name: `transport.throughput.fetch.${cell}`,
          value: rps[2]!,
          unit: 'req/s',
          peer: 'raw undici.request',
          peerValue: rps[0]!,
          ratio: paired(2, (x, peer) => x.rps / peer.rps),
          notes: `informational; ${mbs(rps[2]!)} vs ${mbs(rps[0]!)}; ${cpuNote(2)}`,
        });
      }
    }
  } finally {
    await sink.close();
  }
  const geomean = (values: number[]): number =>
    Math.exp(values.reduce((sum, r) => sum + Math.log(r), 0) / values.length);
  const throughput = geomean(ratios);
  const efficiency = geomean(cpuRatios);
  results.push({
    name: 'transport.throughput.undici.geomean-ratio',
    value: throughput,
    unit: 'ratio',
    ratio: throughput,
    goal: '>= 0.95x raw undici',
    pass: throughput >= 0.95,
    notes: `${rounds} rounds x ${measureMs} ms windows (x3 for 4MiB x100), order rotated, median of paired ratios`,
  });
  results.push({
    name: 'transport.cpu-efficiency.undici.geomean-ratio',
    value: efficiency,
    unit: 'ratio',
    ratio: efficiency,
    goal: '>= 0.95x raw undici',
    pass: efficiency >= 0.95,
    notes:
      'raw CPU per request / ours (client process only; steadier than req/s on a busy machine)',
  });
  return results;
}
