export { createOtelTelemetry, DEFAULT_OTEL_TELEMETRY_OPTIONS } from './create-otel-telemetry.js';
export type { OtelTelemetryOptions } from './create-otel-telemetry.js';
export type { HttpSpansMode } from './http-spans.js';
export { OtelTelemetryError } from './otel-telemetry-error.js';
export type { OtelTelemetryErrorCode } from './otel-telemetry-error.js';
export { ATTR, EVENT, METRIC, SPAN } from './attribute-names.js';
export { COMMIT_LAG_BUCKETS_S, HTTP_DURATION_BUCKETS_S } from './instruments.js';
export { sanitizeUrl } from './sanitize-url.js';
export { systemMonotonicClock } from './clock/system-clock.js';
export type {
  MonotonicClock,
  OtelClientMetrics,
  OtelHttpAttemptInfo,
  OtelHttpAttemptScope,
  OtelOperationScope,
  OtelRetryObserver,
  OtelTelemetry,
  OtelTelemetryAttributes,
  OtelTokenObserver,
} from './port-types.js';
export { createPrometheusMetrics, DEFAULT_PROMETHEUS_OPTIONS } from './prometheus-metrics.js';
export type { PrometheusMetrics, PrometheusMetricsOptions } from './prometheus-metrics.js';
export { telemetryFromEnv } from './telemetry-from-env.js';
export type { EnvTelemetry, TelemetryFromEnvOptions } from './telemetry-from-env.js';
