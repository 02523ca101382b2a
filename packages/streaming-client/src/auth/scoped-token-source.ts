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
}

// Used only when the service returns an opaque (non-JWT) token: a little under the hour
// Snowflake's own clients assume (reference §3.2).
const OPAQUE_TOKEN_LIFETIME_MS = 3_300_000;

/**
 * Exchanges the key-pair JWT for a scoped token (`POST /oauth/token`, form
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&scope=<ingest host>`). The role goes
 * in the key-pair JWT's `scp` claim, not in the scope. Expiry is read from the token's `exp`.
 */
export function createScopedTokenSource(options: ScopedTokenSourceOptions): TokenSource {
  return {
    async fetchToken(signal?: AbortSignal): Promise<TokenEnvelope> {
      const host = await options.ingestHost(signal);
      const form = new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        scope: host,
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
