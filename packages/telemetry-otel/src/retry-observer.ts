import { trace } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { ATTR, EVENT } from './attribute-names.js';
import type { LazyInstruments } from './instruments.js';
import type { OtelRetryObserver } from './port-types.js';
import { errorTypeOf, safeLabel } from './safe-attributes.js';

/**
 * A retry observer that adds a `snowpipe.retry` event to the active span (the operation the
 * coordinator runs inside, if any) and counts `snowpipe.retries` by operation, reason (the error
 * kind) and delay source. Giving up adds a `snowpipe.retry.give_up` event.
 */
export function createRetryObserver(instruments: LazyInstruments): OtelRetryObserver {
  return {
    onRetry(e): void {
      const labels: Attributes = {
        [ATTR.operation]: safeLabel(e.operation),
        [ATTR.retryReason]: safeLabel(e.errorKind),
        [ATTR.retryDelaySource]: safeLabel(e.delaySource),
      };
      if (e.status !== undefined) labels[ATTR.httpStatus] = e.status;
      instruments.get().retries.add(1, labels);
      trace.getActiveSpan()?.addEvent(EVENT.retry, {
        ...labels,
        [ATTR.retryAttempt]: e.attempt,
        [ATTR.retryDelayMs]: e.delayMs,
        [ATTR.errorType]: errorTypeOf(e.error),
      });
    },
    onGiveUp(e): void {
      trace.getActiveSpan()?.addEvent(EVENT.retryGiveUp, {
        [ATTR.operation]: safeLabel(e.operation),
        [ATTR.retryGiveUpReason]: safeLabel(e.reason),
        [ATTR.errorType]: errorTypeOf(e.error),
      });
    },
  };
}
