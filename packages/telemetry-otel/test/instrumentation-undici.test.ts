// With @opentelemetry/instrumentation-undici active, every request already gets a CLIENT span
// from the instrumentation; in 'auto' mode ours steps aside so each attempt has exactly one.
import { generateKeyPairSync } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { startEmulator } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOtelTelemetry } from '../src/index.js';
import type { HttpSpansMode } from '../src/index.js';
import { useAsyncContext } from './support/client-e2e.js';

useAsyncContext();

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const INSTRUMENTATION = '@opentelemetry/instrumentation-undici';

async function clientSpansPerScope(
  mode: HttpSpansMode | undefined,
  instrumented: boolean,
): Promise<Record<string, number>> {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const instrumentation = new UndiciInstrumentation();
  instrumentation.setTracerProvider(tracerProvider);
  if (!instrumented) instrumentation.disable();
  const emulator = await startEmulator({
    host: '127.0.0.1',
    port: 0,
    commitDelayMs: 0,
    logger: { info: () => undefined, warn: () => undefined },
  });
  emulator.registerPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  try {
    const client = await createClient({
      clientName: 'undici-instrumented',
      dbName: 'DB',
      schemaName: 'SC',
      pipeName: 'P',
      properties: {
        url: emulator.url,
        account: 'ACME',
        user: 'TESTER',
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
      telemetry: createOtelTelemetry({
        tracerProvider,
        ...(mode === undefined ? {} : { httpSpans: mode }),
      }),
      maxClientLagMs: 5,
    });
    const { channel } = await client.openChannel({ name: 'c' });
    await channel.appendRows([{ id: 1 }, { id: 2 }], '1', '2');
    await channel.waitForCommit('2');
    await client.close();
  } finally {
    if (instrumented) instrumentation.disable();
    await emulator.stop();
  }
  const counts: Record<string, number> = {};
  for (const span of exporter.getFinishedSpans()) {
    if (span.kind !== SpanKind.CLIENT) continue;
    const url = String(span.attributes['url.full'] ?? '');
    if (!url.includes('/rows')) continue;
    const scope = span.instrumentationScope.name;
    counts[scope] = (counts[scope] ?? 0) + 1;
  }
  return counts;
}

describe('beside @opentelemetry/instrumentation-undici', () => {
  let auto: Record<string, number>;
  beforeAll(async () => {
    auto = await clientSpansPerScope(undefined, true);
  });

  it("'auto' (the default) leaves the CLIENT span of each append to the instrumentation", () => {
    expect(auto[INSTRUMENTATION]).toBeGreaterThan(0);
    expect(Object.keys(auto)).toEqual([INSTRUMENTATION]);
  });

  it("'always' records ours too: two CLIENT spans per attempt", async () => {
    const both = await clientSpansPerScope('always', true);
    expect(both[INSTRUMENTATION]).toBeGreaterThan(0);
    expect(both['@snowpipe/streaming-client']).toBe(both[INSTRUMENTATION]);
  });

  it("'auto' without the instrumentation records ours", async () => {
    const ours = await clientSpansPerScope('auto', false);
    expect(Object.keys(ours)).toEqual(['@snowpipe/streaming-client']);
  });

  it("'never' records none of ours", async () => {
    expect(await clientSpansPerScope('never', false)).toEqual({});
  });
});
