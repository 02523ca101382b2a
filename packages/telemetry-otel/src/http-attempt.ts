import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Context, Tracer } from '@opentelemetry/api';
import { ATTR } from './attribute-names.js';
import type { LazyInstruments } from './instruments.js';
import type { MonotonicClock, OtelHttpAttemptInfo, OtelHttpAttemptScope } from './port-types.js';
import { recordsHttpAttempts } from './http-spans.js';
import type { HttpSpansMode } from './http-spans.js';
import { safeLabel } from './safe-attributes.js';
import { sanitizeUrl } from './sanitize-url.js';

const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** Everything an HTTP attempt needs from the telemetry it belongs to. */
export interface HttpAttemptDeps {
  readonly tracer: Tracer;
  readonly instruments: LazyInstruments;
  readonly clock: MonotonicClock;
  readonly httpSpans: HttpSpansMode;
}

const SKIPPED: OtelHttpAttemptScope = Object.freeze({ end: () => undefined });

/**
 * Starts one CLIENT span (stable HTTP semconv) under `parent` and times the attempt for
 * `http.client.request.duration`. Ending twice is ignored.
 */
export function startHttpAttempt(
  deps: HttpAttemptDeps,
  parent: Context,
  info: OtelHttpAttemptInfo,
): OtelHttpAttemptScope {
  if (!recordsHttpAttempts(deps.httpSpans)) return SKIPPED;
  const upper = info.method.toUpperCase();
  const method = KNOWN_METHODS.has(upper) ? upper : '_OTHER';
  const common: Attributes = {
    [ATTR.httpMethod]: method,
    [ATTR.serverAddress]: info.serverAddress,
    [ATTR.serverPort]: info.serverPort,
  };
  const spanAttributes: Attributes = { ...common };
  if (method === '_OTHER') spanAttributes[ATTR.httpMethodOriginal] = info.method;
  const url = sanitizeUrl(info.url);
  if (url !== undefined) {
    spanAttributes[ATTR.urlFull] = url;
    spanAttributes[ATTR.urlScheme] = url.slice(0, url.indexOf(':'));
  }
  if (info.resendCount > 0) spanAttributes[ATTR.httpResendCount] = info.resendCount;
  const span = deps.tracer.startSpan(
    method === '_OTHER' ? 'HTTP' : method,
    { kind: SpanKind.CLIENT, attributes: spanAttributes },
    parent,
  );
  const startedAt = deps.clock.monotonicNow();
  let ended = false;
  return {
    end(result: { status?: number; errorType?: string; protocolVersion?: string }): void {
      if (ended) return;
      ended = true;
      const durationS = Math.max(0, deps.clock.monotonicNow() - startedAt) / 1000;
      const outcome: Attributes = {};
      if (result.status !== undefined) outcome[ATTR.httpStatus] = result.status;
      if (result.protocolVersion !== undefined) {
        outcome[ATTR.networkProtocolVersion] = result.protocolVersion;
      }
      let errorType: string | undefined;
      if (result.errorType !== undefined) errorType = safeLabel(result.errorType);
      else if (result.status !== undefined && result.status >= 400)
        errorType = String(result.status);
      if (errorType !== undefined) outcome[ATTR.errorType] = errorType;
      span.setAttributes(outcome);
      if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      deps.instruments.get().httpDuration.record(durationS, { ...common, ...outcome });
    },
  };
}
