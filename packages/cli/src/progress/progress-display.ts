import { Presets, SingleBar } from 'cli-progress';
import type { ProgressSnapshot } from './progress-snapshot.js';
import { formatCount, formatMb, formatProgressLine } from './progress-snapshot.js';

/** Where progress goes while an ingest runs. */
export interface ProgressDisplay {
  /** Shows the latest totals. */
  update(snapshot: ProgressSnapshot): void;
  /** Leaves the last state on screen and releases the terminal. */
  stop(snapshot: ProgressSnapshot): void;
}

/** How progress is shown: a live bar on a terminal, periodic lines otherwise, or nothing. */
export type DisplayMode = 'tty' | 'lines' | 'none';

function payload(s: ProgressSnapshot): Record<string, string> {
  return {
    rows: formatCount(s.rows),
    mb: formatMb(s.bytes),
    rate: formatCount(s.rowsPerSecond),
    committed: formatCount(s.committed),
  };
}

/**
 * A live progress line through `cli-progress` (`tty`; its own ETA from the byte rate), one plain line per update (`lines`), or
 * nothing (`none`). The bar tracks input bytes, so its percentage and ETA exist only when the
 * input size is known (regular files); for stdin it shows counts alone.
 */
export function createProgressDisplay(
  mode: DisplayMode,
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  totalBytes: number | undefined,
): ProgressDisplay {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  if (mode === 'lines') {
    return {
      update: (s) => void stream.write(`${formatProgressLine(s)}\n`),
      stop: () => undefined,
    };
  }
  const sized = totalBytes !== undefined && totalBytes > 0;
  const bar = new SingleBar(
    {
      format: sized
        ? '{bar} {percentage}% | {rows} rows | {mb} MB | {rate} rows/s | {committed} committed | ETA {eta_formatted}'
        : '{rows} rows | {mb} MB | {rate} rows/s | {committed} committed',
      stream,
      hideCursor: true,
      barsize: 24,
      fps: 10,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    Presets.shades_classic,
  );
  bar.start(
    sized ? totalBytes : 1,
    0,
    payload({
      rows: 0,
      committed: 0,
      rejected: 0,
      bytes: 0,
      totalBytes,
      rowsPerSecond: 0,
      etaSeconds: undefined,
      elapsedSeconds: 0,
    }),
  );
  return {
    update: (s) => bar.update(sized ? Math.min(s.bytes, totalBytes) : 0, payload(s)),
    stop: (s) => {
      bar.update(sized ? Math.min(s.bytes, totalBytes) : 0, payload(s));
      bar.stop();
    },
  };
}
