const SECONDS = /^\d+$/;
// IMF-fixdate, RFC 850 and asctime all start with a day name.
const HTTP_DATE = /^[A-Za-z]{3,9},? /;

/**
 * Parses a `Retry-After` header value (delay seconds or an HTTP date) into a delay in ms
 * (never negative; a past date gives 0). Returns `undefined` for a missing or unreadable value.
 * @example
 * parseRetryAfter('3', clock.now()); // 3000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (SECONDS.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (!HTTP_DATE.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at) || !Number.isFinite(nowMs)) return undefined;
  return Math.max(0, at - nowMs);
}
