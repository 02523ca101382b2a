// OpenSSL's answer when the bytes after a ClientHello are not TLS: typically an HTTP response
// from a plain-HTTP server (a local emulator reached through https://).
const TLS_MISMATCH_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
]);
const TLS_MISMATCH_TEXT = /wrong version number|packet length too long/i;

/** What the client adds to a network error whose cause is a TLS handshake with a plain-HTTP server. */
export const PLAIN_HTTP_HINT =
  'the TLS handshake got a non-TLS answer (OpenSSL "wrong version number"): the server probably speaks plain HTTP. ' +
  'Use http:// for a local emulator (allowed for localhost, 127.0.0.0/8 and ::1), https:// for Snowflake';

/**
 * Returns {@link PLAIN_HTTP_HINT} when `error` or anything in its `cause` chain (or an
 * `AggregateError`'s `errors`) is OpenSSL refusing a non-TLS answer; otherwise `undefined`.
 * Looks only at codes and library messages, which carry no request data.
 */
export function plainHttpHint(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, message, reason, cause, errors } = current as Record<string, unknown>;
    if (typeof code === 'string' && TLS_MISMATCH_CODES.has(code)) return PLAIN_HTTP_HINT;
    if (typeof reason === 'string' && TLS_MISMATCH_TEXT.test(reason)) return PLAIN_HTTP_HINT;
    if (typeof message === 'string' && TLS_MISMATCH_TEXT.test(message)) return PLAIN_HTTP_HINT;
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...(errors as unknown[]));
  }
  return undefined;
}
