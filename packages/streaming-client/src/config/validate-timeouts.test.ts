import { describe, expect, it } from 'vitest';
import type { ClientOptions } from './client-options.js';
import { validateTimeouts } from './validate-timeouts.js';

const base = { clientName: 'c', dbName: 'D', schemaName: 'S', pipeName: 'P' } as ClientOptions;

describe('validateTimeouts', () => {
  it('defaults: 25 s for appends and control calls, 10 s for status polls, 5 min stall check', () => {
    expect(validateTimeouts(base)).toEqual({
      requestTimeoutMs: { append: 25_000, status: 10_000, control: 25_000 },
      stallTimeoutMs: 300_000,
    });
  });

  it('one number sets every kind; an object sets some kinds and keeps the other defaults', () => {
    expect(validateTimeouts({ ...base, requestTimeoutMs: 500 }).requestTimeoutMs).toEqual({
      append: 500,
      status: 500,
      control: 500,
    });
    expect(
      validateTimeouts({ ...base, requestTimeoutMs: { status: 2_000 } }).requestTimeoutMs,
    ).toEqual({ append: 25_000, status: 2_000, control: 25_000 });
    expect(validateTimeouts({ ...base, stallTimeoutMs: 0 }).stallTimeoutMs).toBe(0);
  });

  it.each([
    [{ requestTimeoutMs: 0 }, /requestTimeoutMs: must be an integer in \[1, 3600000\], got 0/],
    [{ requestTimeoutMs: 1.5 }, /requestTimeoutMs/],
    [{ requestTimeoutMs: '30s' }, /requestTimeoutMs: must be a number of milliseconds/],
    [{ requestTimeoutMs: { append: -1 } }, /requestTimeoutMs\.append: must be an integer/],
    [
      { requestTimeoutMs: { poll: 5 } },
      /requestTimeoutMs\.poll: must be one of append, status, control/,
    ],
    [{ stallTimeoutMs: -1 }, /stallTimeoutMs: must be an integer/],
  ])('refuses %o naming the field', (extra, message) => {
    expect(() => validateTimeouts({ ...base, ...(extra as Partial<ClientOptions>) })).toThrow(
      message,
    );
  });
});
