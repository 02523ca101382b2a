import { describe, expect, it } from 'vitest';
import { createOtelTelemetry, OtelTelemetryError } from './index.js';

describe('createOtelTelemetry options', () => {
  it.each([
    [{ tracerProvider: {} }, 'tracerProvider'],
    [{ meterProvider: { getMeter: 1 } }, 'meterProvider'],
    [{ scopeName: '' }, 'scopeName'],
    [{ scopeVersion: 1 }, 'scopeVersion'],
    [{ clock: { now: () => 0 } }, 'clock'],
  ])('rejects %j naming %s', (options, name) => {
    const create = (): unknown => createOtelTelemetry(options as never);
    expect(create).toThrow(OtelTelemetryError);
    expect(create).toThrow(`option "${name}"`);
  });

  it('works with no options and no SDK registered (records nothing, throws nothing)', async () => {
    const t = createOtelTelemetry();
    const scope = t.startOperation('snowpipe.flush', { a: 1 });
    expect(await scope.run(async () => 5)).toBe(5);
    scope
      .httpAttempt({
        method: 'GET',
        url: 'https://h/',
        serverAddress: 'h',
        serverPort: 443,
        resendCount: 0,
      })
      .end({ status: 200 });
    scope.end();
    t.metrics.bufferedBytes(1);
    expect(Object.isFrozen(t)).toBe(true);
  });
});
