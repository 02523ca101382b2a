import type { LedgerVerdict } from './ledger-check.js';

/** Everything a chaos run measured; see RELIABILITY.md for how each figure is obtained. */
export interface ChaosReport {
  seed: number;
  transport: string;
  /** How the first client went away (`crash` or `close`). */
  restart: string;
  rows: number;
  channels: number;
  rowsPerChannel: number;
  batchRows: number;
  durationMs: number;
  /** Chaos events applied, by kind (rules by fault kind, `revokeScopedTokens`, `withholdCommit`). */
  eventsApplied: Record<string, number>;
  /** Faults that actually fired in the emulator (`emulator.faults.fired()`), by kind. */
  faultsFired: Record<string, number>;
  faultsFiredTotal: number;
  /** Scoped-token revocations: `revokeScopedTokens` events plus fired `http401` faults (which revoke too). */
  revocations: number;
  ledger: LedgerVerdict;
  /** Client retries (both clients, from `client.stats()`). */
  retries: number;
  /** The bound `retries` must stay within (see {@link retryBound}). */
  retryBound: number;
  /** Channel reopens done by the clients' own recovery. */
  recoveries: number;
  rowsReplayed: number;
  tokenRefreshes: number;
  /** Channels the harness reopened itself after an error surfaced to the application. */
  appResumes: number;
  /** Error codes that surfaced to the application (append, open, waitForCommit), by code. */
  surfacedErrors: Record<string, number>;
  /** The first few surfaced errors: channel, phase, message and cause chain. */
  surfacedSamples: string[];
  /** Batch count at which the first client was abandoned. */
  restartAtBatch: number;
  /** Offset each channel resumed from in the second client (committed token + 1). */
  resumedFrom: Record<string, number>;
  requests: number;
  requestsByEndpoint: Record<string, number>;
  peakHeapBytes: number;
  unhandledRejections: number;
  unhandledSamples: string[];
}

/**
 * The retry bound: each fired fault fails at most one attempt, and each revocation fails at most
 * the requests in flight then (one per channel plus open/status/poller slack); each failed
 * attempt may be retried at most `maxAttempts - 1` times.
 */
export function retryBound(
  faultsFired: number,
  revocations: number,
  channels: number,
  maxAttempts: number,
): number {
  return (faultsFired + revocations * (channels + 4)) * Math.max(1, maxAttempts - 1);
}

/** The limits a run is judged against. */
export interface ChaosLimits {
  /** Peak `heapUsed` allowed. */
  maxHeapBytes: number;
}

/** Every way the run broke its guarantees; empty means it passed. */
export function chaosViolations(report: ChaosReport, limits: ChaosLimits): string[] {
  const v = [...report.ledger.problems];
  if (report.ledger.duplicates !== 0) v.push(`${report.ledger.duplicates} duplicate rows`);
  if (report.ledger.missing !== 0) v.push(`${report.ledger.missing} missing rows`);
  if (report.unhandledRejections !== 0)
    v.push(
      `${report.unhandledRejections} unhandled rejections: ${report.unhandledSamples.join(' | ')}`,
    );
  if (report.retries > report.retryBound)
    v.push(`${report.retries} retries exceed the bound ${report.retryBound}`);
  if (report.peakHeapBytes > limits.maxHeapBytes)
    v.push(`peak heap ${mib(report.peakHeapBytes)} MiB exceeds ${mib(limits.maxHeapBytes)} MiB`);
  if (report.faultsFiredTotal === 0) v.push('no fault fired: the run tested nothing');
  return v;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** One-paragraph summary, also the failure message (it names the seed to replay). */
export function formatChaosReport(report: ChaosReport): string {
  const kinds = (r: Record<string, number>): string =>
    Object.entries(r)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}=${n}`)
      .join(', ');
  return [
    `chaos seed ${report.seed} (replay: CHAOS_SEED=${report.seed} CHAOS_ROWS=${report.rows}) over ${report.transport}, restart by ${report.restart}:`,
    `${report.ledger.expectedRows} rows on ${report.channels} channels in ${report.durationMs} ms;`,
    `committed ${report.ledger.committedRows}, distinct ${report.ledger.distinctKeys}, duplicates ${report.ledger.duplicates}, missing ${report.ledger.missing};`,
    `events applied {${kinds(report.eventsApplied)}}; faults fired ${report.faultsFiredTotal} {${kinds(report.faultsFired)}}; revocations ${report.revocations};`,
    `retries ${report.retries} (bound ${report.retryBound}), recoveries ${report.recoveries}, rows replayed ${report.rowsReplayed}, token refreshes ${report.tokenRefreshes}, app resumes ${report.appResumes} {${kinds(report.surfacedErrors)}};`,
    `restart after batch ${report.restartAtBatch}; requests ${report.requests}; peak heap ${mib(report.peakHeapBytes)} MiB; unhandled rejections ${report.unhandledRejections}`,
  ].join(' ');
}
