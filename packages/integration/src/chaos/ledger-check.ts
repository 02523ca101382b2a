import type { ChannelLedger } from '@snowpipe/emulator';
import { rowId } from './row-source.js';

/** What the ledger says about exactly-once delivery. */
export interface LedgerVerdict {
  expectedRows: number;
  committedRows: number;
  distinctKeys: number;
  duplicates: number;
  missing: number;
  /** Channels whose retained rows are not exactly their ids in offset order. */
  outOfOrderChannels: string[];
  /** Channels whose committed offset token is not their last offset. */
  wrongTokenChannels: string[];
  /** Human-readable problems; empty when delivery was exactly once. */
  problems: string[];
}

/**
 * Checks the emulator's ledger against the source: every channel committed exactly
 * `rowsPerChannel` distinct ids with no duplicate, ends at offset token `rowsPerChannel - 1`, and
 * (when rows were retained) committed ids `c<i>-0 … c<i>-<last>` in order.
 */
export function checkLedger(
  channels: readonly ChannelLedger[],
  channelNames: readonly string[],
  rowsPerChannel: number,
  checkRows: boolean,
): LedgerVerdict {
  const problems: string[] = [];
  const outOfOrderChannels: string[] = [];
  const wrongTokenChannels: string[] = [];
  let committedRows = 0;
  let distinctKeys = 0;
  let duplicates = 0;
  let missing = 0;
  const byName = new Map(channels.map((c) => [c.channel, c]));
  channelNames.forEach((name, index) => {
    const c = byName.get(name);
    if (!c) {
      missing += rowsPerChannel;
      problems.push(`channel ${name}: absent from the ledger`);
      return;
    }
    committedRows += c.rowsCommitted;
    distinctKeys += c.distinctKeys;
    duplicates += c.duplicateKeys;
    missing += Math.max(0, rowsPerChannel - c.distinctKeys);
    if (c.duplicateKeys > 0)
      problems.push(
        `channel ${name}: ${c.duplicateKeys} duplicate rows (e.g. ${c.duplicates.slice(0, 3).join(', ')})`,
      );
    if (c.distinctKeys !== rowsPerChannel)
      problems.push(
        `channel ${name}: ${c.distinctKeys} distinct rows committed, expected ${rowsPerChannel}`,
      );
    if (c.rowsCommitted !== rowsPerChannel)
      problems.push(
        `channel ${name}: ${c.rowsCommitted} rows committed, expected ${rowsPerChannel}`,
      );
    if (c.committedOffsetToken !== String(rowsPerChannel - 1)) {
      wrongTokenChannels.push(name);
      problems.push(
        `channel ${name}: committed offset token ${String(c.committedOffsetToken)}, expected ${rowsPerChannel - 1}`,
      );
    }
    if (checkRows) {
      const rows = c.rows ?? [];
      const bad =
        rows.length !== rowsPerChannel ||
        rows.some((r, n) => (r as { id?: unknown }).id !== rowId(index, n));
      if (bad) {
        outOfOrderChannels.push(name);
        const at = rows.findIndex((r, n) => (r as { id?: unknown }).id !== rowId(index, n));
        problems.push(
          `channel ${name}: committed rows are not ${rowId(index, 0)}…${rowId(index, rowsPerChannel - 1)} in order (first difference at ${at}, ${rows.length} retained)`,
        );
      }
    }
  });
  return {
    expectedRows: rowsPerChannel * channelNames.length,
    committedRows,
    distinctKeys,
    duplicates,
    missing,
    outOfOrderChannels,
    wrongTokenChannels,
    problems,
  };
}
