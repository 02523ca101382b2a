import { setMaxListeners } from 'node:events';
import type { KeyObject } from 'node:crypto';
import { createAuthService } from './auth/auth-service.js';
import { createKeyRegistry } from './auth/key-registry.js';
import { createCredentials } from './credentials.js';
import type { CredentialsOptions, EmulatorCredentials } from './credentials.js';
import { createFaultEngine } from './faults/fault-injector.js';
import type { FaultInjector } from './faults/fault-types.js';
import type { HandlerContext } from './handlers/context.js';
import { listen } from './http/listen.js';
import type { Listening } from './http/listen.js';
import { createRequestListener } from './http/request-pipeline.js';
import { createLedgerStore } from './ledger/ledger.js';
import type { Ledger } from './ledger/ledger.js';
import { resolveOptions } from './resolve-options.js';
import type { EmulatorLogger, EmulatorOptions } from './options.js';
import { createChannelStore } from './state/channel-store.js';
import { createFidelityModes } from './modes/fidelity-modes.js';
import { systemClock } from './clock/system-clock.js';

/** A running emulator. Control-plane and ingest endpoints are served on the same `url`. */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`. */
  readonly url: string;
  /** The interface it listens on, e.g. `127.0.0.1`. */
  readonly host: string;
  /** The port it listens on (the one picked when `port` was 0). */
  readonly port: number;
  /** What `GET /v2/streaming/hostname` reports (plain mode: `127.0.0.1:<port>`). */
  readonly ingestHost: string;
  /** Where the ingest endpoints are served: `url`, or the second server with `ingestServer: 'separate'`. */
  readonly ingestUrl: string;
  /** Registers an RSA public key (PEM or `KeyObject`); returns its `SHA256:<fp>` fingerprint. */
  registerPublicKey(key: string | KeyObject): string;
  /**
   * Generates a key pair, registers its public key, and returns client properties (and the
   * matching `SNOWFLAKE_*` variables) pointing at this emulator: the shortest way to connect a
   * client in a test.
   * @example
   * const { properties } = emulator.createCredentials();
   * const client = await createClient({ clientName: 't', dbName: 'DB', schemaName: 'S', tableName: 'T', properties });
   */
  createCredentials(options?: CredentialsOptions): EmulatorCredentials;
  /** What the emulator received and committed, for assertions. */
  readonly ledger: Ledger;
  /** Injects failures into the next matching requests. */
  readonly faults: FaultInjector;
  /**
   * Loses every channel's state, as a service restart without persistence would: channels, their
   * committed offset tokens, sequencers and uncommitted rows are gone (an append gets
   * `ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED`, a reopen creates the channel afresh with a
   * null committed token and a new `created_on_ms`). The ledger, which stands for the table's
   * rows, stays: duplicates written after the loss still show.
   */
  forgetChannels(): void;
  /** Closes the server and every connection, and cancels pending commits and stalls. */
  stop(): Promise<void>;
  /** `await using` support: the same as `stop()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Host reported in `underscore` mode: clients must turn it into `snowpipe-emulator-ingest`. */
export const UNDERSCORE_INGEST_HOST = 'Snowpipe_Emulator-Ingest';

const defaultLogger: EmulatorLogger = {
  info: () => undefined,
  warn: (msg) => process.stderr.write(`[snowpipe-emulator] ${msg}\n`),
};

/**
 * Starts a local Snowpipe Streaming service on `node:http`.
 * @example
 * const emulator = await startEmulator({ publicKeys: [publicKeyPem], rowKeyField: 'id' });
 * // point a client at emulator.url (account URL), then:
 * expect(emulator.ledger.totals().duplicateKeys).toBe(0);
 * await emulator.stop();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const opts = resolveOptions(options);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? defaultLogger;
  const keys = createKeyRegistry();
  for (const k of options.publicKeys ?? []) keys.register(k);
  if (opts.acceptAnyKey) {
    logger.warn(
      'WARNING: acceptAnyKey is ON: key-pair JWT signatures are NOT checked. Development use only.',
    );
  }
  const auth = createAuthService({
    keys,
    clock,
    acceptAnyKey: opts.acceptAnyKey,
    clockSkewS: opts.clockSkewS,
    scopedTokenTtlS: opts.scopedTokenTtlS,
    logger,
  });
  const ledger = createLedgerStore({ keyField: opts.rowKeyField, retainCap: opts.retainRowsCap });
  const faults = createFaultEngine({
    seed: opts.seed,
    onRevoke: () => auth.revokeScopedTokens(),
    onRelease: () => store.commitAllDue(),
  });
  const store = createChannelStore({
    clock,
    ledger,
    autoCreatePipes: opts.autoCreatePipes,
    pipes: opts.pipes,
    commitDelayMs: opts.commitDelayMs,
    policy: faults.commitPolicy,
  });
  const stopper = new AbortController();
  // Every pending commit, stall and timer listens on this one signal: no listener limit.
  setMaxListeners(0, stopper.signal);
  const separate = opts.ingestServer === 'separate';
  let port = 0;
  let ingestPort = 0;
  const displayHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const reachableHost = displayHost === '0.0.0.0' ? '127.0.0.1' : displayHost;
  const ingestHost = (): string =>
    opts.hostnameMode === 'underscore'
      ? UNDERSCORE_INGEST_HOST
      : opts.hostnameMode === 'bare'
        ? reachableHost
        : `${reachableHost}:${ingestPort}`;
  const scheme = opts.tls ? 'https' : 'http';
  const url = (): string => `${scheme}://${displayHost}:${port}`;
  const ctx: HandlerContext = {
    options: opts,
    clock,
    auth,
    keys,
    store,
    ledger,
    faults,
    logger,
    fidelity: createFidelityModes(opts.fidelity, clock),
    ingestHost,
    url,
  };
  const onError = (error: Error): void => logger.warn(`server error: ${error.message}`);
  const control = await listen(
    opts.host,
    opts.port,
    createRequestListener(ctx, stopper.signal, separate ? 'control' : 'all'),
    onError,
    opts.tls,
  );
  port = control.port;
  ingestPort = port;
  let ingest: Listening | undefined;
  if (separate) {
    try {
      ingest = await listen(
        opts.host,
        0,
        createRequestListener(ctx, stopper.signal, 'ingest'),
        onError,
        opts.tls,
      );
    } catch (error) {
      await control.close();
      throw error;
    }
    ingestPort = ingest.port;
  }
  logger.info(`Snowpipe Streaming emulator listening on ${url()}`);
  if (ingest)
    logger.info(`Ingest host (separate server): ${scheme}://${reachableHost}:${ingestPort}`);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      stopper.abort(new Error('emulator stopped'));
      store.stop();
      await Promise.all([control.close(), ingest?.close()]);
    })();
    return stopped;
  };
  return {
    url: url(),
    ingestUrl: `${scheme}://${reachableHost}:${ingestPort}`,
    host: opts.host,
    port,
    ingestHost: ingestHost(),
    registerPublicKey: (key) => keys.register(key),
    createCredentials: (credentialOptions) =>
      createCredentials(url(), (pem) => keys.register(pem), credentialOptions),
    ledger: ledger.ledger,
    faults,
    forgetChannels: () => store.forgetChannels(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
