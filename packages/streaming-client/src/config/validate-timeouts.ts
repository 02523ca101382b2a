import { ConfigurationError } from '../errors/configuration-error.js';
import { DEFAULT_CLIENT_OPTIONS } from './client-options.js';
import type { ClientOptions, RequestTimeouts } from './client-options.js';

const KINDS = ['append', 'status', 'control'] as const;
/** An attempt timeout longer than this is surely a unit mistake (seconds for milliseconds). */
const MAX_REQUEST_TIMEOUT_MS = 3_600_000;

function problem(field: string, value: unknown, expected: string): never {
  const shown = typeof value === 'object' && value !== null ? 'an object' : String(value);
  throw new ConfigurationError(
    `${field}: must be ${expected}, got ${shown} (from option ${field})`,
    {
      field,
      source: `option ${field}`,
    },
  );
}

function milliseconds(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    problem(field, value, `an integer in [${min}, ${max}]`);
  }
  return value;
}

/**
 * Validates `requestTimeoutMs` (one number, or per kind: `append`, `status`, `control`) and
 * `stallTimeoutMs`, filling defaults; an error names the field.
 */
export function validateTimeouts(options: ClientOptions): {
  requestTimeoutMs: Readonly<Required<RequestTimeouts>>;
  stallTimeoutMs: number;
} {
  const given: unknown = options.requestTimeoutMs;
  const defaults = DEFAULT_CLIENT_OPTIONS.requestTimeoutMs;
  let requestTimeoutMs: Required<RequestTimeouts>;
  if (given === undefined) {
    requestTimeoutMs = { ...defaults };
  } else if (typeof given === 'number') {
    const ms = milliseconds('requestTimeoutMs', given, 1, MAX_REQUEST_TIMEOUT_MS);
    requestTimeoutMs = { append: ms, status: ms, control: ms };
  } else if (typeof given === 'object' && given !== null && !Array.isArray(given)) {
    const byKind = given as Record<string, unknown>;
    for (const key of Object.keys(byKind)) {
      if (!(KINDS as readonly string[]).includes(key)) {
        problem(`requestTimeoutMs.${key}`, key, `one of ${KINDS.join(', ')}`);
      }
    }
    requestTimeoutMs = { ...defaults };
    for (const kind of KINDS) {
      const value = byKind[kind];
      if (value === undefined) continue;
      requestTimeoutMs[kind] = milliseconds(
        `requestTimeoutMs.${kind}`,
        value,
        1,
        MAX_REQUEST_TIMEOUT_MS,
      );
    }
  } else {
    problem('requestTimeoutMs', given, 'a number of milliseconds or { append, status, control }');
  }
  const stallTimeoutMs = milliseconds(
    'stallTimeoutMs',
    options.stallTimeoutMs ?? DEFAULT_CLIENT_OPTIONS.stallTimeoutMs,
    0,
    Number.MAX_SAFE_INTEGER,
  );
  return { requestTimeoutMs: Object.freeze(requestTimeoutMs), stallTimeoutMs };
}
