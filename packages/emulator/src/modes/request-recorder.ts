import * as zlib from 'node:zlib';
import type { IncomingMessage } from 'node:http';

/** One request the emulator answered, as a {@link RequestRecorder} receives it (secrets redacted). */
export interface RecordedExchange {
  /** 1-based order of arrival (of replies written). */
  readonly seq: number;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path as sent, still percent-encoded. */
  readonly path: string;
  /** Query parameters in the order sent; values of `continuationToken` are kept (opaque state, no secret). */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Request headers, names lower-case; `authorization` reduced to its scheme and token kind. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Claims of a key-pair JWT sent as the bearer token (its payload only: no header, no
   * signature), so tests can compare `iss`, `sub`, `scp` and lifetimes.
   */
  readonly jwtClaims: Readonly<Record<string, unknown>> | undefined;
  /** Request body as text (gzip undone), `assertion` and token fields redacted, cut at 4 KiB. */
  readonly body: string;
  /** Body size on the wire, in bytes. */
  readonly bodyBytes: number;
  /** HTTP status of the emulator's reply. */
  readonly status: number;
  /** Reply body as text, cut at 4 KiB; the scoped token of `/oauth/token` is redacted. */
  readonly responseBody: string;
}

/** Receives every answered request (option `recorder`): compare one client's wire traffic with another's. */
export type RequestRecorder = (exchange: RecordedExchange) => void;

const TEXT_CAP = 4096;
const DECODED_CAP_BYTES = 64 * 1024 * 1024;
// zstd exists from Node 22.15 / 23.8 (the official SDK compresses rows with it).
const zstdSync = (zlib as unknown as Record<string, unknown>).zstdDecompressSync as
  ((buf: Buffer, options: { maxOutputLength: number }) => Buffer) | undefined;
const REDACTED = '[redacted]';

function decodeClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return claims !== null && typeof claims === 'object'
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function bodyText(req: IncomingMessage, body: Buffer | undefined): string {
  if (!body || body.length === 0) return '';
  let raw = body;
  const enc = String(req.headers['content-encoding'] ?? '').toLowerCase();
  const inflate = enc === 'gzip' ? zlib.gunzipSync : enc === 'zstd' ? zstdSync : undefined;
  if (inflate) {
    try {
      raw = inflate(body, { maxOutputLength: DECODED_CAP_BYTES });
    } catch {
      return `[undecodable ${enc} body]`;
    }
  } else if (enc !== '' && enc !== 'identity') return `[${enc} body]`;
  const text = raw.toString('utf8');
  const form = String(req.headers['content-type'] ?? '').startsWith(
    'application/x-www-form-urlencoded',
  );
  const redacted = form
    ? text.replace(/(^|&)(assertion|refresh_token|client_secret|token)=[^&]*/g, `$1$2=${REDACTED}`)
    : text;
  return redacted.length > TEXT_CAP ? `${redacted.slice(0, TEXT_CAP)}…` : redacted;
}

function headerMap(req: IncomingMessage): { headers: Record<string, string>; bearer?: string } {
  const headers: Record<string, string> = {};
  let bearer: string | undefined;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    let value = req.rawHeaders[i + 1]!;
    if (name === 'authorization') {
      const m = /^(\S+)\s+(\S+)/.exec(value);
      bearer = m?.[2];
      const kind = bearer && decodeClaims(bearer) ? 'jwt' : 'opaque';
      value = m ? `${m[1]} ${REDACTED}:${kind}` : REDACTED;
    }
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return bearer === undefined ? { headers } : { headers, bearer };
}

/** Builds the record of one exchange; `responseBody` of the token exchange never carries the token. */
export function recordExchange(
  seq: number,
  req: IncomingMessage,
  url: URL,
  body: Buffer | undefined,
  status: number,
  responseBody: string | Buffer | undefined,
): RecordedExchange {
  const { headers, bearer } = headerMap(req);
  const claims = bearer ? decodeClaims(bearer) : undefined;
  const path = (req.url ?? '/').split('?')[0]!;
  let reply = responseBody === undefined ? '' : responseBody.toString();
  if (url.pathname === '/oauth/token' && status === 200) reply = REDACTED;
  return {
    seq,
    method: req.method ?? 'GET',
    path,
    query: [...url.searchParams.entries()],
    headers,
    // Only the key-pair JWT's claims are shown; the emulator's own scoped tokens say nothing new.
    jwtClaims:
      claims && typeof claims.iss === 'string' && claims.iss.includes('SHA256:')
        ? claims
        : undefined,
    body: bodyText(req, body),
    bodyBytes: body?.length ?? 0,
    status,
    responseBody: reply.length > TEXT_CAP ? `${reply.slice(0, TEXT_CAP)}…` : reply,
  };
}
