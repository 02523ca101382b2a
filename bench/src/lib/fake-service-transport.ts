import type { Transport, TransportRequest, TransportResponse } from '@snowpipe/streaming-client';

/** A transport that answers like the service without any I/O, and counts what it saw. */
export interface FakeServiceTransport extends Transport {
  /** Append requests answered. */
  appends(): number;
  /** Body bytes of the append requests answered. */
  appendBytes(): number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A syntactically valid (unsigned) JWT the client can read `iat`/`exp` from. */
function fakeScopedToken(): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iat: now, exp: now + 3600 })}.c2ln`;
}

function status(channel: string, committed: string | null): Record<string, unknown> {
  return {
    database_name: 'BENCH',
    schema_name: 'PUBLIC',
    pipe_name: 'EVENTS-STREAMING',
    channel_name: channel,
    channel_status_code: 'SUCCESS',
    last_committed_offset_token: committed,
    created_on_ms: 1_760_000_000_000,
    rows_inserted: 0,
    rows_parsed: 0,
    rows_error_count: 0,
    last_error_offset_upper_bound: null,
    last_error_message: null,
    last_error_timestamp: null,
    snowflake_avg_processing_latency_ms: null,
  };
}

const END_TOKEN = /[?&]endOffsetToken=([^&]*)/;
const CHANNEL = /\/channels\/([^/?]+)/;

/**
 * An in-process {@link Transport} that answers host discovery, the token exchange, channel open,
 * appends (`{"next_continuation_token":…}`) and bulk status (every appended end offset token
 * committed at once), so a benchmark measures only the client's own work.
 */
export function createFakeServiceTransport(): FakeServiceTransport {
  const committed = new Map<string, string | null>();
  let appends = 0;
  let appendBytes = 0;
  let seq = 0;
  const reply = (body: string, headers = JSON_HEADERS): Promise<TransportResponse> =>
    Promise.resolve({ status: 200, headers, body });
  return {
    request(req: TransportRequest): Promise<TransportResponse> {
      const { url, method } = req;
      if (method === 'POST' && (url.includes('/rows?') || url.endsWith('/rows'))) {
        appends++;
        appendBytes += typeof req.body === 'string' ? req.body.length : (req.body?.byteLength ?? 0);
        const channel = decodeURIComponent(CHANNEL.exec(url)?.[1] ?? '');
        const end = END_TOKEN.exec(url)?.[1];
        if (end !== undefined && end !== '') committed.set(channel, decodeURIComponent(end));
        return reply(`{"next_continuation_token":"${++seq}_0"}`);
      }
      if (url.includes(':bulk-channel-status')) {
        const text =
          typeof req.body === 'string' ? req.body : Buffer.from(req.body ?? []).toString();
        const names = (JSON.parse(text) as { channel_names: string[] }).channel_names;
        const statuses: Record<string, unknown> = {};
        for (const n of names) statuses[n] = status(n, committed.get(n) ?? null);
        return reply(JSON.stringify({ channel_statuses: statuses }));
      }
      if (method === 'PUT') {
        const channel = decodeURIComponent(CHANNEL.exec(url)?.[1] ?? '');
        if (!committed.has(channel)) committed.set(channel, null);
        return reply(
          JSON.stringify({
            next_continuation_token: `${++seq}_0`,
            channel_status: status(channel, committed.get(channel) ?? null),
          }),
        );
      }
      if (url.includes('/v2/streaming/hostname'))
        return reply('127.0.0.1:1', { 'content-type': 'text/plain' });
      if (url.includes('/oauth/token'))
        return reply(fakeScopedToken(), { 'content-type': 'text/plain' });
      if (method === 'DELETE') return reply('{}');
      return Promise.resolve({
        status: 404,
        headers: JSON_HEADERS,
        body: '{"code":"NOT_FOUND","message":"fake service"}',
      });
    },
    appends: () => appends,
    appendBytes: () => appendBytes,
    close: () => Promise.resolve(),
  };
}
