/** Query values that are opaque state, dropped from telemetry URLs to keep spans small. */
const TELEMETRY_DROPPED = new Set(['continuationToken']);

/**
 * `base + path` with `requestId` first, then the other parameters in the order given (reference
 * §5.2: the official SDK's order). `undefined` values are omitted, `''` is kept.
 */
export function buildUrl(
  base: string,
  path: string,
  requestId: string,
  query: Record<string, string | undefined> | undefined,
): { url: string; telemetryUrl: string } {
  const full = new URLSearchParams();
  const shown = new URLSearchParams();
  full.append('requestId', requestId);
  shown.append('requestId', requestId);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || key === 'requestId') continue;
    full.append(key, value);
    if (!TELEMETRY_DROPPED.has(key)) shown.append(key, value);
  }
  // URLSearchParams writes spaces as `+`; `%20` is unambiguous for every server.
  const encode = (p: URLSearchParams): string => p.toString().replace(/\+/g, '%20');
  return { url: `${base}${path}?${encode(full)}`, telemetryUrl: `${base}${path}?${encode(shown)}` };
}
