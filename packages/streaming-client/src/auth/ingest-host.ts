import { StreamingIngestError } from '../errors/streaming-ingest-error.js';
import { isLoopbackHost } from '../config/parse-service-url.js';

function invalid(message: string): StreamingIngestError {
  return new StreamingIngestError(message, { code: 'INVALID_RESPONSE' });
}

/**
 * Reads the ingest host from a `GET /v2/streaming/hostname` body (reference §3.1): plain text,
 * JSON `{"hostname": "…"}` or a JSON string; trimmed, `_` → `-`, lower-cased. Anything that is
 * not a bare host (`/ ? # @`, `://`, whitespace) is refused with `INVALID_RESPONSE`.
 */
export function parseIngestHost(body: string): string {
  let text = body.trim();
  if (text.startsWith('{') || text.startsWith('"')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalid('hostname response is neither a host name nor valid JSON');
    }
    const value =
      typeof parsed === 'string'
        ? parsed
        : typeof parsed === 'object' && parsed !== null
          ? (parsed as { hostname?: unknown }).hostname
          : undefined;
    if (typeof value !== 'string') throw invalid('hostname response JSON has no "hostname" string');
    text = value.trim();
  }
  if (text === '') throw invalid('hostname response is empty');
  if (text.length > 253 || /[/?#@\s\\]/.test(text) || text.includes('://')) {
    throw invalid(
      `hostname response is not a bare host name: ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  return text.replace(/_/g, '-').toLowerCase();
}

/**
 * The ingest base URL for a normalised host: the control URL's scheme + the host. `http:` is
 * only kept for loopback hosts (the emulator); otherwise the caller must set `ingest_url`.
 */
export function ingestBaseUrl(controlUrl: string, host: string): string {
  const scheme = new URL(controlUrl).protocol;
  let url: URL;
  try {
    url = new URL(`${scheme}//${host}`);
  } catch {
    throw invalid(`ingest host ${JSON.stringify(host)} does not form a valid URL`);
  }
  if (scheme === 'http:' && !isLoopbackHost(url.hostname)) {
    throw invalid(
      `ingest host ${host} is not a loopback host but the account URL uses http://; set the ingest_url property`,
    );
  }
  return url.origin;
}
