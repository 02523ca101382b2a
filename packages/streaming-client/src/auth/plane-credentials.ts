import {
  createKeyPairJwtSource,
  createStaticTokenSource,
  createTokenGuard,
} from '@snowpipe/token-guard';
import type {
  RefreshRetry,
  TokenGuard,
  TokenGuardObserver,
  TokenSource,
} from '@snowpipe/token-guard';
import type { Clock } from '@snowpipe/retry';
import type { ResolvedClientConfig } from '../config/resolved-config.js';
import type { InternalSend } from '../http/internal-request.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import type { HostDiscovery } from './host-discovery.js';
import { createOAuthTokenSource } from './oauth-token-source.js';
import { createScopedTokenSource } from './scoped-token-source.js';

/** The token guard of one plane and the token-type header its tokens carry. */
export interface PlaneCredential {
  readonly guard: TokenGuard;
  /** `X-Snowflake-Authorization-Token-Type` value. */
  readonly tokenType: 'KEYPAIR_JWT' | 'OAUTH' | 'PROGRAMMATIC_ACCESS_TOKEN';
}

/** Guards for both planes (the same one for PAT and OAuth). */
export interface PlaneCredentials {
  readonly control: PlaneCredential;
  readonly ingest: PlaneCredential;
  /** Whether the ingest plane needs the scoped-token exchange (key-pair JWT auth). */
  readonly exchanges: boolean;
  dispose(): void;
}

/** Options of {@link createPlaneCredentials}. */
export interface PlaneCredentialsOptions {
  config: ResolvedClientConfig;
  send: InternalSend;
  discovery: HostDiscovery;
  clock: Clock;
  telemetry: Telemetry;
  observers: readonly TokenGuardObserver[];
}

// Token fetches already go through the client's retry coordinator (each is a `send`), so the
// guards make one attempt per refresh instead of nesting a second retry loop around it.
const SINGLE_ATTEMPT: RefreshRetry = {
  execute: (_operation, fn, options) =>
    fn({ attempt: 1, ...(options?.signal ? { signal: options.signal } : {}) }),
};

/**
 * Wires the token guards for the configured auth mode: key-pair JWT (control) + scoped token
 * (ingest); one PAT guard for both planes; or one OAuth access-token guard for both planes.
 */
export function createPlaneCredentials(options: PlaneCredentialsOptions): PlaneCredentials {
  const { config, clock, telemetry } = options;
  const { refreshAheadMs, escalateAfter, ...policy } = config.refresh;
  const guard = (source: TokenSource, name: string): TokenGuard =>
    createTokenGuard({
      source,
      policy,
      clock,
      retry: SINGLE_ATTEMPT,
      observer: options.observers,
      name,
      ...(refreshAheadMs !== undefined ? { refreshAheadMs } : {}),
      ...(escalateAfter !== undefined ? { escalateAfter } : {}),
    });
  const auth = config.auth;
  if (auth.type === 'PAT') {
    const g = guard(
      createStaticTokenSource({ token: auth.token.reveal(), kind: 'pat', clock }),
      'pat',
    );
    const cred = { guard: g, tokenType: 'PROGRAMMATIC_ACCESS_TOKEN' } as const;
    return { control: cred, ingest: cred, exchanges: false, dispose: () => g.dispose() };
  }
  if (auth.type === 'OAUTH') {
    const source = createOAuthTokenSource({
      send: options.send,
      tokenEndpoint: auth.tokenEndpoint,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      refreshToken: auth.refreshToken,
      clock,
      telemetry,
    });
    const g = guard(source, 'oauth');
    const cred = { guard: g, tokenType: 'OAUTH' } as const;
    return { control: cred, ingest: cred, exchanges: false, dispose: () => g.dispose() };
  }
  const jwt = guard(
    createKeyPairJwtSource({
      account: config.account,
      user: config.user ?? '',
      privateKey: auth.privateKey,
      clock,
      ...(config.role !== undefined ? { role: config.role } : {}),
    }),
    'keypair_jwt',
  );
  const scoped = guard(
    createScopedTokenSource({
      send: options.send,
      ingestHost: (signal) => options.discovery.host(signal),
      clock,
      telemetry,
      ...(config.role !== undefined ? { role: config.role } : {}),
    }),
    'scoped',
  );
  return {
    control: { guard: jwt, tokenType: 'KEYPAIR_JWT' },
    ingest: { guard: scoped, tokenType: 'OAUTH' },
    exchanges: true,
    dispose: () => {
      jwt.dispose();
      scoped.dispose();
    },
  };
}
