import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, Context, Span, Tracer } from '@opentelemetry/api';
import { ATTR, EVENT, SPAN } from './attribute-names.js';
import type { LazyInstruments } from './instruments.js';
import type { OtelTokenObserver } from './port-types.js';
import { errorTypeOf, safeLabel } from './safe-attributes.js';

const REASONS = new Set(['initial', 'proactive', 'forced', 'clock_jump']);
/** Refresh spans left open (a start with no end) are ended beyond this many. */
const MAX_OPEN_REFRESHES = 256;

interface OpenRefresh {
  readonly attemptId: number;
  readonly kind: string | undefined;
  readonly guard: string | undefined;
  readonly span: Span;
  /** Span id of the span active when the refresh started (undefined at the root). */
  readonly parentSpanId: string | undefined;
}

/** The token observer plus the hook operations use to nest under an open refresh. */
export interface TokenObserverParts {
  readonly observer: OtelTokenObserver;
  /**
   * The context a token-fetching operation should start in: when a refresh opened under the
   * active span (or at the root, when none is active) is still running, that refresh's span, so
   * the exchange it performs nests under it; otherwise `undefined` (use the active context).
   */
  refreshContext(active: Context): Context | undefined;
}

const reasonOf = (reason: string): string => (REASONS.has(reason) ? reason : 'other');

/**
 * A token-guard observer: each refresh is a `snowpipe.token_refresh` span, a child of the context
 * active when the refresh starts, keyed by attempt id (and token kind, when several guards share
 * this observer). Refreshes are counted in `snowpipe.token.refreshes`; an escalation adds a
 * `snowpipe.token.escalation` event with status ERROR and counts `snowpipe.token.escalations`.
 */
export function createTokenObserver(
  tracer: Tracer,
  instruments: LazyInstruments,
): TokenObserverParts {
  const open: OpenRefresh[] = [];

  const find = (attemptId: number, kind: string | undefined, guard: string | undefined): number => {
    // Newest first: a nested refresh (a key-pair JWT inside a scoped-token refresh) ends first.
    for (let i = open.length - 1; i >= 0; i--) {
      const entry = open[i];
      if (entry?.attemptId !== attemptId) continue;
      // Attempt ids are per guard: when both sides name their guard, they must agree.
      if (guard !== undefined && entry.guard !== undefined && entry.guard !== guard) continue;
      if (kind === undefined || entry.kind === undefined || entry.kind === kind) return i;
    }
    return -1;
  };
  const take = (
    attemptId: number,
    kind: string | undefined,
    guard: string | undefined,
    attributes: Attributes,
  ): Span => {
    const i = find(attemptId, kind, guard);
    if (i >= 0) return open.splice(i, 1)[0]!.span;
    // A start we never saw: record a zero-length span so the outcome is not lost.
    return tracer.startSpan(
      SPAN.tokenRefresh,
      { kind: SpanKind.INTERNAL, attributes },
      context.active(),
    );
  };

  const observer: OtelTokenObserver = {
    onRefreshStart(e): void {
      const kind = e.kind === undefined ? undefined : safeLabel(e.kind);
      const attributes: Attributes = {
        [ATTR.tokenAttemptId]: e.attemptId,
        [ATTR.tokenReason]: reasonOf(e.reason),
      };
      if (kind !== undefined) attributes[ATTR.tokenKind] = kind;
      const active = context.active();
      const span = tracer.startSpan(
        SPAN.tokenRefresh,
        { kind: SpanKind.INTERNAL, attributes },
        active,
      );
      const parentSpanId = trace.getSpan(active)?.spanContext().spanId;
      open.push({ attemptId: e.attemptId, kind, guard: e.guard, span, parentSpanId });
      if (open.length > MAX_OPEN_REFRESHES) open.shift()?.span.end();
    },
    onRefreshSuccess(e): void {
      const labels: Attributes = {
        [ATTR.tokenOutcome]: 'success',
        [ATTR.tokenReason]: reasonOf(e.reason),
        [ATTR.tokenKind]: safeLabel(e.kind),
      };
      const span = take(e.attemptId, safeLabel(e.kind), e.guard, {
        [ATTR.tokenAttemptId]: e.attemptId,
      });
      span.setAttributes({
        ...labels,
        [ATTR.tokenIssuedAtMs]: e.issuedAtMs,
        [ATTR.tokenExpiresAtMs]: e.expiresAtMs,
        [ATTR.tokenDurationMs]: e.durationMs,
        [ATTR.tokenAttempts]: e.attempts,
        [ATTR.tokenDelayMs]: e.delayMs,
      });
      span.end();
      instruments.get().tokenRefreshes.add(1, labels);
    },
    onRefreshFailure(e): void {
      const labels: Attributes = {
        [ATTR.tokenOutcome]: 'failure',
        [ATTR.tokenReason]: reasonOf(e.reason),
        [ATTR.errorType]: safeLabel(e.errorKind),
      };
      const span = take(e.attemptId, undefined, e.guard, {
        [ATTR.tokenAttemptId]: e.attemptId,
      });
      span.setAttributes({
        ...labels,
        [ATTR.tokenConsecutiveFailures]: e.consecutiveFailures,
        [ATTR.tokenDurationMs]: e.durationMs,
        [ATTR.tokenAttempts]: e.attempts,
      });
      span.setStatus({ code: SpanStatusCode.ERROR, message: safeLabel(e.errorKind) });
      span.end();
      instruments.get().tokenRefreshes.add(1, labels);
    },
    onEscalation(e): void {
      const reason = reasonOf(e.reason);
      const eventAttributes: Attributes = {
        [ATTR.tokenAttemptId]: e.attemptId,
        [ATTR.tokenReason]: reason,
        [ATTR.tokenConsecutiveFailures]: e.consecutiveFailures,
        [ATTR.errorType]: errorTypeOf(e.error),
      };
      const i = find(e.attemptId, undefined, e.guard);
      const openSpan = i >= 0 ? open[i]?.span : undefined;
      const span =
        openSpan ??
        tracer.startSpan(
          SPAN.tokenEscalation,
          { kind: SpanKind.INTERNAL, attributes: { [ATTR.tokenAttemptId]: e.attemptId } },
          context.active(),
        );
      span.addEvent(EVENT.tokenEscalation, eventAttributes);
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'token refresh escalated' });
      if (openSpan === undefined) span.end();
      instruments.get().tokenEscalations.add(1, { [ATTR.tokenReason]: reason });
    },
  };
  return {
    observer,
    refreshContext(active: Context): Context | undefined {
      if (open.length === 0) return undefined;
      const activeId = trace.getSpan(active)?.spanContext().spanId;
      for (let i = open.length - 1; i >= 0; i--) {
        const entry = open[i];
        if (entry !== undefined && entry.parentSpanId === activeId)
          return trace.setSpan(active, entry.span);
      }
      return undefined;
    },
  };
}
