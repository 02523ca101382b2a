// "Into existing collectors": spans leave over OTLP/HTTP (JSON) to a local receiver.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createOtelTelemetry } from '../src/index.js';
import './otel-harness.js'; // registers the async-context manager

interface OtlpSpan {
  name: string;
  kind: number;
  parentSpanId?: string;
  spanId: string;
  attributes: Array<{ key: string; value: Record<string, unknown> }>;
}

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function startReceiver(): Promise<{
  url: string;
  bodies: Array<{ path: string; type: string; body: unknown }>;
}> {
  const bodies: Array<{ path: string; type: string; body: unknown }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      bodies.push({
        path: req.url ?? '',
        type: req.headers['content-type'] ?? '',
        body: JSON.parse(raw.toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies };
}

describe('OTLP/HTTP export', () => {
  it('delivers the operation and HTTP attempt spans to a collector endpoint as JSON', async () => {
    const receiver = await startReceiver();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: receiver.url }))],
    });
    const telemetry = createOtelTelemetry({ tracerProvider: provider });
    const op = telemetry.startOperation('snowpipe.append_batch', {
      'snowpipe.channel': 'c1',
      'snowpipe.rows': 2,
    });
    await op.run(async () => {
      op.httpAttempt({
        method: 'POST',
        url: 'https://h.example/rows?requestId=1&token=NOPE',
        serverAddress: 'h.example',
        serverPort: 443,
        resendCount: 0,
      }).end({ status: 200 });
    });
    op.end();
    await provider.forceFlush();
    await provider.shutdown();

    expect(receiver.bodies.length).toBeGreaterThan(0);
    expect(receiver.bodies[0]!.path).toBe('/v1/traces');
    expect(receiver.bodies[0]!.type).toContain('application/json');
    const spans: OtlpSpan[] = receiver.bodies.flatMap(({ body }) =>
      (
        body as {
          resourceSpans: Array<{
            scopeSpans: Array<{ scope: { name: string }; spans: OtlpSpan[] }>;
          }>;
        }
      ).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)),
    );
    const op2 = spans.find((s) => s.name === 'snowpipe.append_batch');
    const post = spans.find((s) => s.name === 'POST');
    expect(op2).toBeDefined();
    expect(post?.kind).toBe(3); // OTLP SPAN_KIND_CLIENT
    expect(post?.parentSpanId).toBe(op2?.spanId);
    const attr = (s: OtlpSpan | undefined, key: string): unknown =>
      s?.attributes.find((a) => a.key === key)?.value;
    expect(attr(op2, 'snowpipe.channel')).toEqual({ stringValue: 'c1' });
    expect(attr(post, 'url.full')).toEqual({
      stringValue: 'https://h.example/rows?requestId=1&token=REDACTED',
    });
    expect(JSON.stringify(receiver.bodies)).not.toContain('NOPE');
  });
});
