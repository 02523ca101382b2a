import { metrics, ValueType } from '@opentelemetry/api';
import type {
  Counter,
  Histogram,
  Meter,
  MeterProvider,
  ObservableGauge,
  ObservableResult,
} from '@opentelemetry/api';
import { METRIC } from './attribute-names.js';

/** The semconv-advised bucket boundaries for `http.client.request.duration`, in seconds. */
export const HTTP_DURATION_BUCKETS_S: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** Bucket boundaries for `snowpipe.commit.lag`, in seconds (commits take 0.1 s to minutes). */
export const COMMIT_LAG_BUCKETS_S: readonly number[] = Object.freeze([
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
]);

/** Every instrument this package records to. */
export interface InstrumentSet {
  readonly httpDuration: Histogram;
  readonly rowsAppended: Counter;
  readonly rowsRejected: Counter;
  readonly bytesAppended: Counter;
  readonly retries: Counter;
  readonly tokenRefreshes: Counter;
  readonly tokenEscalations: Counter;
  readonly commitLag: Histogram;
  readonly bufferedBytes: ObservableGauge;
}

/** Lazily created instruments, plus the last buffered-bytes value the gauge reports. */
export interface LazyInstruments {
  /** The instruments, created on first call (and again if the global provider changed). */
  get(): InstrumentSet;
  /** Sets the value the `snowpipe.buffer.usage` gauge reports at the next collection. */
  setBufferedBytes(bytes: number): void;
}

/**
 * Resolves the meter at first use, not at construction: an instrument created before a global
 * `MeterProvider` is registered stays a no-op forever. Without an explicit provider, the global
 * one is re-checked on every call (one property read) and instruments are rebuilt when it changed.
 */
export function createLazyInstruments(
  provider: MeterProvider | undefined,
  scopeName: string,
  scopeVersion: string | undefined,
): LazyInstruments {
  let resolvedFrom: MeterProvider | undefined;
  let set: InstrumentSet | undefined;
  let buffered: number | undefined;
  const observeBuffered = (result: ObservableResult): void => {
    if (buffered !== undefined) result.observe(buffered);
  };
  return {
    get(): InstrumentSet {
      const current = provider ?? metrics.getMeterProvider();
      if (set === undefined || current !== resolvedFrom) {
        resolvedFrom = current;
        set = buildInstruments(current.getMeter(scopeName, scopeVersion), observeBuffered);
      }
      return set;
    },
    setBufferedBytes(bytes: number): void {
      buffered = bytes;
    },
  };
}

function buildInstruments(
  meter: Meter,
  observeBuffered: (result: ObservableResult) => void,
): InstrumentSet {
  const bufferedBytes = meter.createObservableGauge(METRIC.bufferedBytes, {
    description: 'Bytes buffered in the client, not yet sent.',
    unit: 'By',
    valueType: ValueType.INT,
  });
  bufferedBytes.addCallback(observeBuffered);
  return {
    httpDuration: meter.createHistogram(METRIC.httpDuration, {
      description: 'Duration of HTTP client requests (one per attempt).',
      unit: 's',
      advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS_S] },
    }),
    rowsAppended: meter.createCounter(METRIC.rowsAppended, {
      description: 'Rows appended to channels (accepted by the service).',
      unit: '{row}',
      valueType: ValueType.INT,
    }),
    rowsRejected: meter.createCounter(METRIC.rowsRejected, {
      description:
        'Rows the service parsed and rejected (increases of rows_error_count); skipped, not retried.',
      unit: '{row}',
      valueType: ValueType.INT,
    }),
    bytesAppended: meter.createCounter(METRIC.bytesAppended, {
      description: 'Bytes of row data appended to channels.',
      unit: 'By',
      valueType: ValueType.INT,
    }),
    retries: meter.createCounter(METRIC.retries, {
      description: 'Retries scheduled by a retry coordinator, by reason.',
      unit: '{retry}',
      valueType: ValueType.INT,
    }),
    tokenRefreshes: meter.createCounter(METRIC.tokenRefreshes, {
      description: 'Token refreshes, by outcome and reason.',
      unit: '{refresh}',
      valueType: ValueType.INT,
    }),
    tokenEscalations: meter.createCounter(METRIC.tokenEscalations, {
      description: 'Token refresh escalations (repeated refresh failures).',
      unit: '{escalation}',
      valueType: ValueType.INT,
    }),
    commitLag: meter.createHistogram(METRIC.commitLag, {
      description: 'Time from an append being accepted to its rows being committed.',
      unit: 's',
      advice: { explicitBucketBoundaries: [...COMMIT_LAG_BUCKETS_S] },
    }),
    bufferedBytes,
  };
}
