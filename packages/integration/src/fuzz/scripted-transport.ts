import { TransportError } from '@snowpipe/streaming-client';
import type { Transport, TransportRequest, TransportResponse } from '@snowpipe/streaming-client';
import { wallNow } from '../chaos/clock/system-clock.js';

/** The Snowpipe endpoint a request targets. */
export type ScriptEndpoint = 'hostname' | 'token' | 'open' | 'append' | 'status' | 'drop' | 'other';

/** What the transport does for one request: answer well, answer this, or fail like a network. */
export type Scripted =
  | 'good'
  | TransportResponse
  | {
      throw: 'ECONNRESET' | 'ECONNREFUSED' | 'TIMEOUT' | 'PROTOCOL' | 'BODY_TOO_LARGE' | 'UNKNOWN';
      reached: boolean;
    };

/** Scripts per endpoint: the n-th request of an endpoint gets the n-th entry, then `good`. */
export type Script = Partial<Record<ScriptEndpoint, Scripted[]>>;

export function classifyRequest(req: TransportRequest): ScriptEndpoint {
  const path = new URL(req.url).pathname;
  if (path.endsWith('/v2/streaming/hostname')) return 'hostname';
  if (path === '/oauth/token') return 'token';
  if (path.endsWith(':bulk-channel-status')) return 'status';
  if (path.endsWith('/rows')) return 'append';
  if (/\/channels\/[^/]+$/.test(path)) return req.method === 'DELETE' ? 'drop' : 'open';
  return 'other';
}

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned-looking JWT whose signature part is `signature` (a planted secret). */
export function fakeJwt(signature: string, nowMs: number, lifetimeS = 3600): string {
  const iat = Math.floor(nowMs / 1000);
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iat, exp: iat + lifetimeS, sub: 'fuzz' })}.${signature}`;
}

/**
 * A deterministic in-memory {@link Transport} for fuzzing the client's response handling: it
 * answers every endpoint like a healthy service unless the script says otherwise, and records
 * every `Authorization` value it was sent (secrets to look for in errors).
 */
export function createScriptedTransport(script: Script, scopedSignature: string) {
  const seen: Partial<Record<ScriptEndpoint, number>> = {};
  const bearers = new Set<string>();
  let seq = 0;
  const good = (endpoint: ScriptEndpoint, req: TransportRequest): TransportResponse => {
    const json = (body: unknown): TransportResponse => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const name = decodeURIComponent(
      new URL(req.url).pathname.split('/channels/')[1]?.split('/')[0] ?? 'F',
    );
    const status = {
      database_name: 'DB',
      schema_name: 'PUBLIC',
      pipe_name: 'P',
      channel_name: name,
      channel_status_code: 'SUCCESS',
      last_committed_offset_token: seq > 0 ? String(seq * 3 - 1) : null,
      rows_inserted_count: seq * 3,
      rows_parsed_count: seq * 3,
      rows_error_count: 0,
    };
    switch (endpoint) {
      case 'hostname':
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: '127.0.0.1:9' };
      case 'token':
        return {
          status: 200,
          headers: { 'content-type': 'text/plain' },
          body: fakeJwt(scopedSignature, wallNow()),
        };
      case 'open':
        return json({ next_continuation_token: `0_${seq}`, channel_status: status });
      case 'append':
        seq += 1;
        return json({ next_continuation_token: `0_${seq}` });
      case 'status': {
        const names =
          (
            JSON.parse(typeof req.body === 'string' ? req.body : '{}') as {
              channel_names?: string[];
            }
          ).channel_names ?? [];
        return json({
          channel_statuses: Object.fromEntries(
            names.map((n) => [n, { ...status, channel_name: n }]),
          ),
        });
      }
      default:
        return json({});
    }
  };
  const transport: Transport = {
    async request(req) {
      await Promise.resolve();
      const auth = req.headers.Authorization ?? req.headers.authorization;
      if (auth) bearers.add(auth.replace(/^Bearer /i, ''));
      const endpoint = classifyRequest(req);
      const n = seen[endpoint] ?? 0;
      seen[endpoint] = n + 1;
      const step = script[endpoint]?.[n] ?? 'good';
      if (step === 'good') return good(endpoint, req);
      if ('throw' in step) {
        throw new TransportError(`${req.method} failed: ${step.throw}`, {
          code: step.throw,
          mayHaveReachedServer: step.reached,
        });
      }
      return step;
    },
  };
  return { transport, bearers: () => [...bearers], requests: () => ({ ...seen }) };
}
