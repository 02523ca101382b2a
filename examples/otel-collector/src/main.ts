// Spans and metrics from the streaming client into an OpenTelemetry collector.
//
// The OTLP/HTTP exporters read the standard OTEL_EXPORTER_OTLP_ENDPOINT (e.g.
// http://127.0.0.1:4318). When it is not set, this example starts a tiny local OTLP receiver
// so it runs anywhere, and prints what arrived.
//
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 node dist/main.js
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startEmulator } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import { createOtelTelemetry } from '@snowpipe/telemetry-otel';
import { startLocalReceiver } from './local-receiver.js';

const receiver = process.env.OTEL_EXPORTER_OTLP_ENDPOINT ? undefined : await startLocalReceiver();
if (receiver) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

// The usual OpenTelemetry SDK set-up: nothing here is specific to Snowpipe.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const resource = resourceFromAttributes({ 'service.name': 'snowpipe-otel-example' });
const tracerProvider = new BasicTracerProvider({
  resource,
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
});
trace.setGlobalTracerProvider(tracerProvider);
const meterProvider = new MeterProvider({
  resource,
  readers: [
    new PeriodicExportingMetricReader({
      exporter: new OTLPMetricExporter(),
      exportIntervalMillis: 60_000,
    }),
  ],
});
metrics.setGlobalMeterProvider(meterProvider);

// The one Snowpipe-specific line: the client reports through OpenTelemetry.
const telemetry = createOtelTelemetry();

const emulator = await startEmulator({ rowKeyField: 'id' });
try {
  const { properties } = emulator.createCredentials({ account: 'DEMO_ACCOUNT', user: 'DEMO_USER' });
  // One throttled append and one expired scoped token, so the trace shows a retry and a refresh.
  emulator.faults.inject({
    endpoint: 'append',
    kind: 'http429RetryAfter',
    retryAfterS: 0,
    count: 1,
  });
  const client = await createClient({
    clientName: 'otel-example',
    dbName: 'DEMO_DB',
    schemaName: 'PUBLIC',
    tableName: 'EVENTS',
    properties,
    telemetry,
  });
  const { channel } = await client.openChannel({ name: 'traced' });
  for (let start = 0; start < 5000; start += 1000) {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ id: `e-${start + i}`, n: start + i }));
    await channel.appendRows(rows, String(start), String(start + 999));
    if (start === 2000) emulator.faults.revokeScopedTokens();
  }
  await channel.waitForCommit('4999', { timeoutMs: 30_000 });
  await client.close();
} finally {
  await emulator.stop();
}

await tracerProvider.forceFlush();
await meterProvider.forceFlush();
await tracerProvider.shutdown();
await meterProvider.shutdown();

console.log(`spans sent to ${endpoint}/v1/traces, metrics to ${endpoint}/v1/metrics`);
if (receiver) {
  const got = receiver.summary();
  await receiver.stop();
  console.log(`local receiver got ${got.spans} spans (${got.spanNames.join(', ')})`);
  console.log(
    `local receiver got ${got.metricPoints} metric series (${got.metricNames.join(', ')})`,
  );
  if (got.spans === 0 || got.metricPoints === 0) {
    console.error('FAILED: nothing arrived at the receiver');
    process.exitCode = 1;
  }
}
