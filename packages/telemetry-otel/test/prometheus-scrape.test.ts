// The Prometheus endpoint scraped over loopback while the real client writes to the emulator.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusMetrics, OtelTelemetryError, telemetryFromEnv } from '../src/index.js';
import type { PrometheusMetrics } from '../src/index.js';
import { idRows, startE2E, useAsyncContext } from './support/client-e2e.js';
import type { E2E } from './support/client-e2e.js';

useAsyncContext();

let e2e: E2E | undefined;
let metrics: PrometheusMetrics | undefined;
afterEach(async () => {
  await e2e?.stop();
  await metrics?.close();
  e2e = undefined;
  metrics = undefined;
});

/** The value of the sample whose line starts with `series` (name plus labels prefix). */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('createPrometheusMetrics', () => {
  it('serves the client metrics with Prometheus names and units', async () => {
    const m = (metrics = await createPrometheusMetrics({ port: 0 }));
    expect(m.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const e = (e2e = await startE2E({ client: { telemetry: m.telemetry } }));
    const { channel } = await e.client.openChannel({ name: 'ch' });
    await channel.appendRows(idRows('p', 0, 7), '0', '6');
    channel.initiateFlush();
    await channel.waitForCommit('6');

    const res = await fetch(m.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('# TYPE snowpipe_rows_appended_total counter');
    expect(sample(text, 'snowpipe_rows_appended_total')).toBe(7);
    expect(sample(text, 'snowpipe_append_size_bytes_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE http_client_request_duration_seconds histogram');
    expect(sample(text, 'http_client_request_duration_seconds_count')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE snowpipe_commit_lag_seconds histogram');
    expect(sample(text, 'snowpipe_commit_lag_seconds_count')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE snowpipe_buffer_usage_bytes gauge');
    expect(text).not.toMatch(/^snowpipe_commit_lag_bucket/m); // no unsuffixed duplicate

    expect((await fetch(new URL('/other', m.url))).status).toBe(404);
  });

  it('names the address when it cannot listen, and rejects a bad port', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const error: unknown = await createPrometheusMetrics({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OtelTelemetryError);
      expect((error as OtelTelemetryError).code).toBe('METRICS_SERVER_FAILED');
      expect((error as Error).message).toBe(
        `cannot serve Prometheus metrics on 127.0.0.1:${String(port)} (EADDRINUSE)`,
      );
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    await expect(createPrometheusMetrics({ port: 70000 })).rejects.toThrow(
      'port: must be an integer',
    );
  });
});

describe('telemetryFromEnv', () => {
  it('starts no endpoint unless SS_ENABLE_METRICS is true', async () => {
    const off = await telemetryFromEnv({ env: { SS_METRICS_PORT: '0' } });
    expect(off.metricsUrl).toBeUndefined();
    await off.close();
  });

  it('serves on SS_METRICS_IP:SS_METRICS_PORT when enabled', async () => {
    const on = await telemetryFromEnv({
      env: { SS_ENABLE_METRICS: 'TRUE', SS_METRICS_IP: '127.0.0.1', SS_METRICS_PORT: '0' },
    });
    try {
      expect(on.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      on.telemetry.metrics.rowsAppended?.(3, 30, {});
      const text = await (await fetch(on.metricsUrl ?? '')).text();
      expect(sample(text, 'snowpipe_rows_appended_total')).toBe(3);
    } finally {
      await on.close();
    }
  });

  it('rejects malformed variables, naming them', async () => {
    await expect(telemetryFromEnv({ env: { SS_ENABLE_METRICS: 'maybe' } })).rejects.toThrow(
      'SS_ENABLE_METRICS: must be true or false (got "maybe")',
    );
    await expect(
      telemetryFromEnv({ env: { SS_ENABLE_METRICS: 'true', SS_METRICS_PORT: 'http' } }),
    ).rejects.toThrow('SS_METRICS_PORT: must be a port number 0-65535 (got "http")');
  });
});
