// Type test (checked by `tsc` in the typecheck task): what createOtelTelemetry returns satisfies
// the real ports, so the package needs none of them at run time.
import type { RetryObserver } from '@snowpipe/retry';
import type {
  ClientMetrics,
  HttpAttemptScope,
  OperationScope,
  Telemetry,
} from '@snowpipe/streaming-client';
import type { TokenGuardObserver } from '@snowpipe/token-guard';
import type { OtelTelemetry } from './index.js';

declare const otel: OtelTelemetry;

export const asTelemetry: Telemetry = otel;
export const asRetryObserver: RetryObserver = otel.retryObserver;
export const asTokenObserver: TokenGuardObserver = otel.tokenObserver;
export const asScope: OperationScope = otel.startOperation('snowpipe.append_batch', {});
export const asAttempt: HttpAttemptScope = asScope.httpAttempt({
  method: 'POST',
  url: 'https://h/',
  serverAddress: 'h',
  serverPort: 443,
  resendCount: 0,
});
export const asMetrics: ClientMetrics = otel.metrics;

// The checks above can fail: an observer with a mismatched event shape is rejected.
// @ts-expect-error onRetry takes a retry event, not a number
export const wrongRetry: RetryObserver = { onRetry: (_e: number) => undefined };
// @ts-expect-error onRefreshStart takes a refresh event, not a string
export const wrongToken: TokenGuardObserver = { onRefreshStart: (_e: string) => undefined };
