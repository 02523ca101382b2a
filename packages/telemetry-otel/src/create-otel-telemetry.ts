import { trace } from '@opentelemetry/api';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { createClientMetrics } from './client-metrics.js';
import type { HttpAttemptDeps } from './http-attempt.js';
import type { HttpSpansMode } from './http-spans.js';
import { createLazyInstruments } from './instruments.js';
import { startOperationScope } from './operation-scope.js';
import { OtelTelemetryError } from './otel-telemetry-error.js';
import type { MonotonicClock, OtelTelemetry, OtelTelemetryAttributes } from './port-types.js';
import { createRetryObserver } from './retry-observer.js';
import { systemMonotonicClock } from './clock/system-clock.js';
import { createTokenObserver } from './token-observer.js';

/** Operations a token source performs; they nest under the token refresh that runs them. */
const TOKEN_OPERATIONS: ReadonlySet<string> = new Set([
  'snowpipe.exchange_token',
  'snowpipe.discover_host',
]);

/** Options for {@link createOtelTelemetry}. */
export interface OtelTelemetryOptions {
  /**
   * Where spans go. @default the global provider (`trace.getTracerProvider()`), which delegates
   * to whatever SDK is registered later.
   */
  tracerProvider?: TracerProvider;
  /**
   * Where metrics go. @default the global provider, resolved at the first recording (and again
   * whenever the global provider changes), never at construction.
   */
  meterProvider?: MeterProvider;
  /**
   * Instrumentation scope name of the tracer and meter. The service name is not set here: it is
   * the `service.name` resource attribute of your SDK setup. @default '@snowpipe/streaming-client'
   */
  scopeName?: string;
  /** Instrumentation scope version. @default undefined (none) */
  scopeVersion?: string;
  /** Monotonic clock timing HTTP attempts. @default `performance.now()` */
  clock?: MonotonicClock;
  /**
   * Who records the CLIENT span and `http.client.request.duration` of each HTTP attempt.
   * `'auto'` records them unless `@opentelemetry/instrumentation-undici` (or anything else
   * subscribed to undici's request channel) is active, which records its own for the same
   * request; `'always'` records ours regardless (two CLIENT spans per attempt beside the
   * instrumentation); `'never'` records none (operation spans and the other metrics stay).
   * @default 'auto'
   */
  httpSpans?: HttpSpansMode;
}

/** Defaults of {@link OtelTelemetryOptions}. */
export const DEFAULT_OTEL_TELEMETRY_OPTIONS = Object.freeze({
  /** Instrumentation scope of the tracer and meter. */
  scopeName: '@snowpipe/streaming-client',
  /** Monotonic clock timing HTTP attempts (`performance.now()`). */
  clock: systemMonotonicClock,
  /** Who records per-attempt CLIENT spans: ours unless undici is instrumented already. */
  httpSpans: 'auto',
});

/**
 * Creates an OpenTelemetry implementation of the streaming client's `Telemetry` port: one
 * INTERNAL span per SDK operation, one CLIENT span per HTTP attempt (stable HTTP semconv),
 * token-refresh spans and retry events, and the `http.client.request.duration` and `snowpipe.*`
 * metrics. Its `retryObserver` and `tokenObserver` also plug into a standalone retry coordinator
 * or token guard.
 * @example
 * const telemetry = createOtelTelemetry();
 * const client = await createClient({ clientName, dbName, schemaName, pipeName, telemetry });
 * const retry = createRetryCoordinator({ observer: telemetry.retryObserver });
 */
export function createOtelTelemetry(options: OtelTelemetryOptions = {}): OtelTelemetry {
  const scopeName = options.scopeName ?? DEFAULT_OTEL_TELEMETRY_OPTIONS.scopeName;
  const clock = options.clock ?? DEFAULT_OTEL_TELEMETRY_OPTIONS.clock;
  validate(options, scopeName, clock);
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
    scopeName,
    options.scopeVersion,
  );
  const instruments = createLazyInstruments(options.meterProvider, scopeName, options.scopeVersion);
  const httpSpans = options.httpSpans ?? DEFAULT_OTEL_TELEMETRY_OPTIONS.httpSpans;
  const deps: HttpAttemptDeps = { tracer, instruments, clock, httpSpans };
  const tokens = createTokenObserver(tracer, instruments);
  return Object.freeze({
    startOperation: (name: string, attributes: OtelTelemetryAttributes) =>
      startOperationScope(deps, name, attributes, (active) =>
        // A guard cannot run its work inside the refresh span, so the operations a token source
        // performs are attached to the open refresh they belong to.
        TOKEN_OPERATIONS.has(name) ? tokens.refreshContext(active) : undefined,
      ),
    metrics: createClientMetrics(instruments),
    retryObserver: createRetryObserver(instruments),
    tokenObserver: tokens.observer,
  });
}

function validate(options: OtelTelemetryOptions, scopeName: unknown, clock: unknown): void {
  const has = (value: unknown, method: string): boolean =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>)[method] === 'function';
  if (options.tracerProvider !== undefined && !has(options.tracerProvider, 'getTracer')) {
    throw invalid('tracerProvider', 'must have a getTracer() method');
  }
  if (options.meterProvider !== undefined && !has(options.meterProvider, 'getMeter')) {
    throw invalid('meterProvider', 'must have a getMeter() method');
  }
  if (typeof scopeName !== 'string' || scopeName.trim() === '') {
    throw invalid('scopeName', `must be a non-empty string (got ${typeof scopeName})`);
  }
  if (options.scopeVersion !== undefined && typeof options.scopeVersion !== 'string') {
    throw invalid('scopeVersion', `must be a string (got ${typeof options.scopeVersion})`);
  }
  if (!has(clock, 'monotonicNow')) throw invalid('clock', 'must have a monotonicNow() method');
  if (options.httpSpans !== undefined && !HTTP_SPANS.includes(options.httpSpans)) {
    throw invalid(
      'httpSpans',
      `must be one of ${HTTP_SPANS.join(', ')} (got ${String(options.httpSpans)})`,
    );
  }
}

const HTTP_SPANS: readonly HttpSpansMode[] = ['auto', 'always', 'never'];

const invalid = (option: string, problem: string): OtelTelemetryError =>
  new OtelTelemetryError('INVALID_OPTION', `createOtelTelemetry: option "${option}" ${problem}.`);
