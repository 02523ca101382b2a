import { EmulatorError } from './errors.js';
import type { FidelityOptions } from './modes/fidelity-options.js';
import type { RequestRecorder } from './modes/request-recorder.js';
import type { EmulatorTlsOptions } from './modes/tls-options.js';
import { compileTables } from './schema/table-schema.js';
import type { CompiledTable } from './schema/table-schema.js';
import { DEFAULT_EMULATOR_OPTIONS } from './options.js';
import type {
  EmulatorOptions,
  HostnameMode,
  IngestServerMode,
  PipeDefinition,
  ValidationMode,
} from './options.js';

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
