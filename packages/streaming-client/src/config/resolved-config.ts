import type { RetryPlan } from '@snowpipe/retry';
import type { RefreshOptions, RequestTimeouts } from './client-options.js';
import type { KeyObject } from 'node:crypto';
import type { Secret } from './secret.js';
import type { BinaryInputFormat } from '../values/binary-input-format.js';

/** How the client authenticates. */
export type AuthConfig =
  | {
      readonly type: 'JWT';
      /** Parsed once (a `KeyObject` never shows key material in `inspect` or JSON). */
      readonly privateKey: KeyObject;
    }
  | { readonly type: 'PAT'; readonly token: Secret }
  | {
      readonly type: 'OAUTH';
      readonly clientId: string;
      readonly clientSecret: Secret;
      /** Absent: the client-credentials grant (External OAuth). */
      readonly refreshToken?: Secret;
      readonly tokenEndpoint: string;
    };

/**
 * Validated, normalised configuration (no network used to build it). Secrets sit in
 * {@link Secret} holders, so `inspect`/`JSON.stringify` of this object shows `[redacted]`.
 */
export interface ResolvedClientConfig {
  readonly clientName: string;
  readonly database: string;
  readonly schema: string;
  /** The pipe: `pipeName`, or `<TABLE>-STREAMING` for `tableName`. */
  readonly pipe: string;
  /** Set when the client was created with `tableName` (Elastic then uses the table form). */
  readonly table?: string;
  /** Control-plane origin, e.g. `https://myorg-myacct.snowflakecomputing.com` (no trailing slash). */
  readonly controlUrl: string;
  /** `ingest_url` override (origin), skipping hostname discovery's result. */
  readonly ingestUrl?: string;
  readonly account: string;
  readonly user?: string;
  readonly role?: string;
  readonly application?: string;
  readonly auth: AuthConfig;
  readonly retry: RetryPlan;
  readonly refresh: Readonly<RefreshOptions>;
  readonly maxClientLagMs: number;
  readonly maxBatchBytes: number;
  readonly maxRequestBytes: number;
  readonly maxBufferedBytes: number;
  readonly backpressure: 'wait' | 'reject';
  readonly compression: 'gzip' | 'zstd' | 'none';
  /** The codec's level, when the caller chose one (see `ClientOptions.compressionLevel`). */
  readonly compressionLevel?: number;
  readonly recovery: boolean;
  /** Reopen after a takeover instead of failing with `CHANNEL_TAKEN_OVER`. */
  readonly reclaimOnTakeover: boolean;
  readonly maxRecoveryAttempts: number;
  readonly offsetTokenComparator?: (a: string, b: string) => number;
  readonly commitPollIntervalMs: number;
  readonly commitPollMaxIntervalMs: number;
  readonly closeTimeoutMs: number;
  readonly connect: 'eager' | 'lazy';
  /** Per-attempt timeout of each kind of request (defaults filled in). */
  readonly requestTimeoutMs: Readonly<Required<RequestTimeouts>>;
  /** `0`: no stall check. */
  readonly stallTimeoutMs: number;
  /** How binary values are written into rows (`ClientOptions.binaryInputFormat`). */
  readonly binaryInputFormat: BinaryInputFormat;
}
