import type { Transport } from '@snowpipe/transport-contract';
import type { OperationScope, Telemetry } from '../telemetry/telemetry.js';
import type { Clock } from '@snowpipe/retry';
import type { ResolvedClientConfig } from '../config/resolved-config.js';
import type { Logger } from '../config/logger.js';

/** Which host and credential a request uses. */
export type ServicePlane = 'control' | 'ingest';

/** One logical call to the service; the connection turns it into one or more HTTP attempts. */
export interface ServiceRequest {
  /** Retry and telemetry operation name, e.g. `append_rows`. */
  operation: string;
  /** `control` = account URL + key-pair JWT (or PAT/OAuth); `ingest` = discovered host + scoped token. */
  plane: ServicePlane;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Already encoded (use the path builders in `paths.ts`). */
  path: string;
  /** `undefined` values are omitted; `''` is sent as present-but-empty. A function is re-evaluated per attempt (1-based). */
  query?:
    Record<string, string | undefined> | ((attempt: number) => Record<string, string | undefined>);
  body?: string | Uint8Array;
  contentType?: string;
  contentEncoding?: 'gzip' | 'zstd';
  /** Extra non-secret headers (e.g. `x-snowflake-uncompressed-content-length`). */
  headers?: Record<string, string>;
  /** Reused across every retry of this request; generated when absent. */
  requestId?: string;
  signal?: AbortSignal;
  /** Telemetry: each attempt becomes `scope.httpAttempt(...)`. */
  scope?: OperationScope;
  /**
   * `default`: retry per the shared plan; `none`: one attempt (plus the single 401 refresh
   * retry); `idempotent-only`: network errors retried only when the request cannot have reached
   * the server. @default 'default'
   */
  retry?: 'default' | 'none' | 'idempotent-only';
  /**
   * Absolute wall-clock deadline (epoch ms): no retry sleeps past it and an attempt in flight
   * when it passes is aborted.
   */
  deadlineMs?: number;
  /** Longest one attempt may run. @default the client's `requestTimeoutMs` for the operation's kind */
  attemptTimeoutMs?: number;
  /** Whether the 2xx body must be JSON (else `INVALID_RESPONSE`). @default false */
  expectJson?: boolean;
}

/** A 2xx response. */
export interface ServiceResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
  /** The `requestId` sent (same on every attempt). */
  requestId: string;
  /** How many attempts were made (1 = no retry). */
  attempts: number;
  /** The body parsed as JSON, or `undefined` when empty or not JSON. */
  json<T = unknown>(): T | undefined;
}

/** Counters the demo prints. */
export interface ServiceStats {
  readonly requests: number;
  readonly retries: number;
  readonly tokenRefreshes: number;
}

/** The one request path of the client (both planes). */
export interface ServiceConnection {
  /** 2xx resolves; anything else rejects with a `StreamingIngestError` (normalised code and message). */
  send(req: ServiceRequest): Promise<ServiceResponse>;
  /** Eager authentication: key-pair JWT → ingest hostname → scoped token (no-op steps for PAT/OAuth). */
  connect(signal?: AbortSignal): Promise<void>;
  /**
   * Abandons every request in flight and every later one: they reject with `reason` (the client
   * calls this when its close runs out of time, or once it is done, so nothing outlives it).
   */
  abort(reason: Error): void;
  /**
   * Stops refresh-ahead work and closes the transport if the connection created it, waiting at
   * most `waitMs` for the transport to drain.
   */
  close(waitMs?: number): Promise<void>;
  /** Live counters (read-only view). */
  readonly stats: ServiceStats;
  /** The ingest base URL once discovered (e.g. `https://x.ingest.snowflakecomputing.com`). */
  ingestBaseUrl(): string | undefined;
}

/** What {@link createServiceConnection} needs. */
export interface ServiceConnectionDeps {
  config: ResolvedClientConfig;
  /** @default createFetchTransport() (closed by `close()`) */
  transport?: Transport | undefined;
  /** @default noopTelemetry */
  telemetry?: Telemetry | undefined;
  /** @default silentLogger */
  logger?: Logger | undefined;
  /** @default systemClock */
  clock?: Clock | undefined;
  /** @default systemRandom */
  random?: (() => number) | undefined;
}
