// The client's spans and metrics through the real OTLP exporters (HTTP and gRPC) into a real
// OpenTelemetry Collector, asserted on what the collector's file exporter wrote.
import { generateKeyPairSync } from 'node:crypto';
import { OTLPMetricExporter as OtlpGrpcMetrics } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as OtlpHttpMetrics } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter as OtlpGrpcTraces } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as OtlpHttpTraces } from '@opentelemetry/exporter-trace-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startEmulator } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtelTelemetry } from '../src/index.js';
import { collectorBinary, startCollector } from './support/collector.js';
import type { Collector } from './support/collector.js';
import { useAsyncContext } from './support/client-e2e.js';

useAsyncContext();

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}
interface OtlpSpan {
  name: string;
  kind: number;
  spanId: string;
  parentSpanId?: string;
  attributes: OtlpAttribute[];
}
interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: Array<{ asInt?: string; asDouble?: number }> };
  histogram?: { dataPoints: Array<{ count: string; attributes: OtlpAttribute[] }> };
}

const spansOf = (lines: unknown[]): OtlpSpan[] =>
  lines.flatMap((line) =>
    (
      line as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }
    ).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
  );
const metricsOf = (lines: unknown[]): OtlpMetric[] =>
  lines.flatMap((line) =>
    (
      line as { resourceMetrics: Array<{ scopeMetrics: Array<{ metrics: OtlpMetric[] }> }> }
    ).resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics)),
  );
const attr = (attributes: OtlpAttribute[], key: string): unknown =>
  attributes.find((a) => a.key === key)?.value;

const bin = collectorBinary();
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY = publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe.runIf(bin !== undefined)('a real OpenTelemetry Collector', () => {
  let collector: Collector;
  beforeAll(async () => {
    collector = await startCollector(bin!);
  }, 30_000);
  afterAll(async () => {
    await collector?.stop();
  });

  for (const protocol of ['http', 'grpc'] as const) {
    it(`receives the client's spans and metrics over OTLP/${protocol}`, async () => {
      const channelName = `otlp-${protocol}`;
      const traceExporter =
        protocol === 'http'
          ? new OtlpHttpTraces({ url: `${collector.httpUrl}/v1/traces` })
          : new OtlpGrpcTraces({ url: collector.grpcUrl });
      const metricExporter =
        protocol === 'http'
          ? new OtlpHttpMetrics({ url: `${collector.httpUrl}/v1/metrics` })
          : new OtlpGrpcMetrics({ url: collector.grpcUrl });
      const tracerProvider = new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(traceExporter)],
      });
      const reader = new PeriodicExportingMetricReader({
        exporter: metricExporter,
        exportIntervalMillis: 3_600_000,
      });
      const meterProvider = new MeterProvider({ readers: [reader] });
      const emulator = await startEmulator({
        host: '127.0.0.1',
        port: 0,
        commitDelayMs: 0,
        logger: { info: () => undefined, warn: () => undefined },
      });
      emulator.registerPublicKey(PUBLIC_KEY);
      try {
        const client = await createClient({
          clientName: `otel-${protocol}`,
          dbName: 'DB',
          schemaName: 'SC',
          pipeName: 'P',
          properties: {
            url: emulator.url,
            account: 'ACME',
            user: 'TESTER',
            private_key: PRIVATE_KEY,
          },
          transport: createUndiciTransport(),
          telemetry: createOtelTelemetry({ tracerProvider, meterProvider }),
          maxClientLagMs: 5,
        });
        const { channel } = await client.openChannel({ name: channelName });
        await channel.appendRows(
          Array.from({ length: 10 }, (_, i) => ({ id: i })),
          '0',
          '9',
        );
        await channel.waitForCommit('9');
        await client.close();
        await tracerProvider.forceFlush();
        await reader.forceFlush();
      } finally {
        await tracerProvider.shutdown();
        await meterProvider.shutdown();
        await emulator.stop();
      }

      const lines = await collector.waitFor('traces', (seen) =>
        spansOf(seen).some(
          (s) =>
            s.name === 'snowpipe.append_batch' &&
            attr(s.attributes, 'snowpipe.channel')?.toString() !== undefined &&
            JSON.stringify(s.attributes).includes(channelName),
        ),
      );
      const spans = spansOf(lines);
      const append = spans.find(
        (s) =>
          s.name === 'snowpipe.append_batch' && JSON.stringify(s.attributes).includes(channelName),
      )!;
      const post = spans.find((s) => s.parentSpanId === append.spanId && s.name === 'POST');
      expect(post, 'an HTTP CLIENT span under the append operation').toBeDefined();
      expect(post!.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(attr(post!.attributes, 'http.request.method')).toEqual({ stringValue: 'POST' });
      expect(attr(post!.attributes, 'http.response.status_code')).toEqual({ intValue: '200' });
      expect(attr(post!.attributes, 'server.address')).toEqual({ stringValue: '127.0.0.1' });
      expect(attr(post!.attributes, 'network.protocol.version')).toEqual({ stringValue: '1.1' });
      const url = attr(post!.attributes, 'url.full') as { stringValue: string };
      expect(url.stringValue).toContain(`/channels/${channelName}/rows`);
      expect(url.stringValue).not.toMatch(/continuationToken=(?!REDACTED)/);

      const metricLines = await collector.waitFor('metrics', (seen) =>
        metricsOf(seen).some((m) => m.name === 'snowpipe.rows.appended'),
      );
      const metrics = metricsOf(metricLines.slice(-1));
      const rows = metrics.find((m) => m.name === 'snowpipe.rows.appended')!;
      expect(rows.unit).toBe('{row}');
      expect(Number(rows.sum!.dataPoints[0]!.asInt)).toBe(10);
      const duration = metrics.find((m) => m.name === 'http.client.request.duration')!;
      expect(duration.unit).toBe('s');
      expect(duration.histogram!.dataPoints.length).toBeGreaterThan(0);
      for (const m of metrics)
        expect(m.name, 'no unit inside a metric name').not.toMatch(/(\.|_)(bytes|ms|seconds)$/);
      expect(JSON.stringify(lines) + JSON.stringify(metricLines)).not.toContain(
        PRIVATE_KEY.slice(40, 80),
      );
    }, 60_000);
  }
});
