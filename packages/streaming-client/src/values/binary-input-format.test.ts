import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { resolveBinaryInputFormat } from './binary-input-format.js';

describe('resolveBinaryInputFormat', () => {
  it("defaults to Snowflake's HEX and takes the official SDK's three names", () => {
    expect(resolveBinaryInputFormat(undefined)).toBe('HEX');
    for (const f of ['HEX', 'BASE64', 'UTF-8'] as const)
      expect(resolveBinaryInputFormat(f)).toBe(f);
  });

  it.each([['hex'], ['UTF8'], [1]])('refuses %s naming the option', (bad) => {
    expect(() => resolveBinaryInputFormat(bad)).toThrow(ConfigurationError);
    expect(() => resolveBinaryInputFormat(bad)).toThrow(
      /binaryInputFormat: must be one of HEX, BASE64, UTF-8/,
    );
  });
});
