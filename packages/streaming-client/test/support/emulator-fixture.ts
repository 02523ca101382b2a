import { generateKeyPairSync } from 'node:crypto';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator, EmulatorOptions } from '@snowpipe/emulator';
import { createClient } from '../../src/index.js';
import type { ClientOptions, StreamingIngestClient } from '../../src/index.js';

// One RSA key for the whole test file (generation costs ~100 ms).
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PRIVATE_KEY_PEM = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const PUBLIC_KEY_PEM = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** An emulator plus a client pointed at it. */
export interface Fixture {
  emulator: Emulator;
  client: StreamingIngestClient;
  logs: string[];
  /** Stops the client (ignoring close errors) and the emulator. */
  stop(): Promise<void>;
}

/** Client options pointing at `emulator` with tiny real-time intervals (overridable). */
export function clientOptions(
  emulator: Emulator,
  logs: string[],
  overrides: Partial<ClientOptions> = {},
): ClientOptions {
  return {
    clientName: 'it-client',
    dbName: 'DB',
    schemaName: 'SC',
    pipeName: 'P',
    properties: {
      url: emulator.url,
      account: 'ACME',
      user: 'TESTER',
      private_key: PRIVATE_KEY_PEM,
    },
    retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 4 },
    // Fake-clock tests jump minutes ahead while a poll may be in flight: keep attempt timeouts
    // out of the way unless a test is about them.
    requestTimeoutMs: 3_600_000,
    maxClientLagMs: 5,
    commitPollIntervalMs: 5,
    commitPollMaxIntervalMs: 20,
    logger: {
      info: (m) => void logs.push(`info ${m}`),
      warn: (m) => void logs.push(`warn ${m}`),
      error: (m) => void logs.push(`error ${m}`),
    },
    ...overrides,
  };
}

/** Starts an emulator (commit delay 0, ledger keyed by `id`) and a client against it. */
export async function startFixture(
  options: { emulator?: EmulatorOptions; client?: Partial<ClientOptions> } = {},
): Promise<Fixture> {
  const emulator = await startEmulator({
    publicKeys: [PUBLIC_KEY_PEM],
    rowKeyField: 'id',
    commitDelayMs: 0,
    logger: { info: () => undefined, warn: () => undefined },
    ...options.emulator,
  });
  const logs: string[] = [];
  let client: StreamingIngestClient;
  try {
    client = await createClient(clientOptions(emulator, logs, options.client));
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return {
    emulator,
    client,
    logs,
    async stop() {
      await client.close({ waitForCommit: false, timeoutMs: 1000 }).catch(() => undefined);
      await emulator.stop();
    },
  };
}

/** Rows `{ id, v }` with ids `prefix-from … prefix-(from+n-1)`. */
export function idRows(prefix: string, from: number, n: number): Array<{ id: string; v: number }> {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${from + i}`, v: from + i }));
}
