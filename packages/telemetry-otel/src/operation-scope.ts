import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { ATTR } from './attribute-names.js';
import { startHttpAttempt } from './http-attempt.js';
import type { HttpAttemptDeps } from './http-attempt.js';
import type { OtelOperationScope, OtelTelemetryAttributes } from './port-types.js';
import { errorTypeOf, safeAttributes } from './safe-attributes.js';

/**
 * Starts the INTERNAL span of one SDK operation as a child of the active context (or of the
 * context `parentFor` returns, e.g. an open token refresh) and returns its scope. `run` makes the span active; HTTP
 * attempts are always children of this span.
 */
export function startOperationScope(
  deps: HttpAttemptDeps,
  name: string,
  attributes: OtelTelemetryAttributes,
  parentFor: (active: Context) => Context | undefined,
): OtelOperationScope {
  const active = context.active();
  const span = deps.tracer.startSpan(
    name,
    { kind: SpanKind.INTERNAL, attributes: safeAttributes(attributes) },
    parentFor(active) ?? active,
  );
  // The caller's active context (baggage and all) with this span set on it, built at each use.
  const withSpan = (): Context => trace.setSpan(context.active(), span);
  let ended = false;
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      return context.with(withSpan(), fn);
    },
    httpAttempt(info) {
      return startHttpAttempt(deps, withSpan(), info);
    },
    setAttributes(extra) {
      span.setAttributes(safeAttributes(extra));
    },
    event(eventName, eventAttributes) {
      span.addEvent(eventName, safeAttributes(eventAttributes));
    },
    end(error?: unknown): void {
      if (ended) return;
      ended = true;
      if (error !== undefined) {
        // Status and error.type only: an error message may carry anything.
        const errorType = errorTypeOf(error);
        span.setAttribute(ATTR.errorType, errorType);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
      }
      span.end();
    },
  };
}
