import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from '@snowpipe/telemetry-otel';
import type { OtelTelemetry } from '@snowpipe/telemetry-otel';

/** Counts what the SDK exported (so the benchmark can show telemetry really ran). */
export interface OtelSink {
  spans: number;
  metricExports: number;
}

/**
 * A real OpenTelemetry SDK setup whose exporters drop everything: `BasicTracerProvider` +
 * `BatchSpanProcessor`, `MeterProvider` + `PeriodicExportingMetricReader` (1 s), and the
 * `AsyncLocalStorageContextManager`. Returns the client telemetry built on it.
 */
export function createDroppingOtel(): {
  telemetry: OtelTelemetry;
  sink: OtelSink;
  shutdown(): Promise<void>;
} {
  const sink: OtelSink = { spans: 0, metricExports: 0 };
  const spanExporter: SpanExporter = {
    export(spans, done) {
      sink.spans += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  const metricExporter: PushMetricExporter = {
    export(_metrics, done) {
      sink.metricExports++;
      done({ code: 0 });
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(spanExporter)],
  });
  const meterProvider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 1000 }),
    ],
  });
  return {
    telemetry: createOtelTelemetry({ tracerProvider, meterProvider }),
    sink,
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
