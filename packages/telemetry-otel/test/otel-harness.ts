// Test harness: the real OpenTelemetry SDK with in-memory exporters and a fake monotonic clock.
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import type { DataPoint, Histogram, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createOtelTelemetry } from '../src/index.js';
import type { OtelTelemetry, OtelTelemetryOptions } from '../src/index.js';

// Parent/child spans across awaits need an async-context manager (set once per test file).
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

/** A pull reader: `collect()` on demand, cumulative temporality. */
export class TestMetricReader extends MetricReader {
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

export interface Harness {
  readonly telemetry: OtelTelemetry;
  readonly exporter: InMemorySpanExporter;
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  readonly reader: TestMetricReader;
  /** The fake monotonic time (ms) the telemetry reads; tests move it. */
  advance(ms: number): void;
  spans(): ReadableSpan[];
  span(name: string, index?: number): ReadableSpan;
  collect(): Promise<ResourceMetrics>;
  metric(name: string): Promise<MetricData | undefined>;
}

/** Creates a telemetry wired to fresh in-memory trace and metric pipelines. */
export function createHarness(options: Partial<OtelTelemetryOptions> = {}): Harness {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  let now = 1000;
  const telemetry = createOtelTelemetry({
    tracerProvider,
    meterProvider,
    clock: { monotonicNow: () => now },
    ...options,
  });
  const collect = async (): Promise<ResourceMetrics> => {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length > 0) throw new Error(`metric collection errors: ${errors.length}`);
    return resourceMetrics;
  };
  return {
    telemetry,
    exporter,
    tracerProvider,
    meterProvider,
    reader,
    advance: (ms) => {
      now += ms;
    },
    spans: () => exporter.getFinishedSpans(),
    span(name, index = 0) {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name)[index];
      if (found === undefined) throw new Error(`no finished span "${name}" #${index}`);
      return found;
    },
    collect,
    async metric(name) {
      return findMetric(await collect(), name);
    },
  };
}

export function findMetric(rm: ResourceMetrics, name: string): MetricData | undefined {
  for (const scope of rm.scopeMetrics)
    for (const m of scope.metrics) if (m.descriptor.name === name) return m;
  return undefined;
}

/** The single data point whose attributes include `match`. */
export function point(
  metric: MetricData | undefined,
  match: Record<string, unknown> = {},
): DataPoint<unknown> {
  if (metric === undefined) throw new Error('metric not recorded');
  const points = (metric.dataPoints as DataPoint<unknown>[]).filter((p) =>
    Object.entries(match).every(([k, v]) => p.attributes[k] === v),
  );
  if (points.length !== 1)
    throw new Error(`expected 1 point for ${JSON.stringify(match)}, got ${points.length}`);
  return points[0]!;
}

export function histogram(
  metric: MetricData | undefined,
  match: Record<string, unknown> = {},
): Histogram {
  if (metric?.dataPointType !== DataPointType.HISTOGRAM) throw new Error('not a histogram');
  return point(metric, match).value as Histogram;
}

/** Parent span id of a finished span (SDK 2.x: `parentSpanContext`). */
export function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** Everything a span exports (names, attributes, events, status), as text to scan. */
export function serializeSpans(spans: readonly ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((s) => ({
      name: s.name,
      attributes: s.attributes,
      status: s.status,
      events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
      links: s.links,
      resource: s.resource.attributes,
      scope: s.instrumentationScope,
    })),
  );
}

export const idOf = (span: ReadableSpan): string => span.spanContext().spanId;
