import type { TracerProvider } from '@opentelemetry/api';
import { createOtelTelemetry } from './create-otel-telemetry.js';
import { OtelTelemetryError } from './otel-telemetry-error.js';
import type { OtelTelemetry } from './port-types.js';
import { createPrometheusMetrics, DEFAULT_PROMETHEUS_OPTIONS } from './prometheus-metrics.js';

/** Options of {@link telemetryFromEnv}. */
export interface TelemetryFromEnvOptions {
  /**
   * Environment holding `SS_ENABLE_METRICS`, `SS_METRICS_IP` and `SS_METRICS_PORT`.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Where spans go.
   * @default the global tracer provider
   */
  tracerProvider?: TracerProvider;
}

/** What {@link telemetryFromEnv} returns. */
export interface EnvTelemetry {
  /** Pass as `createClient({ telemetry })`. */
  readonly telemetry: OtelTelemetry;
  /** The scrape URL when `SS_ENABLE_METRICS` is on, else `undefined`. */
  readonly metricsUrl: string | undefined;
  /** Stops the Prometheus endpoint, if one was started. Idempotent. */
  close(): Promise<void>;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

/**
 * Telemetry configured like the official SDK: when `SS_ENABLE_METRICS` is true, a Prometheus
 * endpoint on `SS_METRICS_IP`:`SS_METRICS_PORT` (default `127.0.0.1:50000`) at `/metrics`;
 * otherwise {@link createOtelTelemetry} on the global providers. This lives here, not in the
 * streaming client, so the client stays free of OpenTelemetry.
 * @throws OtelTelemetryError `INVALID_OPTION` naming the variable when a value is malformed.
 * @example
 * const { telemetry, close } = await telemetryFromEnv();
 * const client = await createClient({ ...options, telemetry });
 * // on shutdown: await client.close(); await close();
 */
export async function telemetryFromEnv(
  options: TelemetryFromEnvOptions = {},
): Promise<EnvTelemetry> {
  const env = options.env ?? process.env;
  const tracer =
    options.tracerProvider !== undefined ? { tracerProvider: options.tracerProvider } : {};
  const enabled = (env.SS_ENABLE_METRICS ?? '').trim().toLowerCase();
  if (!TRUE.has(enabled) && !FALSE.has(enabled)) {
    throw new OtelTelemetryError(
      'INVALID_OPTION',
      `SS_ENABLE_METRICS: must be true or false (got ${JSON.stringify(env.SS_ENABLE_METRICS)})`,
    );
  }
  if (!TRUE.has(enabled)) {
    return {
      telemetry: createOtelTelemetry(tracer),
      metricsUrl: undefined,
      close: () => Promise.resolve(),
    };
  }
  const host = env.SS_METRICS_IP?.trim() || DEFAULT_PROMETHEUS_OPTIONS.host;
  const rawPort = env.SS_METRICS_PORT?.trim() ?? '';
  const port = rawPort === '' ? DEFAULT_PROMETHEUS_OPTIONS.port : Number(rawPort);
  if (!/^\d+$/.test(rawPort === '' ? '0' : rawPort) || port > 65535) {
    throw new OtelTelemetryError(
      'INVALID_OPTION',
      `SS_METRICS_PORT: must be a port number 0-65535 (got ${JSON.stringify(env.SS_METRICS_PORT)})`,
    );
  }
  const metrics = await createPrometheusMetrics({ host, port, ...tracer });
  return { telemetry: metrics.telemetry, metricsUrl: metrics.url, close: () => metrics.close() };
}
