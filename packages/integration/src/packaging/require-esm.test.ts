import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The packages are ESM-only; Node 20.19+ loads them with require() too, as long as their exports
// map has a `default` condition and nothing uses top-level await. This proves it for each one.
const require = createRequire(import.meta.url);

describe('require() of the published packages (Node 20.19+)', () => {
  it.each([
    ['@snowpipe/retry', 'createRetryCoordinator'],
    ['@snowpipe/token-guard', 'createTokenGuard'],
    ['@snowpipe/streaming-client', 'createClient'],
    ['@snowpipe/transport-undici', 'createUndiciTransport'],
    ['@snowpipe/emulator', 'startEmulator'],
  ])('%s exposes %s', (name, entry) => {
    const mod = require(name) as Record<string, unknown>;
    expect(typeof mod[entry]).toBe('function');
  });
});
