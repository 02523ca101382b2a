import type { InputPosition } from './position-token.js';
import { positionKey } from './position-token.js';

/** How far one channel got; written only by its runner, read by the display and the summary. */
export interface ChannelProgress {
  /** Channel name. */
  readonly name: string;
  /** `reading` → `committing` → one of the ends. */
  phase: 'opening' | 'reading' | 'committing' | 'complete' | 'interrupted' | 'stopped' | 'failed';
  /** The channel's committed token when this run opened it (where it resumed). */
  resumedFrom: string | null;
  /** The latest committed token seen. */
  committedToken: string | null;
  /** Rows appended by this run. */
  rowsAppended: number;
  /** Rows of this run known to be committed. */
  rowsCommitted: number;
  /** Rows rejected by this run. */
  rowsRejected: number;
  /** Position of the last row appended. */
  lastAppended: InputPosition | undefined;
  /** Offset token of the last row appended. */
  lastAppendedToken: string | null;
  /** Position of the first row appended. */
  firstAppended: InputPosition | undefined;
  /** Raw input bytes read (compressed bytes for compressed input). */
  rawBytesRead: () => number;
  /** The error that failed the channel. */
  error: Error | undefined;
  /** Records a committed token seen by a status poll (set by the runner once it has opened the channel). */
  noteCommitted: (token: string | null) => void;
}

/** Creates an empty progress record. */
export function createChannelProgress(name: string): ChannelProgress {
  return {
    name,
    phase: 'opening',
    resumedFrom: null,
    committedToken: null,
    rowsAppended: 0,
    rowsCommitted: 0,
    rowsRejected: 0,
    lastAppended: undefined,
    lastAppendedToken: null,
    firstAppended: undefined,
    rawBytesRead: () => 0,
    error: undefined,
    noteCommitted: () => undefined,
  };
}

/**
 * Counts appended rows per offset token so a committed token turns into a committed row count:
 * entries are pushed in token order and dropped once committed.
 */
export function createCommitLedger(): {
  appended(at: InputPosition, rows: number): void;
  committedThrough(at: InputPosition): number;
} {
  const keys: number[] = [];
  const rows: number[] = [];
  let head = 0;
  let committed = 0;
  return {
    appended(at, n) {
      keys.push(positionKey(at));
      rows.push(n);
    },
    committedThrough(at) {
      const key = positionKey(at);
      while (head < keys.length && keys[head]! <= key) committed += rows[head++]!;
      if (head > 4096 && head * 2 > keys.length) {
        keys.splice(0, head);
        rows.splice(0, head);
        head = 0;
      }
      return committed;
    },
  };
}
