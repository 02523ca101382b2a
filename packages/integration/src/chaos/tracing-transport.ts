import type { Transport } from '@snowpipe/streaming-client';
import { errorCode } from './chaos-producer.js';
import { monotonicNow } from './clock/system-clock.js';

/**
 * Wraps a transport so every exchange is reported as one line: time, client generation, method,
 * path with the query names (not values: the query may carry tokens), and the status or error code.
 */
export function tracingTransport(
  inner: Transport,
  trace: (line: string) => void,
  generation: number,
): Transport {
  return {
    async request(req) {
      const url = new URL(req.url);
      const query = [...url.searchParams.keys()].join(',');
      const offsets = ['startOffsetToken', 'endOffsetToken']
        .map((k) => url.searchParams.get(k) ?? '')
        .join('-');
      const label = `${monotonicNow().toFixed(1)} c${generation} ${req.method} ${decodeURIComponent(url.pathname)}${query ? ` ?${query}` : ''} ${offsets === '-' ? '' : offsets}`;
      try {
        const res = await inner.request(req);
        trace(`${label} -> ${res.status} ${res.status >= 400 ? res.body.slice(0, 80) : ''}`);
        return res;
      } catch (error) {
        trace(`${label} -> ${errorCode(error)}`);
        throw error;
      }
    },
    ...(inner.close ? { close: () => inner.close!() } : {}),
  };
}
