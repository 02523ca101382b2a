import { ConfigurationError } from '../errors/configuration-error.js';
import type { ClientOptions } from './client-options.js';

type PortName = 'clock' | 'random' | 'transport' | 'telemetry' | 'logger';

// The methods each injected dependency must have (random is itself a function).
const REQUIRED_METHODS: Record<Exclude<PortName, 'random'>, readonly string[]> = {
  clock: ['now', 'sleep'],
  transport: ['request'],
  telemetry: ['startOperation'],
  logger: [],
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function reject(field: PortName, problem: string): never {
  throw new ConfigurationError(`${field}: ${problem}`, { field, source: `option ${field}` });
}

/**
 * Checks the injected dependencies of {@link ClientOptions} (`clock`, `random`, `transport`,
 * `telemetry`, `logger`) before anything uses them, so a wrong one fails with a
 * `ConfigurationError` naming it rather than a `TypeError` from deep inside.
 */
export function validatePorts(options: ClientOptions): void {
  const { random } = options;
  if (random !== undefined && typeof random !== 'function') {
    reject('random', `must be a function returning numbers in [0, 1), got ${describe(random)}`);
  }
  for (const field of Object.keys(REQUIRED_METHODS) as (keyof typeof REQUIRED_METHODS)[]) {
    const value: unknown = options[field];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null) {
      reject(field, `must be an object, got ${describe(value)}`);
    }
    for (const method of REQUIRED_METHODS[field]) {
      if (typeof (value as Record<string, unknown>)[method] !== 'function') {
        reject(field, `must have a ${method}() method`);
      }
    }
  }
}
