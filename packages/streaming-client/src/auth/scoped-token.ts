import { StreamingIngestError } from '../errors/streaming-ingest-error.js';

/**
 * Reads the scoped token from a `POST /oauth/token` body (reference §3.2): the bare JWT text
 * (what the service sends), JSON `{"token": "…"}` or a JSON string. Never echoes the body.
 */
export function parseScopedToken(body: string): string {
  let text = body.trim();
  if (text.startsWith('{') || text.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new StreamingIngestError('token exchange response is not valid JSON', {
        code: 'INVALID_RESPONSE',
      });
    }
    const value =
      typeof parsed === 'string'
        ? parsed
        : typeof parsed === 'object' && parsed !== null
          ? ((parsed as { token?: unknown }).token ??
            (parsed as { access_token?: unknown }).access_token)
          : undefined;
    text = typeof value === 'string' ? value.trim() : '';
  }
  if (text === '' || /\s/.test(text)) {
    throw new StreamingIngestError('token exchange response holds no token', {
      code: 'INVALID_RESPONSE',
    });
  }
  return text;
}
