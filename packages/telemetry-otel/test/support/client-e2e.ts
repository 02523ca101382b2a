// End-to-end harness: the real streaming client, over loopback HTTP, against the emulator, with
// the real OpenTelemetry SDK (in-memory span exporter, pull metric reader). A transport wrapper
// records every credential the client actually sent or received, so tests can scan for them.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { DataPoint, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator, EmulatorOptions } from '@snowpipe/emulator';
import { createClient, createFetchTransport } from '@snowpipe/streaming-client';
import type {
  ClientOptions,
  StreamingIngestClient,
  Transport,
  TransportRequest,
} from '@snowpipe/streaming-client';
import { afterAll, beforeAll } from 'vitest';
import { createOtelTelemetry } from '../../src/index.js';
import type { OtelTelemetry } from '../../src/index.js';

/** Registers an async context manager for the test file (parent/child spans across awaits). */
export function useAsyncContext(): void {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => {
    context.disable();
  });
}

/** The passphrase the test key is encrypted with. */
export const PASSPHRASE = 'correct-horse-battery-STAPLE-9f3e1c';

// One RSA key per test file (generation costs ~100 ms), encrypted PKCS#8 with PASSPHRASE.
const pair = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: {
    type: 'pkcs8',
    format: 'pem',
    cipher: 'aes-256-cbc',
    passphrase: PASSPHRASE,
  },
});
export const ENCRYPTED_PRIVATE_KEY_PEM = pair.privateKey;
export const PUBLIC_KEY_PEM = pair.publicKey;
/** The same key decrypted (what the client holds in memory). */
export const PLAIN_PRIVATE_KEY_PEM = createPrivateKey({
  key: ENCRYPTED_PRIVATE_KEY_PEM,
  passphrase: PASSPHRASE,
})
  .export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** A pull reader: `collect()` on demand, cumulative temporality. */
class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** One request the client sent, as the wrapped transport saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly status: number | undefined;
}

/** What the transport wrapper learned: every credential and continuation token on the wire. */
export interface WireCapture {
  readonly requests: SeenRequest[];
  /** Every `Authorization` header value (without the `Bearer ` prefix). */
  readonly sentTokens: Set<string>;
  /** Every token the token exchange returned (the raw body and the token in it). */
  readonly issuedTokens: Set<string>;
  /** Continuation tokens sent in query strings or returned in bodies. */
  readonly continuationTokens: Set<string>;
}

const TOKEN_PATH = '/oauth/token';

/** Wraps `inner`, recording what {@link WireCapture} lists. */
function capturingTransport(inner: Transport, capture: WireCapture): Transport {
  return {
    async request(req: TransportRequest) {
      const url = new URL(req.url);
      for (const [name, value] of Object.entries(req.headers)) {
        if (name.toLowerCase() === 'authorization')
          capture.sentTokens.add(value.replace(/^Bearer\s+/i, ''));
      }
      const sentContinuation = url.searchParams.get('continuationToken');
      if (sentContinuation) capture.continuationTokens.add(sentContinuation);
      let status: number | undefined;
      try {
        const res = await inner.request(req);
        status = res.status;
        if (url.pathname === TOKEN_PATH && res.status === 200) {
          capture.issuedTokens.add(res.body);
          capture.issuedTokens.add(res.body.trim().replace(/^"|"$/g, ''));
          try {
            const parsed = JSON.parse(res.body) as { token?: unknown; access_token?: unknown };
            for (const v of [parsed.token, parsed.access_token])
              if (typeof v === 'string') capture.issuedTokens.add(v);
          } catch {
            // a bare JWT body: recorded above
          }
        }
        for (const match of res.body.matchAll(/"[a-z_]*continuation_token"\s*:\s*"([^"]+)"/g))
          if (match[1] !== undefined) capture.continuationTokens.add(match[1]);
        return res;
      } finally {
        capture.requests.push({ method: req.method, url, status });
      }
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };
}

/** A running emulator + client + telemetry pipeline. */
export interface E2E {
  readonly emulator: Emulator;
  readonly client: StreamingIngestClient;
  readonly telemetry: OtelTelemetry;
  readonly exporter: InMemorySpanExporter;
  readonly wire: WireCapture;
  /** Every log line the client wrote: level, message and its attributes (inspected in full). */
  readonly logLines: string[];
  spans(): ReadableSpan[];
  collect(): Promise<ResourceMetrics>;
  metric(name: string): Promise<MetricData | undefined>;
  /** Closes the client (without waiting for commits), the providers and the emulator. */
  stop(): Promise<void>;
}

/** Starts the emulator (RSA key registered) and a client with the OTel telemetry against it. */
export async function startE2E(
  options: { emulator?: EmulatorOptions; client?: Partial<ClientOptions> } = {},
): Promise<E2E> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const telemetry = createOtelTelemetry({ tracerProvider, meterProvider });
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    rowKeyField: 'id',
    commitDelayMs: 0,
    logger: { info: () => undefined, warn: () => undefined },
    ...options.emulator,
  });
  emulator.registerPublicKey(PUBLIC_KEY_PEM);
  const wire: WireCapture = {
    requests: [],
    sentTokens: new Set(),
    issuedTokens: new Set(),
    continuationTokens: new Set(),
  };
  const inner = createFetchTransport();
  const logLines: string[] = [];
  const log =
    (level: string) =>
    (message: string, attributes?: Record<string, unknown>): void =>
      void logLines.push(
        `${level} ${message} ${inspect(attributes, { depth: 8, breakLength: Infinity })}`,
      );
  let client: StreamingIngestClient;
  try {
    client = await createClient({
      clientName: 'otel-e2e',
      dbName: 'DB',
      schemaName: 'SC',
      pipeName: 'P',
      properties: {
        url: emulator.url,
        account: 'ACME',
        user: 'TESTER',
        private_key: ENCRYPTED_PRIVATE_KEY_PEM,
        private_key_passphrase: PASSPHRASE,
      },
      transport: capturingTransport(inner, wire),
      telemetry,
      retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 },
      maxClientLagMs: 5,
      commitPollIntervalMs: 5,
      commitPollMaxIntervalMs: 20,
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      ...options.client,
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  const collect = async (): Promise<ResourceMetrics> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new Error(`metric collection errors: ${errors.length}`);
    return resourceMetrics;
  };
  return {
    emulator,
    client,
    telemetry,
    exporter,
    wire,
    logLines,
    spans: () => exporter.getFinishedSpans(),
    collect,
    metric: async (name) => findMetric(await collect(), name),
    async stop() {
      await client.close({ waitForCommit: false, timeoutMs: 1000 }).catch(() => undefined);
      await inner.close?.();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      await emulator.stop();
    },
  };
}

export function findMetric(rm: ResourceMetrics, name: string): MetricData | undefined {
  for (const scope of rm.scopeMetrics)
    for (const m of scope.metrics) if (m.descriptor.name === name) return m;
  return undefined;
}

/** Data points of `metric` whose attributes include `match`. */
export function pointsOf(
  metric: MetricData | undefined,
  match: Record<string, unknown> = {},
): DataPoint<unknown>[] {
  if (metric === undefined) return [];
  return (metric.dataPoints as DataPoint<unknown>[]).filter((p) =>
    Object.entries(match).every(([k, v]) => p.attributes[k] === v),
  );
}

/** Rows `{ id, v }` with ids `prefix-from … prefix-(from+n-1)`. */
export function idRows(prefix: string, from: number, n: number): Array<{ id: string; v: number }> {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${from + i}`, v: from + i }));
}

export const spanId = (span: ReadableSpan): string => span.spanContext().spanId;
export const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;
