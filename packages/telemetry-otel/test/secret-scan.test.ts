// Passes known secrets through every entry point the Telemetry port allows and scans every
// exported span, event, attribute and metric data point for them.
import { describe, expect, it } from 'vitest';
import { createHarness, serializeSpans } from './otel-harness.js';

const PAT = 'PATsecretValue0123456789abcdef';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTRUNSRVQifQ.U0lHTkFUVVJFc2VjcmV0';
const PASSWORD = 'hunter2passphraseSECRET';
const PEM =
  '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIsecretPEMbody\n-----END ENCRYPTED PRIVATE KEY-----';
const SECRETS = [PAT, JWT, PASSWORD, 'MIIsecretPEMbody', 'U0lHTkFUVVJFc2VjcmV0'];

const secretError = (): Error =>
  Object.assign(new Error(`request failed with token ${JWT} and ${PAT}`), {
    cause: new Error(PASSWORD),
    body: `{"token":"${JWT}"}`,
  });

describe('no secret reaches any exported telemetry', () => {
  it('scrubs urls, attributes, events, errors and observer payloads', async () => {
    const h = createHarness();
    const t = h.telemetry;
    const attrs = {
      'snowpipe.channel': 'c',
      'snowpipe.note': `Bearer ${PAT}`,
      'snowpipe.header': JWT,
      private_key: PEM,
      private_key_passphrase: PASSWORD,
      authorization: PAT,
      'snowpipe.scoped_token': PAT,
    };
    const op = t.startOperation('snowpipe.open_channel', attrs);
    await op.run(async () => {
      op.setAttributes(attrs);
      op.event('snowpipe.something', attrs);
      const attempt = op.httpAttempt({
        method: 'POST',
        url: `https://user:${PASSWORD}@h.example/v2/x?token=${PAT}&jwt=${JWT}&client_secret=${PASSWORD}&k=${JWT}#${PAT}`,
        serverAddress: 'h.example',
        serverPort: 443,
        resendCount: 1,
      });
      attempt.end({ status: 401, errorType: JWT });
      t.retryObserver.onRetry({
        operation: 'open',
        attempt: 1,
        delayMs: 1,
        delaySource: 'backoff',
        errorKind: 'auth',
        status: 401,
        error: secretError(),
      });
      t.retryObserver.onGiveUp({
        operation: 'open',
        reason: 'not_retryable',
        outcome: { secret: PAT },
        error: secretError(),
      });
      t.tokenObserver.onRefreshStart({ attemptId: 1, reason: 'forced', kind: 'scoped', atMs: 0 });
      t.tokenObserver.onEscalation({
        attemptId: 1,
        reason: 'forced',
        consecutiveFailures: 3,
        error: secretError(),
      });
      t.tokenObserver.onRefreshFailure({
        attemptId: 1,
        reason: 'forced',
        errorKind: JWT,
        error: secretError(),
        consecutiveFailures: 3,
        durationMs: 1,
        attempts: 1,
      });
      t.tokenObserver.onRefreshStart({ attemptId: 2, reason: 'forced', kind: JWT, atMs: 0 });
      t.tokenObserver.onRefreshSuccess({
        attemptId: 2,
        reason: 'forced',
        kind: JWT,
        issuedAtMs: 1,
        expiresAtMs: 2,
        durationMs: 1,
        attempts: 1,
        delayMs: 0,
      });
      t.tokenObserver.onEscalation({
        attemptId: 3,
        reason: PAT,
        consecutiveFailures: 3,
        error: secretError(),
      });
      t.metrics.rowsAppended(1, 10, attrs);
      t.metrics.commitLag(5, attrs);
      t.metrics.bufferedBytes(7);
    });
    op.end(secretError());

    const spans = h.spans();
    expect(spans.length).toBeGreaterThanOrEqual(4);
    const spanText = serializeSpans(spans);
    const metricText = JSON.stringify(await h.collect());
    // The scan must look at real output: the non-secret values are there.
    expect(spanText).toContain('snowpipe.channel');
    expect(spanText).toContain('h.example/v2/x');
    expect(metricText).toContain('snowpipe.rows.appended');
    expect(metricText).toContain('http.client.request.duration');
    for (const secret of SECRETS) {
      expect(spanText).not.toContain(secret);
      expect(metricText).not.toContain(secret);
    }
  });
});
