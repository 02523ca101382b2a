import type { LazyInstruments } from './instruments.js';
import type { OtelClientMetrics } from './port-types.js';
import { safeAttributes } from './safe-attributes.js';

/**
 * Client-level metrics: `snowpipe.rows.appended` / `snowpipe.append.size` /
 * `snowpipe.rows.rejected` counters,
 * `snowpipe.commit.lag` (histogram, recorded in seconds from the client's milliseconds) and the
 * `snowpipe.buffer.usage` observable gauge, which reports the last value given at each
 * collection.
 */
export function createClientMetrics(instruments: LazyInstruments): OtelClientMetrics {
  return {
    rowsAppended(rows, bytes, attributes): void {
      const set = instruments.get();
      const labels = safeAttributes(attributes);
      if (rows > 0) set.rowsAppended.add(rows, labels);
      if (bytes > 0) set.bytesAppended.add(bytes, labels);
    },
    rowsRejected(rows, attributes): void {
      if (rows > 0) instruments.get().rowsRejected.add(rows, safeAttributes(attributes));
    },
    bufferedBytes(bytes): void {
      instruments.setBufferedBytes(bytes);
      instruments.get(); // makes sure the gauge (and its callback) exists
    },
    commitLag(ms, attributes): void {
      if (!Number.isFinite(ms) || ms < 0) return;
      instruments.get().commitLag.record(ms / 1000, safeAttributes(attributes));
    },
  };
}
