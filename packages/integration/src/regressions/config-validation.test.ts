// Bugs found by src/fuzz/config.fuzz.test.ts in @snowpipe/streaming-client, pinned as plain
// regression tests. Fixed: the client now validates injected ports (config/validate-ports.ts) and
// quotes bad values without String() (config/validate-options.ts); the fuzzer covers these inputs
// again.
import { ConfigurationError, createClient } from '@snowpipe/streaming-client';
import type { ClientOptions } from '@snowpipe/streaming-client';
import { describe, expect, it } from 'vitest';
import { createTestKeyPair } from '../chaos/test-key-pair.js';

const keys = createTestKeyPair();
const options = (extra: Record<string, unknown>): ClientOptions =>
  ({
    clientName: 'finding',
    dbName: 'DB',
    schemaName: 'PUBLIC',
    pipeName: 'PIPE',
    connect: 'lazy',
    properties: {
      url: 'http://127.0.0.1:9',
      account: 'ACC',
      user: 'U',
      private_key: keys.privateKeyPem,
    },
    ...extra,
  }) as unknown as ClientOptions;

async function rejection(extra: Record<string, unknown>): Promise<unknown> {
  try {
    const client = await createClient(options(extra));
    await client.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('regression: createClient validation names the option for any bad value', () => {
  // streaming-client src/config/validate-options.ts `safe()` calls String(value) to quote the bad
  // value; String() of an object without a prototype throws "Cannot convert object to primitive value".
  it('a null-prototype object as a numeric knob is a ConfigurationError naming it (not a TypeError)', async () => {
    const error = await rejection({ maxClientLagMs: Object.create(null) as object });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).field).toBe('maxClientLagMs');
  });

  // `clock` and `random` are not validated by the client: the TypeError of @snowpipe/retry's
  // coordinator escapes instead of a ConfigurationError naming the option.
  it.each([
    ['clock', ''],
    ['clock', { now: 1 }],
    ['random', ''],
    ['random', 0.5],
  ])('%s = %j is a ConfigurationError naming it', async (field, value) => {
    const error = await rejection({ [field]: value });
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).field).toBe(field);
  });
});
