import { describe, expect, it } from 'vitest';
import { EmulatorError } from './errors.js';
import { DEFAULT_EMULATOR_OPTIONS } from './options.js';
import { resolveOptions } from './resolve-options.js';

describe('resolveOptions', () => {
  it('applies documented defaults', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      commitDelayMs: 0,
      scopedTokenTtlS: 3600,
      hostnameMode: 'plain',
      requireAccept: false,
      autoCreatePipes: true,
      retainRowsCap: 0,
      validation: 'full',
      maxRequestBytes: 4 * 1024 * 1024,
    });
    expect(Object.isFrozen(DEFAULT_EMULATOR_OPTIONS)).toBe(true);
  });

  it('maps retainRows', () => {
    expect(resolveOptions({ retainRows: true }).retainRowsCap).toBe(10_000);
    expect(resolveOptions({ retainRows: 5 }).retainRowsCap).toBe(5);
  });

  it.each([
    [{ port: 70000 }, /port/],
    [{ commitDelayMs: -1 }, /commitDelayMs/],
    [{ scopedTokenTtlS: 0 }, /scopedTokenTtlS/],
    [{ scopedTokenTtlS: 59 }, /scopedTokenTtlS.*at least 60/],
    [{ validation: 'slow' }, /validation/],
    [{ retainRows: 'yes' }, /retainRows/],
    [{ rowKeyField: '' }, /rowKeyField/],
    [{ maxRequestBytes: 0 }, /maxRequestBytes/],
    [{ pipes: [{ database: 'd' }] }, /pipes/],
  ])('rejects %j naming the option', (bad, pattern) => {
    expect(() => resolveOptions(bad as never)).toThrow(EmulatorError);
    expect(() => resolveOptions(bad as never)).toThrow(pattern);
  });
});
