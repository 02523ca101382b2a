/** Query values that are opaque state, dropped from telemetry URLs to keep spans small. */
const TELEMETRY_DROPPED = new Set(['continuationToken']);

/**
 * `base + path` with `requestId` first, then the other parameters in the order given (reference
 * §5.2: the official SDK's order). `undefined` values are omitted, `''` is kept. With
 * `forTelemetry`, also the URL an HTTP span shows (opaque state such as the continuation token
 * left out); without it, that second string is not built.
 */
export function buildUrl(
  base: string,
  path: string,
  requestId: string,
  query: Record<string, string | undefined> | undefined,
  forTelemetry = false,
): { url: string; telemetryUrl: string | undefined } {
  // encodeURIComponent (a builtin, far cheaper than two URLSearchParams per request) writes
  // spaces as %20, which every server reads the same way.
  let full = `requestId=${encodeURIComponent(requestId)}`;
  let shown = full;
  if (query) {
    for (const key of Object.keys(query)) {
      const value = query[key];
      if (value === undefined || key === 'requestId') continue;
      const part = `&${encodeURIComponent(key)}=${encodeURIComponent(value)}`;
      full += part;
      if (forTelemetry && !TELEMETRY_DROPPED.has(key)) shown += part;
    }
  }
  return {
    url: `${base}${path}?${full}`,
    telemetryUrl: forTelemetry ? `${base}${path}?${shown}` : undefined,
  };
}
