import type { OperationScope, Telemetry } from '@snowpipe/streaming-client';

/**
 * A tiny Telemetry implementation (the same port @snowpipe/telemetry-otel implements) that
 * records how long each append batch took, for the demo's p50/p99 line.
 */
export function createLatencyTelemetry(): Telemetry & {
  percentile(p: number): number;
  count(): number;
  committedOffsets(): number;
} {
  const durations: number[] = [];
  let committed = 0;
  const idle: OperationScope = {
    run: (fn) => fn(),
    httpAttempt: () => ({ end: () => undefined }),
    setAttributes: () => undefined,
    event: () => undefined,
    end: () => undefined,
  };
  return {
    startOperation(name) {
      if (name !== 'snowpipe.append_batch') return idle;
      const started = performance.now();
      return { ...idle, end: () => void durations.push(performance.now() - started) };
    },
    metrics: {
      rowsAppended: () => undefined,
      bufferedBytes: () => undefined,
      commitLag: () => void committed++,
    },
    percentile(p) {
      if (durations.length === 0) return 0;
      const sorted = [...durations].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
    },
    count: () => durations.length,
    committedOffsets: () => committed,
  };
}
