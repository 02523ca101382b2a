// A real OpenTelemetry Collector for the tests: the binary `.ci/otelcol.sh` builds (OTLP receiver
// over HTTP and gRPC, file exporter), started on loopback ports with files in a temp directory.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the collector binary is: `SNOWPIPE_OTELCOL_BIN`, set by `.ci/run` after building it. */
export function collectorBinary(): string | undefined {
  const bin = process.env['SNOWPIPE_OTELCOL_BIN'];
  if (bin !== undefined && bin !== '') {
    if (!existsSync(bin)) throw new Error(`SNOWPIPE_OTELCOL_BIN=${bin} does not exist`);
    return bin;
  }
  if (process.env['CI'] === 'true') {
    throw new Error(
      'SNOWPIPE_OTELCOL_BIN is not set: .ci/run builds the test collector with .ci/otelcol.sh',
    );
  }
  return undefined;
}

/** A running collector. */
export interface Collector {
  /** OTLP/HTTP base URL, e.g. `http://127.0.0.1:4318`. */
  readonly httpUrl: string;
  /** OTLP/gRPC address, e.g. `http://127.0.0.1:4317`. */
  readonly grpcUrl: string;
  /** Every JSON line the file exporter wrote for `signal` so far. */
  lines(signal: 'traces' | 'metrics'): unknown[];
  /** Polls until `ready(lines)` holds, at most `timeoutMs` (the exporter writes asynchronously). */
  waitFor(
    signal: 'traces' | 'metrics',
    ready: (lines: unknown[]) => boolean,
    timeoutMs?: number,
  ): Promise<unknown[]>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const POLL_MS = 50;

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    // A process-level test: the collector is another process, so polling it takes real time.
    globalThis.setTimeout(resolve, ms);
  });

/** Starts the collector binary and resolves once it reports that it is ready. */
export async function startCollector(bin: string): Promise<Collector> {
  const dir = mkdtempSync(join(tmpdir(), 'otelcol-'));
  const [httpPort, grpcPort] = [await freePort(), await freePort()];
  const files = { traces: join(dir, 'traces.jsonl'), metrics: join(dir, 'metrics.jsonl') };
  const config = [
    'receivers:',
    '  otlp:',
    '    protocols:',
    `      grpc: { endpoint: "127.0.0.1:${grpcPort}" }`,
    `      http: { endpoint: "127.0.0.1:${httpPort}" }`,
    'exporters:',
    `  file/traces: { path: "${files.traces}", flush_interval: 100ms }`,
    `  file/metrics: { path: "${files.metrics}", flush_interval: 100ms }`,
    'service:',
    '  telemetry:',
    '    metrics: { level: none }',
    '  pipelines:',
    '    traces: { receivers: [otlp], exporters: [file/traces] }',
    '    metrics: { receivers: [otlp], exporters: [file/metrics] }',
    '',
  ].join('\n');
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, config);
  const child: ChildProcess = spawn(bin, ['--config', `file:${configPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = globalThis.setTimeout(
      () => reject(new Error(`collector did not start within 20 s:\n${stderr}`)),
      20_000,
    );
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      if (stderr.includes('Everything is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`collector exited with ${String(code)}:\n${stderr}`));
    });
  });
  const lines = (signal: 'traces' | 'metrics'): unknown[] => {
    if (!existsSync(files[signal])) return [];
    // Only whole lines: the exporter may be half-way through writing the last one.
    const complete = readFileSync(files[signal], 'utf8').split('\n').slice(0, -1);
    return complete.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as unknown);
  };
  return {
    httpUrl: `http://127.0.0.1:${httpPort}`,
    grpcUrl: `http://127.0.0.1:${grpcPort}`,
    lines,
    async waitFor(signal, ready, timeoutMs = 10_000) {
      for (let waited = 0; ; waited += POLL_MS) {
        const seen = lines(signal);
        if (ready(seen)) return seen;
        if (waited >= timeoutMs) {
          throw new Error(`collector wrote no matching ${signal} within ${timeoutMs} ms`);
        }
        await wait(POLL_MS);
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await Promise.race([exited, wait(5_000).then(() => void child.kill('SIGKILL'))]);
    },
  };
}
