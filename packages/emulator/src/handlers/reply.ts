import { randomUUID } from 'node:crypto';

/** A response decided by a handler; the pipeline writes it (or resets the socket instead). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A JSON reply. */
export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

/** A plain-text reply (hostname and scoped token, as the real service sends them). */
export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

/** The documented error body `{"code","message"}`. */
export function errorReply(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return jsonReply(status, { code, message }, headers);
}

/** 401 `390144` with a request id in the message, as Snowflake answers a bad or expired JWT. */
export function jwtInvalidReply(): Reply {
  return errorReply(401, '390144', `JWT token is invalid. [${randomUUID()}]`);
}
