import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { ClientOptions } from './client-options.js';
import { validatePorts } from './validate-ports.js';

const base = { clientName: 'c', dbName: 'D', schemaName: 'S', pipeName: 'P' } as ClientOptions;

describe('validatePorts', () => {
  it.each([
    ['clock', ''],
    ['clock', { now: 1 }],
    ['clock', { now: () => 1 }],
    ['random', 0.5],
    ['random', ''],
    ['transport', {}],
    ['transport', 'undici'],
    ['telemetry', { startOperation: 1 }],
    ['logger', 'console'],
    ['logger', null],
  ])('%s = %j fails with a ConfigurationError naming it', (field, value) => {
    const run = () => validatePorts({ ...base, [field]: value });
    expect(run).toThrow(ConfigurationError);
    try {
      run();
    } catch (e) {
      expect((e as ConfigurationError).field).toBe(field);
      expect((e as Error).message).toMatch(new RegExp(`^${field}: `));
    }
  });

  it('accepts well-formed ports and absent ones', () => {
    expect(() =>
      validatePorts({
        ...base,
        clock: { now: () => 0, sleep: () => Promise.resolve() },
        random: () => 0.5,
        transport: { request: () => Promise.reject(new Error('unused')) },
        logger: { info: () => undefined },
      }),
    ).not.toThrow();
    expect(() => validatePorts(base)).not.toThrow();
  });
});
