import type { ChannelProgress } from '../ingest/channel-progress.js';

/** Totals over every channel at one moment, for the display. */
export interface ProgressSnapshot {
  /** Rows appended by this run. */
  rows: number;
  /** Rows of this run committed. */
  committed: number;
  /** Rows rejected. */
  rejected: number;
  /** Raw input bytes read. */
  bytes: number;
  /** Raw input size, when every input is a regular file. */
  totalBytes: number | undefined;
  /** Rows per second since the start. */
  rowsPerSecond: number;
  /** Seconds left at the current byte rate, when the size is known. */
  etaSeconds: number | undefined;
  /** Seconds since the start. */
  elapsedSeconds: number;
}

/** Adds up the channels' progress at `elapsedMs` since the start. */
export function takeSnapshot(
  channels: readonly ChannelProgress[],
  totalBytes: number | undefined,
  elapsedMs: number,
): ProgressSnapshot {
  let rows = 0;
  let committed = 0;
  let rejected = 0;
  let bytes = 0;
  for (const c of channels) {
    rows += c.rowsAppended;
    committed += c.rowsCommitted;
    rejected += c.rowsRejected;
    bytes += c.rawBytesRead();
  }
  const seconds = Math.max(elapsedMs, 1) / 1000;
  const rate = bytes / seconds;
  const etaSeconds =
    totalBytes !== undefined && rate > 0 ? Math.max(0, (totalBytes - bytes) / rate) : undefined;
  return {
    rows,
    committed,
    rejected,
    bytes,
    totalBytes,
    rowsPerSecond: rows / seconds,
    etaSeconds,
    elapsedSeconds: seconds,
  };
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1,234,567`. */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** Megabytes with one decimal. */
export function formatMb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

/** `1h02m03s`, `4m05s`, `6s`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${String(r).padStart(2, '0')}s`;
  if (m > 0) return `${m}m${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

/** The plain progress line printed when the output is not a terminal. */
export function formatProgressLine(s: ProgressSnapshot): string {
  const eta = s.etaSeconds !== undefined ? `, ETA ${formatDuration(s.etaSeconds)}` : '';
  const rejected = s.rejected > 0 ? `, ${formatCount(s.rejected)} rejected` : '';
  return `progress: ${formatCount(s.rows)} rows, ${formatMb(s.bytes)} MB, ${formatCount(s.rowsPerSecond)} rows/s, ${formatCount(s.committed)} committed${rejected}${eta}`;
}
