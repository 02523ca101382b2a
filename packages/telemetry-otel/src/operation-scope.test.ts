import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { createHarness, idOf, parentId, serializeSpans } from '../test/otel-harness.js';

describe('operation and HTTP attempt spans', () => {
  it('builds operation -> two CLIENT spans with resend_count on the retry, and a retry event', async () => {
    const h = createHarness();
    const t = h.telemetry;
    const scope = t.startOperation('snowpipe.append_batch', {
      'snowpipe.channel': 'ch1',
      'snowpipe.pipe': 'DB.SC.P',
      'snowpipe.rows': 3,
      'snowpipe.bytes': undefined,
    });
    await scope.run(async () => {
      const info = {
        method: 'post',
        url: 'https://acct.snowflakecomputing.com/v2/streaming/data/rows?requestId=r1&continuationToken=0_1',
        serverAddress: 'acct.snowflakecomputing.com',
        serverPort: 443,
      };
      const first = scope.httpAttempt({ ...info, resendCount: 0 });
      h.advance(120);
      first.end({ status: 503 });
      t.retryObserver.onRetry({
        operation: 'snowpipe.append_batch',
        attempt: 1,
        delayMs: 200,
        delaySource: 'backoff',
        errorKind: 'server',
        status: 503,
        error: Object.assign(new Error('boom'), { code: 'SERVICE_UNAVAILABLE' }),
      });
      await Promise.resolve();
      const second = scope.httpAttempt({ ...info, resendCount: 1 });
      h.advance(30);
      second.end({ status: 200 });
    });
    scope.setAttributes({ 'snowpipe.bytes': 42 });
    scope.end();

    const op = h.span('snowpipe.append_batch');
    expect(op.kind).toBe(SpanKind.INTERNAL);
    expect(op.attributes).toEqual({
      'snowpipe.channel': 'ch1',
      'snowpipe.pipe': 'DB.SC.P',
      'snowpipe.rows': 3,
      'snowpipe.bytes': 42,
    });
    expect(op.status.code).toBe(SpanStatusCode.UNSET);
    const [a1, a2] = [h.span('POST', 0), h.span('POST', 1)];
    for (const a of [a1, a2]) {
      expect(a.kind).toBe(SpanKind.CLIENT);
      expect(parentId(a)).toBe(idOf(op));
      expect(a.spanContext().traceId).toBe(op.spanContext().traceId);
    }
    expect(a1.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'acct.snowflakecomputing.com',
      'server.port': 443,
      'url.full':
        'https://acct.snowflakecomputing.com/v2/streaming/data/rows?requestId=r1&continuationToken=REDACTED',
      'url.scheme': 'https',
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(a1.status.code).toBe(SpanStatusCode.ERROR);
    expect(a2.attributes['http.request.resend_count']).toBe(1);
    expect(a2.attributes['http.response.status_code']).toBe(200);
    expect(a2.attributes).not.toHaveProperty('error.type');
    expect(a2.status.code).toBe(SpanStatusCode.UNSET);
    expect(op.events.map((e) => e.name)).toEqual(['snowpipe.retry']);
    expect(op.events[0]!.attributes).toEqual({
      'snowpipe.operation': 'snowpipe.append_batch',
      'snowpipe.retry.reason': 'server',
      'snowpipe.retry.delay_source': 'backoff',
      'http.response.status_code': 503,
      'snowpipe.retry.attempt': 1,
      'snowpipe.retry.delay_ms': 200,
      'error.type': 'SERVICE_UNAVAILABLE',
    });
  });

  it('nests an operation started inside another operation run()', async () => {
    const h = createHarness();
    const outer = h.telemetry.startOperation('snowpipe.open_channel', {});
    await outer.run(async () => {
      await Promise.resolve();
      const inner = h.telemetry.startOperation('snowpipe.exchange_token', {});
      await inner.run(async () => {
        expect(trace.getActiveSpan()).toBeDefined();
      });
      inner.end();
    });
    outer.end();
    expect(parentId(h.span('snowpipe.exchange_token'))).toBe(idOf(h.span('snowpipe.open_channel')));
    expect(parentId(h.span('snowpipe.open_channel'))).toBeUndefined();
  });

  it('makes its span active inside run() only, and returns what fn returns', async () => {
    const h = createHarness();
    const scope = h.telemetry.startOperation('snowpipe.flush', {});
    const seen = await scope.run(async () => trace.getActiveSpan()?.spanContext().spanId);
    expect(trace.getSpan(context.active())).toBeUndefined();
    scope.end();
    expect(seen).toBe(idOf(h.span('snowpipe.flush')));
  });

  it('parents an HTTP attempt on its operation even when called outside run()', () => {
    const h = createHarness();
    const scope = h.telemetry.startOperation('snowpipe.status_poll', {});
    scope
      .httpAttempt({
        method: 'GET',
        url: 'http://127.0.0.1:8080/x',
        serverAddress: '127.0.0.1',
        serverPort: 8080,
        resendCount: 0,
      })
      .end({ status: 200 });
    scope.end();
    expect(parentId(h.span('GET'))).toBe(idOf(h.span('snowpipe.status_poll')));
  });

  it('marks a failed operation ERROR with error.type from the code, never the message', () => {
    const h = createHarness();
    const scope = h.telemetry.startOperation('snowpipe.close_channel', {});
    scope.event('snowpipe.flush.waiting', { 'snowpipe.rows': 5, skipped: undefined });
    scope.end(
      Object.assign(new Error('contains a message'), { code: 'ERR_CHANNEL_MUST_BE_REOPENED' }),
    );
    scope.end(new Error('second end is ignored'));
    const [op] = h.spans();
    expect(h.spans()).toHaveLength(1);
    expect(op!.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'ERR_CHANNEL_MUST_BE_REOPENED',
    });
    expect(op!.attributes['error.type']).toBe('ERR_CHANNEL_MUST_BE_REOPENED');
    expect(op!.events[0]!.attributes).toEqual({ 'snowpipe.rows': 5 });
    expect(serializeSpans(h.spans())).not.toContain('contains a message');
  });

  it('uses the transport error code as error.type when no response arrived', () => {
    const h = createHarness();
    const scope = h.telemetry.startOperation('snowpipe.discover_host', {});
    const attempt = scope.httpAttempt({
      method: 'GET',
      url: 'https://h.example/v2/streaming/hostname',
      serverAddress: 'h.example',
      serverPort: 443,
      resendCount: 2,
    });
    attempt.end({ errorType: 'ECONNRESET' });
    attempt.end({ status: 200 });
    scope.end();
    const span = h.span('GET');
    expect(span.attributes['error.type']).toBe('ECONNRESET');
    expect(span.attributes['http.request.resend_count']).toBe(2);
    expect(span.attributes).not.toHaveProperty('http.response.status_code');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(h.spans().filter((s) => s.name === 'GET')).toHaveLength(1);
  });

  it('maps an unknown method to _OTHER with the original kept, span name HTTP', () => {
    const h = createHarness();
    const scope = h.telemetry.startOperation('snowpipe.drop_channel', {});
    scope
      .httpAttempt({
        method: 'FOO',
        url: 'not a url',
        serverAddress: 'h',
        serverPort: 1,
        resendCount: 0,
      })
      .end({ status: 204 });
    scope.end();
    const span = h.span('HTTP');
    expect(span.attributes['http.request.method']).toBe('_OTHER');
    expect(span.attributes['http.request.method_original']).toBe('FOO');
    expect(span.attributes).not.toHaveProperty('url.full');
  });
});
