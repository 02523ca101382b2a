/** The normalised `code` and `message` of an error response body. */
export interface ErrorBody {
  /** Service code, `undefined` when the body named none. */
  code: string | undefined;
  /** Human text (never parse it); at most {@link MAX_MESSAGE_CHARS} characters. */
  message: string | undefined;
}

/** Longest message kept from a response body (oversized bodies are cut). */
export const MAX_MESSAGE_CHARS = 500;

// A bare code sent as text: `ERR_GENERAL_EXCEPTION_RETRY_REQUEST`, `390144`.
const BARE_CODE = /^[A-Za-z0-9_.-]{1,128}$/;

function clip(text: string): string {
  const t = text.trim();
  return t.length > MAX_MESSAGE_CHARS ? `${t.slice(0, MAX_MESSAGE_CHARS)}…` : t;
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/**
 * Parses every error-body shape of reference §9.1: `{code,message}`, `{error_code,message}`,
 * `{error: "CODE"}` or `{error: {code,message}}`, `{status_code,message}`, a bare JSON string,
 * a bare code as plain text, or any other text (kept, clipped, as the message).
 */
export function parseErrorBody(body: string): ErrorBody {
  const text = body.trim();
  if (text === '') return { code: undefined, message: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    if (BARE_CODE.test(text)) return { code: text, message: undefined };
    return { code: undefined, message: clip(text) };
  }
  if (typeof parsed === 'string') {
    const s = parsed.trim();
    return BARE_CODE.test(s)
      ? { code: s, message: undefined }
      : { code: undefined, message: clip(s) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { code: undefined, message: clip(text) };
  }
  const o = parsed as Record<string, unknown>;
  if (typeof o.error === 'object' && o.error !== null && !Array.isArray(o.error)) {
    const inner = parseErrorBody(JSON.stringify(o.error));
    if (inner.code !== undefined || inner.message !== undefined) return inner;
  }
  const code =
    asText(o.code) ??
    asText(o.error_code) ??
    asText(o.errorCode) ??
    asText(o.error) ??
    asText(o.status_code);
  const rawMessage = asText(o.message) ?? asText(o.error_description) ?? asText(o.error_message);
  return { code, message: rawMessage === undefined ? undefined : clip(rawMessage) };
}
