import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import type { ProgressSnapshot } from '../progress/progress-snapshot.js';
import type { ChannelProgress } from './channel-progress.js';

/** One channel in the summary. */
export interface ChannelSummary {
  /** Channel name. */
  channel: string;
  /** How it ended. */
  outcome: ChannelProgress['phase'];
  /** Committed offset token when this run began. */
  resumedFrom: string | null;
  /** Committed offset token at the end. */
  committedToken: string | null;
  /** Offset token of the last row appended by this run. */
  lastAppendedToken: string | null;
  /** Rows appended by this run. */
  rowsAppended: number;
  /** Of those, rows committed. */
  rowsCommitted: number;
  /** Rows appended but not known to be committed (the next run sends them again). */
  rowsUncommitted: number;
  /** Rows rejected. */
  rowsRejected: number;
  /** Why it failed. */
  error?: string;
}

/** The result of `snowpipe ingest`, also printed with `--json`. */
export interface IngestSummary {
  /** `complete` when every input row was committed. */
  outcome: 'complete' | 'interrupted' | 'stopped' | 'failed';
  /** Process exit code. */
  exitCode: ExitCode;
  /** Totals. */
  rows: {
    /** Rows handed to the client. */
    appended: number;
    /** Rows the service confirmed committed. */
    committed: number;
    /** Rows appended but not confirmed committed when the command ended. */
    uncommitted: number;
    /** Input rows refused (bad lines), skipped or stopped at. */
    rejected: number;
  };
  /** Raw input bytes read. */
  bytes: number;
  /** Wall time. */
  seconds: number;
  /** Appended rows per second. */
  rowsPerSecond: number;
  /** Per channel. */
  channels: ChannelSummary[];
}

/** Builds the summary and picks the exit code (failure, then bad input, then signal). */
export function summarize(
  channels: readonly ChannelProgress[],
  totals: ProgressSnapshot,
  signal: 'SIGINT' | 'SIGTERM' | undefined,
): IngestSummary {
  const list: ChannelSummary[] = channels.map((c) => ({
    channel: c.name,
    outcome: c.phase,
    resumedFrom: c.resumedFrom,
    committedToken: c.committedToken,
    lastAppendedToken: c.lastAppendedToken,
    rowsAppended: c.rowsAppended,
    rowsCommitted: c.rowsCommitted,
    rowsUncommitted: c.rowsAppended - c.rowsCommitted,
    rowsRejected: c.rowsRejected,
    ...(c.error !== undefined ? { error: c.error.message } : {}),
  }));
  const failed = channels.find((c) => c.phase === 'failed');
  const outcome: IngestSummary['outcome'] = failed
    ? 'failed'
    : channels.some((c) => c.phase === 'stopped')
      ? 'stopped'
      : channels.some((c) => c.phase === 'interrupted') || signal !== undefined
        ? 'interrupted'
        : 'complete';
  const exitCode: ExitCode =
    outcome === 'failed'
      ? failed?.error instanceof CliError
        ? failed.error.exitCode
        : EXIT_CODES.failure
      : outcome === 'stopped'
        ? EXIT_CODES.badInput
        : outcome === 'interrupted'
          ? signal === 'SIGTERM'
            ? EXIT_CODES.terminated
            : EXIT_CODES.interrupted
          : EXIT_CODES.ok;
  const uncommitted = list.reduce((n, c) => n + c.rowsUncommitted, 0);
  return {
    outcome,
    exitCode,
    rows: {
      appended: totals.rows,
      committed: totals.committed,
      uncommitted,
      rejected: totals.rejected,
    },
    bytes: totals.bytes,
    seconds: totals.elapsedSeconds,
    rowsPerSecond: totals.rowsPerSecond,
    channels: list,
  };
}
