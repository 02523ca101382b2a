import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface OtlpTraces {
  resourceSpans?: { scopeSpans?: { spans?: { name: string }[] }[] }[];
}
interface OtlpMetrics {
  resourceMetrics?: { scopeMetrics?: { metrics?: { name: string }[] }[] }[];
}

/**
 * A stand-in OTLP/HTTP (JSON) receiver on loopback, used when no collector is configured. It
 * counts the spans and metric series it receives.
 */
export async function startLocalReceiver(): Promise<{
  url: string;
  summary(): { spans: number; spanNames: string[]; metricPoints: number; metricNames: string[] };
  stop(): Promise<void>;
}> {
  const spanNames = new Map<string, number>();
  const metricNames = new Set<string>();
  let metricPoints = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (req.url === '/v1/traces') {
          for (const rs of (body as OtlpTraces).resourceSpans ?? [])
            for (const ss of rs.scopeSpans ?? [])
              for (const s of ss.spans ?? [])
                spanNames.set(s.name, (spanNames.get(s.name) ?? 0) + 1);
        } else if (req.url === '/v1/metrics') {
          for (const rm of (body as OtlpMetrics).resourceMetrics ?? [])
            for (const sm of rm.scopeMetrics ?? [])
              for (const m of sm.metrics ?? []) {
                metricNames.add(m.name);
                metricPoints++;
              }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    summary: () => ({
      spans: [...spanNames.values()].reduce((a, b) => a + b, 0),
      spanNames: [...spanNames.keys()].sort(),
      metricPoints,
      metricNames: [...metricNames].sort(),
    }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
