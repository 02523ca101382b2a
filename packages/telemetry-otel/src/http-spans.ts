import { hasSubscribers } from 'node:diagnostics_channel';

/** Who records the per-attempt HTTP CLIENT spans and `http.client.request.duration`. */
export type HttpSpansMode = 'auto' | 'always' | 'never';

/** The channel `@opentelemetry/instrumentation-undici` subscribes to for every undici request. */
const UNDICI_REQUEST_CHANNEL = 'undici:request:create';

/**
 * Whether this attempt gets our CLIENT span. In `'auto'` it does unless something instruments
 * undici already (instrumentation-undici then records a CLIENT span and the duration for the
 * same request, and ours would be a second one).
 */
export function recordsHttpAttempts(mode: HttpSpansMode): boolean {
  if (mode === 'auto') return !hasSubscribers(UNDICI_REQUEST_CHANNEL);
  return mode === 'always';
}
