import { startEmulator } from '@snowpipe/emulator';
import type { Emulator, EmulatorOptions } from '@snowpipe/emulator';
import { createClient } from '@snowpipe/streaming-client';
import type { ClientOptions, StreamingIngestClient } from '@snowpipe/streaming-client';
import { createTestKeyPair } from './test-key-pair.js';
import type { TestKeyPair } from './test-key-pair.js';

/** An emulator with a registered key pair, and a factory of clients pointed at it. */
export interface EmulatorBench {
  emulator: Emulator;
  keys: TestKeyPair;
  /** A client on pipe `BENCH_PIPE` with tiny retry delays and commit polls; `overrides` win. */
  client(overrides?: Partial<ClientOptions>): Promise<StreamingIngestClient>;
  stop(): Promise<void>;
}

/** Fast, loopback-friendly client settings: tiny backoff, 5 ms commit polls, 5 ms client lag. */
export const FAST_CLIENT_SETTINGS = Object.freeze({
  retry: {
    maxAttempts: 6,
    initialDelayMs: 1,
    maxDelayMs: 20,
    maxRetryAfterMs: 20,
    maxElapsedMs: 20_000,
  },
  maxClientLagMs: 5,
  commitPollIntervalMs: 5,
  commitPollMaxIntervalMs: 50,
} satisfies Partial<ClientOptions>);

/** Starts a quiet emulator (warnings dropped) that knows a fresh key pair. */
export async function startEmulatorBench(options: EmulatorOptions = {}): Promise<EmulatorBench> {
  const keys = createTestKeyPair();
  const emulator = await startEmulator({
    logger: { info: () => undefined, warn: () => undefined },
    ...options,
    publicKeys: [keys.publicKeyPem, ...(options.publicKeys ?? [])],
  });
  const clients: StreamingIngestClient[] = [];
  return {
    emulator,
    keys,
    async client(overrides = {}) {
      const client = await createClient({
        clientName: 'bench',
        dbName: 'BENCH_DB',
        schemaName: 'PUBLIC',
        pipeName: 'BENCH_PIPE',
        ...FAST_CLIENT_SETTINGS,
        ...overrides,
        properties: {
          url: emulator.url,
          account: 'BENCH',
          user: 'TESTER',
          private_key: keys.privateKeyPem,
          ...overrides.properties,
        },
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients)
        if (!c.isClosed())
          await c.close({ waitForCommit: false, timeoutMs: 10 }).catch(() => undefined);
      await emulator.stop();
    },
  };
}
