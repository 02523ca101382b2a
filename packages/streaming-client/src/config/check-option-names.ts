import { ConfigurationError } from '../errors/configuration-error.js';
import type { ClientOptions } from './client-options.js';

// Every top-level option of `createClient`. A Record over the keys of ClientOptions, so adding an
// option to the interface without listing it here is a compile error, not a refused option.
const KNOWN: Readonly<Record<keyof ClientOptions, true>> = {
  clientName: true,
  dbName: true,
  schemaName: true,
  pipeName: true,
  tableName: true,
  profilePath: true,
  properties: true,
  transport: true,
  retry: true,
  refresh: true,
  telemetry: true,
  logger: true,
  clock: true,
  random: true,
  maxClientLagMs: true,
  maxBatchBytes: true,
  maxRequestBytes: true,
  maxBufferedBytes: true,
  backpressure: true,
  compression: true,
  compressionLevel: true,
  recovery: true,
  reclaimOnTakeover: true,
  maxRecoveryAttempts: true,
  offsetTokenComparator: true,
  commitPollIntervalMs: true,
  commitPollMaxIntervalMs: true,
  closeTimeoutMs: true,
  connect: true,
  requestTimeoutMs: true,
  stallTimeoutMs: true,
  signal: true,
  binaryInputFormat: true,
};

/** The option names `createClient` knows. */
export const CLIENT_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys(KNOWN));

/** Levenshtein distance, case-insensitive (a misspelt option is usually one or two edits off). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + cost,
      );
    }
    row = next;
  }
  return row[y.length] as number;
}

/** The known option nearest to `name`, when it is close enough to be a likely misspelling. */
export function nearestOptionName(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const known of CLIENT_OPTION_NAMES) {
    const d = distance(name, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/**
 * Refuses an options object with a top-level name `createClient` does not know (a misspelt
 * `maxBuferedBytes` would otherwise be ignored without a word), suggesting the nearest one.
 */
export function checkOptionNames(options: object): void {
  for (const name of Object.keys(options)) {
    if (Object.hasOwn(KNOWN, name)) continue;
    const nearest = nearestOptionName(name);
    const hint = nearest === undefined ? '' : ` (did you mean ${nearest}?)`;
    throw new ConfigurationError(`${name}: is not a createClient option${hint}`, {
      field: name,
      source: `option ${name}`,
    });
  }
}
