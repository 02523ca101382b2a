import type { KeyObject } from 'node:crypto';
import type { FidelityOptions } from './modes/fidelity-options.js';
import type { RequestRecorder } from './modes/request-recorder.js';
import type { EmulatorTlsOptions } from './modes/tls-options.js';
import type { TableDefinition } from './schema/table-schema.js';

/** The clock port the emulator needs: inject a manual clock to make time-driven tests deterministic. */
export interface EmulatorClock {
  /** Wall clock, epoch ms. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Where the emulator writes its few log lines. */
export interface EmulatorLogger {
  /** Lifecycle and refusal lines (listening address, rejected token exchanges). */
  info(msg: string): void;
  /** Problems worth a look (server errors, `acceptAnyKey` in use). */
  warn(msg: string): void;
}

/** How `GET /v2/streaming/hostname` answers. */
export type HostnameMode = 'plain' | 'json' | 'underscore' | 'bare';

/** Whether ingest endpoints share the control server or get their own. */
export type IngestServerMode = 'shared' | 'separate';

/** How append bodies are checked: `full` validates every line as `JSON.parse` would, `fast` counts lines and checks their ends. */
export type ValidationMode = 'fast' | 'full';

/** A pipe known before any channel is opened on it. */
export interface PipeDefinition {
  /** Database name (unquoted names resolve upper-case, like the service). */
  database: string;
  /** Schema name. */
  schema: string;
  /** Pipe name. */
  pipe: string;
}

/** Options for {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks any free port. @default 0 */
  port?: number;
  /** Public keys (PEM SPKI, PEM private key, or `KeyObject`) registered by fingerprint. @default [] */
  publicKeys?: Array<string | KeyObject>;
  /** Development only: accept any well-formed RS256 key-pair JWT without checking its signature (logs a loud warning). @default false */
  acceptAnyKey?: boolean;
  /** Delay between accepting an append and committing it; 0 commits synchronously on acceptance. @default 0 */
  commitDelayMs?: number;
  /**
   * Lifetime of scoped tokens issued by `POST /oauth/token`, in seconds; at least 60 (clients
   * refuse shorter tokens; use `faults.revokeScopedTokens()` to test frequent expiry). @default 3600
   */
  scopedTokenTtlS?: number;
  /**
   * `plain`: `127.0.0.1:<port>` text; `json`: `{"hostname":…}`; `underscore`:
   * `Snowpipe_Emulator-Ingest` (clients must normalise it); `bare`: the host without a port, as
   * the real service answers (the official SDK then dials the account URL's port; needs
   * `ingestServer: 'shared'`). @default 'plain'
   */
  hostnameMode?: HostnameMode;
  /** Answer 391902 when `Accept` is missing or not JSON, like the real service. @default false */
  requireAccept?: boolean;
  /**
   * `shared`: one server answers control-plane and ingest endpoints (the real service appears to
   * as well). `separate`: a second server on its own port serves the channel and rows endpoints,
   * the first only hostname, token and admin, and the hostname reports the second — proving that
   * a client sends data-plane calls to the ingest host. @default 'shared'
   */
  ingestServer?: IngestServerMode;
  /** Create a pipe the first time a channel is opened on it. `<TABLE>-STREAMING` always resolves. @default true */
  autoCreatePipes?: boolean;
  /** Pipes that exist from the start. @default [] */
  pipes?: PipeDefinition[];
  /** Row field whose value identifies a row, so the ledger counts distinct and duplicate committed keys. @default undefined */
  rowKeyField?: string;
  /** Keep committed rows in the ledger: `true` keeps up to 10,000 per channel, a number sets the cap. @default false */
  retainRows?: boolean | number;
  /** Append body validation. @default 'full' */
  validation?: ValidationMode;
  /**
   * Tables with their columns and types: rows appended through a table's pipes are converted as
   * Snowflake converts them, the converted values are what the ledger keeps, and rows that
   * cannot be converted are counted in `rows_error_count` (with `last_error_message` and
   * `last_error_offset_upper_bound`) instead of committed. Pipes of tables not listed take any
   * JSON object. See the README's "Schema-aware tables". @default []
   */
  tables?: TableDefinition[];
  /** Maximum append body on the wire (after compression), in bytes; larger bodies get 413. @default 4194304 */
  maxRequestBytes?: number;
  /** Maximum append body after decompression, in bytes (guards against compression bombs). @default 67108864 */
  maxDecompressedBytes?: number;
  /** Allowed clock skew when checking key-pair JWT `iat`/`exp`, in seconds. @default 60 */
  clockSkewS?: number;
  /** Require the token-exchange `scope` to equal the normalised ingest host. @default true */
  checkScope?: boolean;
  /** Also emit `rows_errors` (the name in one documentation example) beside `rows_error_count`. @default false */
  rowsErrorsAlias?: boolean;
  /** Clock for commit delays, stalls and token times. @default systemClock */
  clock?: EmulatorClock;
  /** Seed for fault-injection probabilities. @default 1 */
  seed?: number;
  /** Log sink. @default warnings to stderr, info dropped */
  logger?: EmulatorLogger;
  /** Serve HTTPS with this certificate (the official SDK refuses `http://`). @default undefined (plain HTTP) */
  tls?: EmulatorTlsOptions;
  /** Called with every answered request, secrets redacted (wire-traffic comparisons). @default undefined */
  recorder?: RequestRecorder;
  /** Reported real-service behaviours to switch on (docs/wire-protocol.md). @default {} (all off) */
  fidelity?: FidelityOptions;
}

/** Defaults for {@link EmulatorOptions} (clock and logger defaults live in `startEmulator`). */
export const DEFAULT_EMULATOR_OPTIONS = Object.freeze({
  /** Listens on loopback only. */
  host: '127.0.0.1',
  /** Any free port. */
  port: 0,
  /** JWT signatures are checked against registered keys. */
  acceptAnyKey: false,
  /** Appends commit as soon as they are accepted, in ms. */
  commitDelayMs: 0,
  /** Scoped token lifetime, in seconds (one hour). */
  scopedTokenTtlS: 3600,
  /** The hostname endpoint answers with bare `host:port` text. */
  hostnameMode: 'plain',
  /** One server answers control-plane and ingest endpoints. */
  ingestServer: 'shared',
  /** A missing `Accept` header is tolerated. */
  requireAccept: false,
  /** Pipes are created the first time a channel opens on them. */
  autoCreatePipes: true,
  /** Committed rows are counted, not kept. */
  retainRows: false,
  /** Append bodies are fully validated. */
  validation: 'full',
  /** Largest append body on the wire, in bytes (4 MiB). */
  maxRequestBytes: 4 * 1024 * 1024,
  /** Largest append body after decompression, in bytes (64 MiB). */
  maxDecompressedBytes: 64 * 1024 * 1024,
  /** Allowed JWT clock skew, in seconds. */
  clockSkewS: 60,
  /** The token-exchange `scope` must name the ingest host. */
  checkScope: true,
  /** Only `rows_error_count` is emitted. */
  rowsErrorsAlias: false,
  /** Seed of fault-injection probabilities. */
  seed: 1,
  /** Rows kept per channel when `retainRows` is `true`. */
  retainedRowsCap: 10_000,
});
