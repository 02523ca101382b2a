import type { InternalRequest } from './internal-request.js';

/** What {@link requestHeaders} needs besides the request. */
export interface HeaderInputs {
  userAgent: string;
  /** The plane token to send as `Bearer`. */
  bearer?: string | undefined;
  /** `X-Snowflake-Authorization-Token-Type`, when the request carries the plane's token type. */
  tokenType?: string | undefined;
}

/**
 * Headers of one attempt (reference §2): the caller's extra headers, then `Accept`,
 * `User-Agent`, `Authorization`, the token-type header, `Content-Type` and `Content-Encoding`,
 * which callers cannot override. Values may hold secrets: never log them.
 */
export function requestHeaders(req: InternalRequest, inputs: HeaderInputs): Record<string, string> {
  const headers: Record<string, string> = {
    ...req.headers,
    Accept: 'application/json',
    'User-Agent': inputs.userAgent,
  };
  if (inputs.bearer !== undefined) headers.Authorization = `Bearer ${inputs.bearer}`;
  else if (req.authorization !== undefined) headers.Authorization = req.authorization.reveal();
  if (inputs.tokenType !== undefined)
    headers['X-Snowflake-Authorization-Token-Type'] = inputs.tokenType;
  if (req.contentType !== undefined) headers['Content-Type'] = req.contentType;
  else if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  if (req.contentEncoding !== undefined) headers['Content-Encoding'] = req.contentEncoding;
  return headers;
}
