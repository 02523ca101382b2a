import { envelopeFromJwt } from '@snowpipe/token-guard';
import type { TokenEnvelope, TokenSource } from '@snowpipe/token-guard';
import type { Clock } from '@snowpipe/retry';
import type { InternalSend } from '../http/internal-request.js';
import { TOKEN_PATH } from '../http/paths.js';
import type { Telemetry } from '../telemetry/telemetry.js';
import { parseScopedToken } from './scoped-token.js';

/** Options of {@link createScopedTokenSource}. */
export interface ScopedTokenSourceOptions {
  send: InternalSend;
  /** The normalised ingest host (the exchange's `scope`). */
  ingestHost: (signal?: AbortSignal) => Promise<string>;
  clock: Clock;
  telemetry: Telemetry;
  /** The role to use, as configured; also sent in the key-pair JWT's `scp` claim. @default undefined (the user's default role) */
  role?: string;
}

// Used only when the service returns an opaque (non-JWT) token: a little under the hour
// Snowflake's own clients assume (reference §3.2).
const OPAQUE_TOKEN_LIFETIME_MS = 3_300_000;

/**
 * The exchange's `scope`: the ingest host, then `session:role:<ROLE>` when a role is set.
 * Redpanda Connect found on a live account that the role in the scope is what takes effect;
 * the official SDK (1.9.1, observed here) sends the role only in the JWT's `scp` claim. Sending
 * both is right under either reading (docs/wire-protocol.md, point 3).
 */
export function exchangeScope(ingestHost: string, role: string | undefined): string {
  return role === undefined || role === '' ? ingestHost : `${ingestHost} session:role:${role}`;
}

/**
 * Exchanges the key-pair JWT for a scoped token (`POST /oauth/token`, form
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&scope=<ingest host>[ session:role:<ROLE>]`).
 * Expiry is read from the token's `exp`.
 */
export function createScopedTokenSource(options: ScopedTokenSourceOptions): TokenSource {
  return {
    async fetchToken(signal?: AbortSignal): Promise<TokenEnvelope> {
      const host = await options.ingestHost(signal);
      const form = new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        scope: exchangeScope(host, options.role),
      });
      const scope = options.telemetry.startOperation('snowpipe.exchange_token', {
        'snowpipe.token.kind': 'scoped',
      });
      try {
        const res = await scope.run(() =>
          options.send({
            operation: 'exchange_token',
            plane: 'control',
            auth: 'bearer-no-type',
            method: 'POST',
            path: TOKEN_PATH,
            body: form.toString(),
            contentType: 'application/x-www-form-urlencoded',
            scope,
            ...(signal ? { signal } : {}),
          }),
        );
        const envelope = envelopeFromJwt(parseScopedToken(res.body), 'scoped', {
          nowMs: options.clock.now(),
          fallbackLifetimeMs: OPAQUE_TOKEN_LIFETIME_MS,
        });
        scope.end();
        return envelope;
      } catch (error) {
        scope.end(error);
        throw error;
      }
    },
  };
}
