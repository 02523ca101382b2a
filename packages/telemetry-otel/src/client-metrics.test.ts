import { metrics } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { createOtelTelemetry, HTTP_DURATION_BUCKETS_S } from './index.js';
import {
  createHarness,
  findMetric,
  histogram,
  point,
  TestMetricReader,
} from '../test/otel-harness.js';

afterEach(() => {
  metrics.disable();
});

const attempt = {
  method: 'POST',
  url: 'https://h.example/p',
  serverAddress: 'h.example',
  serverPort: 443,
};

describe('metrics', () => {
  it('records http.client.request.duration in seconds with semconv buckets and attributes', async () => {
    const h = createHarness();
    const scope = h.telemetry.startOperation('snowpipe.append_batch', {});
    const a = scope.httpAttempt({ ...attempt, resendCount: 0 });
    h.advance(30); // 0.03 s -> bucket (0.025, 0.05]
    a.end({ status: 200 });
    const b = scope.httpAttempt({ ...attempt, resendCount: 1 });
    h.advance(20); // 0.02 s -> bucket (0.01, 0.025]
    b.end({ status: 200 });
    const c = scope.httpAttempt({ ...attempt, resendCount: 2 });
    h.advance(3000);
    c.end({ status: 429 });
    scope.end();

    const metric = await h.metric('http.client.request.duration');
    expect(metric?.descriptor.unit).toBe('s');
    const ok = histogram(metric, { 'http.response.status_code': 200 });
    expect(ok.count).toBe(2);
    expect(ok.sum).toBeCloseTo(0.05, 10);
    expect(ok.buckets.boundaries).toEqual(HTTP_DURATION_BUCKETS_S);
    expect(ok.buckets.counts.slice(0, 4)).toEqual([0, 0, 1, 1]);
    const throttled = point(metric, { 'http.response.status_code': 429 });
    expect(throttled.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'h.example',
      'server.port': 443,
      'http.response.status_code': 429,
      'error.type': '429',
    });
    expect((throttled.value as { sum: number }).sum).toBe(3);
  });

  it('counts rows, bytes, commit lag (s) and reports the last buffered bytes', async () => {
    const h = createHarness();
    const m = h.telemetry.metrics;
    m.rowsAppended(10, 1000, { 'snowpipe.pipe': 'P' });
    m.rowsAppended(5, 500, { 'snowpipe.pipe': 'P', dropped: undefined });
    m.commitLag(1500, { 'snowpipe.pipe': 'P' });
    m.commitLag(-1, {});
    m.bufferedBytes(4096);
    m.bufferedBytes(2048);
    m.rowsRejected(2, { 'snowpipe.pipe': 'P', 'snowpipe.channel': 'c' });
    m.rowsRejected(0, { 'snowpipe.pipe': 'P', 'snowpipe.channel': 'c' });
    const rm = await h.collect();
    expect(point(findMetric(rm, 'snowpipe.rows.rejected'), { 'snowpipe.channel': 'c' }).value).toBe(
      2,
    );
    expect(point(findMetric(rm, 'snowpipe.rows.appended'), { 'snowpipe.pipe': 'P' }).value).toBe(
      15,
    );
    const bytes = findMetric(rm, 'snowpipe.append.size');
    expect(bytes?.descriptor.unit).toBe('By');
    expect(point(bytes).value).toBe(1500);
    const lag = histogram(findMetric(rm, 'snowpipe.commit.lag'));
    expect([lag.count, lag.sum]).toEqual([1, 1.5]);
    const gauge = findMetric(rm, 'snowpipe.buffer.usage');
    expect(gauge?.descriptor.unit).toBe('By');
    expect(point(gauge).value).toBe(2048);
  });

  it('counts retries by operation, reason and delay source', async () => {
    const h = createHarness();
    const r = h.telemetry.retryObserver;
    const e = { operation: 'open', attempt: 1, delayMs: 10, error: new Error('z') };
    r.onRetry({ ...e, delaySource: 'backoff', errorKind: 'network' });
    r.onRetry({ ...e, attempt: 2, delaySource: 'backoff', errorKind: 'network' });
    r.onRetry({ ...e, delaySource: 'retry_after', errorKind: 'throttling', status: 429 });
    const retries = await h.metric('snowpipe.retries');
    expect(point(retries, { 'snowpipe.retry.reason': 'network' }).value).toBe(2);
    expect(point(retries, { 'snowpipe.retry.reason': 'throttling' }).attributes).toEqual({
      'snowpipe.operation': 'open',
      'snowpipe.retry.reason': 'throttling',
      'snowpipe.retry.delay_source': 'retry_after',
      'http.response.status_code': 429,
    });
  });

  it('resolves the global MeterProvider at first use, not at construction', async () => {
    const telemetry = createOtelTelemetry(); // before any global provider exists
    const reader = new TestMetricReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    telemetry.metrics.rowsAppended(3, 30, {});
    const rm = (await reader.collect()).resourceMetrics;
    expect(point(findMetric(rm, 'snowpipe.rows.appended')).value).toBe(3);
    expect(rm.scopeMetrics[0]?.scope.name).toBe('@snowpipe/streaming-client');
  });

  it('moves to a new global MeterProvider when the global one changes', async () => {
    const telemetry = createOtelTelemetry();
    telemetry.metrics.rowsAppended(1, 1, {}); // recorded into the no-op provider
    const first = new TestMetricReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [first] }));
    telemetry.metrics.rowsAppended(2, 2, {});
    metrics.disable();
    const second = new TestMetricReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [second] }));
    telemetry.metrics.rowsAppended(4, 4, {});
    const a = (await first.collect()).resourceMetrics;
    const b = (await second.collect()).resourceMetrics;
    expect(point(findMetric(a, 'snowpipe.rows.appended')).value).toBe(2);
    expect(point(findMetric(b, 'snowpipe.rows.appended')).value).toBe(4);
  });
});
