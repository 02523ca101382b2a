import type { KeyObject } from 'node:crypto';
import { EmulatorError } from './errors.js';
import type { FidelityOptions } from './modes/fidelity-options.js';
import type { RequestRecorder } from './modes/request-recorder.js';
import type { EmulatorTlsOptions } from './modes/tls-options.js';
import { compileTables } from './schema/table-schema.js';
import type { CompiledTable, TableDefinition } from './schema/table-schema.js';

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

/** Options after defaults and validation. */
export interface ResolvedOptions {
  host: string;
  port: number;
  acceptAnyKey: boolean;
  commitDelayMs: number;
  scopedTokenTtlS: number;
  hostnameMode: HostnameMode;
  ingestServer: IngestServerMode;
  requireAccept: boolean;
  autoCreatePipes: boolean;
  pipes: PipeDefinition[];
  rowKeyField: string | undefined;
  /** 0 = retention off. */
  retainRowsCap: number;
  validation: ValidationMode;
  /** Compiled `tables` (empty: no schema checks). */
  tables: CompiledTable[];
  maxRequestBytes: number;
  maxDecompressedBytes: number;
  clockSkewS: number;
  checkScope: boolean;
  rowsErrorsAlias: boolean;
  seed: number;
  tls: EmulatorTlsOptions | undefined;
  recorder: RequestRecorder | undefined;
  fidelity: FidelityOptions;
}

function bad(option: string, value: unknown, expected: string): never {
  throw new EmulatorError(
    'INVALID_OPTION',
    `Invalid emulator option ${option}: ${JSON.stringify(value)} (expected ${expected})`,
  );
}

function nonNegative(
  option: string,
  value: number | undefined,
  fallback: number,
  integer = true,
): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (integer && !Number.isInteger(value))
  ) {
    bad(option, value, integer ? 'a non-negative integer' : 'a non-negative number');
  }
  return value;
}

function resolveFidelity(f: FidelityOptions | undefined): FidelityOptions {
  if (f === undefined) return {};
  const n = f.filterEveryNthRow;
  if (n !== undefined && (!Number.isInteger(n) || n < 1))
    bad('fidelity.filterEveryNthRow', n, 'an integer >= 1');
  if (f.pathCase !== undefined && f.pathCase !== 'normalised' && f.pathCase !== 'exact')
    bad('fidelity.pathCase', f.pathCase, "'normalised' | 'exact'");
  const retry = f.openRetry;
  if (retry) {
    nonNegative('fidelity.openRetry.failures', retry.failures, 1);
    nonNegative('fidelity.openRetry.durationMs', retry.durationMs, 0, false);
    if (retry.status !== undefined && retry.status !== 500 && retry.status !== 503)
      bad('fidelity.openRetry.status', retry.status, '500 | 503');
  }
  const sc = f.appendStatusCode;
  if (sc) {
    if (!Number.isInteger(sc.statusCode) || sc.statusCode === 0)
      bad('fidelity.appendStatusCode.statusCode', sc.statusCode, 'a non-zero integer');
    nonNegative('fidelity.appendStatusCode.count', sc.count, 1);
  }
  return f;
}

/** Applies defaults and validates eagerly, naming the option and the bad value. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const d = DEFAULT_EMULATOR_OPTIONS;
  const port = nonNegative('port', options.port, d.port);
  if (port > 65535) bad('port', port, 'a port number 0..65535');
  const hostnameMode = options.hostnameMode ?? d.hostnameMode;
  if (!['plain', 'json', 'underscore', 'bare'].includes(hostnameMode))
    bad('hostnameMode', hostnameMode, "'plain' | 'json' | 'underscore' | 'bare'");
  const ingestServer = options.ingestServer ?? d.ingestServer;
  if (!['shared', 'separate'].includes(ingestServer))
    bad('ingestServer', ingestServer, "'shared' | 'separate'");
  const validation = options.validation ?? d.validation;
  if (!['fast', 'full'].includes(validation)) bad('validation', validation, "'fast' | 'full'");
  const retain = options.retainRows ?? d.retainRows;
  let retainRowsCap = 0;
  if (retain === true) retainRowsCap = d.retainedRowsCap;
  else if (typeof retain === 'number') retainRowsCap = nonNegative('retainRows', retain, 0);
  else if (retain !== false) bad('retainRows', retain, 'a boolean or a non-negative integer');
  if (
    options.rowKeyField !== undefined &&
    (typeof options.rowKeyField !== 'string' || options.rowKeyField === '')
  ) {
    bad('rowKeyField', options.rowKeyField, 'a non-empty string');
  }
  const scopedTokenTtlS = nonNegative(
    'scopedTokenTtlS',
    options.scopedTokenTtlS,
    d.scopedTokenTtlS,
  );
  // Snowflake's scoped tokens last about an hour; token guards (ours and others) refuse tokens
  // that live under 60 s, so a shorter TTL would only test a misconfiguration.
  if (scopedTokenTtlS < 60) bad('scopedTokenTtlS', scopedTokenTtlS, 'at least 60 (seconds)');
  const maxRequestBytes = nonNegative(
    'maxRequestBytes',
    options.maxRequestBytes,
    d.maxRequestBytes,
  );
  if (maxRequestBytes < 1) bad('maxRequestBytes', maxRequestBytes, 'at least 1');
  const pipes = options.pipes ?? [];
  if (!Array.isArray(pipes)) bad('pipes', pipes, 'an array of { database, schema, pipe }');
  for (const p of pipes) {
    if (
      !p ||
      typeof p.database !== 'string' ||
      typeof p.schema !== 'string' ||
      typeof p.pipe !== 'string'
    ) {
      bad('pipes', p, '{ database: string, schema: string, pipe: string }');
    }
  }
  const seed = nonNegative('seed', options.seed, d.seed);
  return {
    host: options.host ?? d.host,
    port,
    acceptAnyKey: options.acceptAnyKey ?? d.acceptAnyKey,
    commitDelayMs: nonNegative('commitDelayMs', options.commitDelayMs, d.commitDelayMs, false),
    scopedTokenTtlS,
    hostnameMode,
    ingestServer,
    requireAccept: options.requireAccept ?? d.requireAccept,
    autoCreatePipes: options.autoCreatePipes ?? d.autoCreatePipes,
    pipes,
    rowKeyField: options.rowKeyField,
    retainRowsCap,
    validation,
    tables: compileTables(options.tables),
    maxRequestBytes,
    maxDecompressedBytes: nonNegative(
      'maxDecompressedBytes',
      options.maxDecompressedBytes,
      d.maxDecompressedBytes,
    ),
    clockSkewS: nonNegative('clockSkewS', options.clockSkewS, d.clockSkewS),
    checkScope: options.checkScope ?? d.checkScope,
    rowsErrorsAlias: options.rowsErrorsAlias ?? d.rowsErrorsAlias,
    seed,
    tls: options.tls,
    recorder: options.recorder,
    fidelity: resolveFidelity(options.fidelity),
  };
}
