import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MeterProvider as ApiMeterProvider, TracerProvider } from '@opentelemetry/api';
import { METRIC } from './attribute-names.js';
import { createOtelTelemetry } from './create-otel-telemetry.js';
import { OtelTelemetryError } from './otel-telemetry-error.js';
import type { OtelTelemetry } from './port-types.js';

/** Options of {@link createPrometheusMetrics}. */
export interface PrometheusMetricsOptions {
  /**
   * Address the endpoint listens on; keep it on loopback unless a scraper must reach it.
   * @default '127.0.0.1' (the official SDK's `SS_METRICS_IP` default)
   */
  host?: string;
  /**
   * Port the endpoint listens on; `0` picks a free one (read it from `url`).
   * @default 50000 (the official SDK's `SS_METRICS_PORT` default)
   */
  port?: number;
  /**
   * Path that serves the metrics; other paths answer 404.
   * @default '/metrics'
   */
  path?: string;
  /**
   * Where spans go (metrics go to the Prometheus endpoint).
   * @default the global tracer provider
   */
  tracerProvider?: TracerProvider;
}

/** A running Prometheus endpoint and the telemetry that feeds it. */
export interface PrometheusMetrics {
  /** Pass as `createClient({ telemetry })`. */
  readonly telemetry: OtelTelemetry;
  /** The meter provider behind the endpoint, for your own instruments. */
  readonly meterProvider: ApiMeterProvider;
  /** The scrape URL, e.g. `http://127.0.0.1:50000/metrics`. */
  readonly url: string;
  /** Stops the HTTP server and the meter provider. Idempotent. */
  close(): Promise<void>;
}

/** Unit suffixes of the client's instruments with a base unit (`s`, `By`), as Prometheus names them. */
const UNIT_SUFFIXES: Readonly<Record<string, string>> = {
  [METRIC.httpDuration]: 'seconds',
  [METRIC.commitLag]: 'seconds',
  [METRIC.bytesAppended]: 'bytes',
  [METRIC.bufferedBytes]: 'bytes',
};

/** Defaults of {@link PrometheusMetricsOptions}. */
export const DEFAULT_PROMETHEUS_OPTIONS = Object.freeze({
  /** The official SDK's default `SS_METRICS_IP`. */
  host: '127.0.0.1',
  /** The official SDK's default `SS_METRICS_PORT`. */
  port: 50000,
  /** The scrape path. */
  path: '/metrics',
});

/**
 * Serves the client's metrics in the Prometheus text format, on the OpenTelemetry Prometheus
 * exporter: `snowpipe.rows.appended` (unit `{row}`) is scraped as `snowpipe_rows_appended_total`,
 * `snowpipe.append.size` (`By`) as `snowpipe_append_size_bytes_total`, `snowpipe.commit.lag` (`s`)
 * as `snowpipe_commit_lag_seconds` (views add the unit suffix to the client's instruments only). Needs the optional peers
 * `@opentelemetry/exporter-prometheus` and `@opentelemetry/sdk-metrics`, loaded only here.
 * @throws OtelTelemetryError `INVALID_OPTION` for a bad port or path, `METRICS_SERVER_FAILED`
 * when the address cannot be bound (the message names it).
 * @example
 * const metrics = await createPrometheusMetrics({ port: 9464 });
 * const client = await createClient({ ...options, telemetry: metrics.telemetry });
 */
export async function createPrometheusMetrics(
  options: PrometheusMetricsOptions = {},
): Promise<PrometheusMetrics> {
  const host = options.host ?? DEFAULT_PROMETHEUS_OPTIONS.host;
  const port = options.port ?? DEFAULT_PROMETHEUS_OPTIONS.port;
  const path = options.path ?? DEFAULT_PROMETHEUS_OPTIONS.path;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new OtelTelemetryError(
      'INVALID_OPTION',
      `port: must be an integer 0-65535 (got ${String(port)})`,
    );
  }
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new OtelTelemetryError(
      'INVALID_OPTION',
      `path: must start with "/" (got ${JSON.stringify(path)})`,
    );
  }
  const [{ PrometheusExporter }, { MeterProvider }] = await Promise.all([
    import('@opentelemetry/exporter-prometheus'),
    import('@opentelemetry/sdk-metrics'),
  ]);
  // Our own server (not the exporter's) so that port 0 works and a bind error can be reported.
  const exporter = new PrometheusExporter({ preventServerStart: true });
  // The exporter pins its own sdk-metrics patch version; its reader is structurally compatible.
  const provider = new MeterProvider({
    readers: [exporter],
    // The exporter adds `_total` but no unit suffix; Prometheus names carry the base unit.
    views: Object.entries(UNIT_SUFFIXES).map(([instrumentName, suffix]) => ({
      instrumentName,
      name: `${instrumentName}.${suffix}`,
    })),
  });
  const handle = exporter.getMetricsRequestHandler.bind(exporter);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== path) {
      res.statusCode = 404;
      res.end();
      return;
    }
    handle(req, res);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await provider.shutdown();
    throw new OtelTelemetryError(
      'METRICS_SERVER_FAILED',
      `cannot serve Prometheus metrics on ${host}:${String(port)} (${(error as { code?: string }).code ?? 'listen error'})`,
      { cause: error },
    );
  }
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  let closing: Promise<void> | undefined;
  return {
    telemetry: createOtelTelemetry({
      meterProvider: provider,
      ...(options.tracerProvider !== undefined ? { tracerProvider: options.tracerProvider } : {}),
    }),
    meterProvider: provider,
    url: `http://${shownHost}:${String(bound.port)}${path}`,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
          server.closeAllConnections();
        });
        await provider.shutdown();
      })();
      return closing;
    },
  };
}
