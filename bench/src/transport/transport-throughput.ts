import { createFetchTransport } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { Agent } from 'undici';
import type { BenchResult } from '../lib/result.js';
import { startSinkServer } from './sink-server.js';

/** Settings for {@link transportThroughput}. */
export interface TransportThroughputOptions {
  /** Length of one timed measurement. @default 300 */
  measureMs?: number;
  /** Rounds per cell (order rotates each round; the median is reported). @default 5 */
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

async function measure(
  send: Send,
  body: Uint8Array,
  concurrency: number,
  measureMs: number,
): Promise<number> {
  let count = 0;
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
  return count / ((performance.now() - start) / 1000);
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
  const measureMs = options.measureMs ?? 300;
  const rounds = options.rounds ?? 5;
  const sink = await startSinkServer();
  const results: BenchResult[] = [];
  const ratios: number[] = [];
  try {
    for (const [label, bytes] of [
      ['4MiB', 4 * 1024 * 1024],
      ['64KiB', 64 * 1024],
    ] as const) {
      const body = ndjson(bytes);
      for (const concurrency of [1, 10, 100]) {
        const made = CONTENDERS.map((c) => c.make(sink.url, concurrency));
        const samples = CONTENDERS.map((): number[] => []);
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
        const [raw, undici, fetchT] = samples.map(median) as [number, number, number];
        // Ratios are medians of per-round ratios: both sides of a round ran back to back, so
        // drifting background load (a shared 2-core machine) cancels out.
        const pairedRatio = (i: number): number =>
          median(samples[i]!.map((v, round) => v / samples[0]![round]!));
        const mbs = (rps: number): string => `${((rps * bytes) / 1e6).toFixed(0)} MB/s`;
        const cell = `${label}.x${concurrency}`;
        const undiciRatio = pairedRatio(1);
        ratios.push(undiciRatio);
        results.push({
          name: `transport.throughput.undici.${cell}`,
          value: undici,
          unit: 'req/s',
          peer: 'raw undici.request',
          peerValue: raw,
          ratio: undiciRatio,
          goal: '>= 0.95x raw undici',
          pass: undiciRatio >= 0.95,
          notes: `${mbs(undici)} vs ${mbs(raw)}`,
        });
        results.push({
          name: `transport.throughput.fetch.${cell}`,
          value: fetchT,
          unit: 'req/s',
          peer: 'raw undici.request',
          peerValue: raw,
          ratio: pairedRatio(2),
          notes: `${mbs(fetchT)} vs ${mbs(raw)} (informational)`,
        });
      }
    }
  } finally {
    await sink.close();
  }
  const geomean = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
  results.push({
    name: 'transport.throughput.undici.geomean-ratio',
    value: geomean,
    unit: 'ratio',
    ratio: geomean,
    goal: '>= 0.95x raw undici',
    pass: geomean >= 0.95,
    notes: `${rounds} rounds x ${measureMs} ms windows (x3 for 4MiB x100), order rotated, median of paired ratios`,
  });
  return results;
}
