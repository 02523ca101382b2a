import { createTokenEnvelope, envelopeFromJwt } from '@snowpipe/token-guard';
import type { TokenEnvelope, TokenSource } from '@snowpipe/token-guard';
import type { Clock } from '@snowpipe/retry';
import { Secret } from '../config/secret.js';
import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { InternalSend } from '../http/internal-request.js';
import type { Telemetry } from '../telemetry/telemetry.js';

/** Options of {@link createOAuthTokenSource}. */
export interface OAuthTokenSourceOptions {
  send: InternalSend;
  tokenEndpoint: string;
  clientId: string;
  clientSecret: Secret;
  /** Absent: the client-credentials grant. */
  refreshToken?: Secret | undefined;
  clock: Clock;
  telemetry: Telemetry;
}

// Assumed lifetime when the endpoint gives neither `expires_in` nor a JWT `exp`.
const FALLBACK_LIFETIME_MS = 600_000;

/**
 * Fetches OAuth access tokens with the refresh-token grant (or client credentials when no refresh
 * token is configured), authenticating the client with HTTP Basic. A rotated refresh token in the
 * response replaces the old one in memory.
 */
export function createOAuthTokenSource(options: OAuthTokenSourceOptions): TokenSource {
  let refreshToken = options.refreshToken;
  const basic = new Secret(
    `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret.reveal())}`).toString('base64')}`,
  );
  return {
    async fetchToken(signal?: AbortSignal): Promise<TokenEnvelope> {
      const form = new URLSearchParams();
      if (refreshToken !== undefined) {
        form.set('grant_type', 'refresh_token');
        form.set('refresh_token', refreshToken.reveal());
      } else {
        form.set('grant_type', 'client_credentials');
      }
      const scope = options.telemetry.startOperation('snowpipe.exchange_token', {
        'snowpipe.token.kind': 'oauth',
      });
      try {
        const res = await scope.run(() =>
          options.send({
            operation: 'oauth_token',
            plane: 'control',
            method: 'POST',
            path: '',
            absoluteUrl: options.tokenEndpoint,
            auth: 'none',
            authorization: basic,
            body: form.toString(),
            contentType: 'application/x-www-form-urlencoded',
            scope,
            ...(signal ? { signal } : {}),
          }),
        );
        const body = res.json<{
          access_token?: unknown;
          expires_in?: unknown;
          refresh_token?: unknown;
        }>();
        const token = body?.access_token;
        if (typeof token !== 'string' || token.trim() === '') {
          throw new StreamingIngestError('OAuth token response has no access_token', {
            code: 'INVALID_RESPONSE',
          });
        }
        if (typeof body?.refresh_token === 'string' && body.refresh_token !== '') {
          refreshToken = new Secret(body.refresh_token);
        }
        const nowMs = options.clock.now();
        const expiresIn =
          typeof body?.expires_in === 'number' ? body.expires_in : Number(body?.expires_in);
        const envelope =
          Number.isFinite(expiresIn) && expiresIn > 0
            ? createTokenEnvelope({
                value: token,
                issuedAtMs: nowMs,
                expiresAtMs: nowMs + expiresIn * 1000,
                kind: 'oauth',
              })
            : envelopeFromJwt(token, 'oauth', { nowMs, fallbackLifetimeMs: FALLBACK_LIFETIME_MS });
        scope.end();
        return envelope;
      } catch (error) {
        scope.end(error);
        throw error;
      }
    },
  };
}
