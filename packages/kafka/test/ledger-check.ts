import { systemClock } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';

/** What one partition's channel holds in the emulator's ledger. */
export interface ChannelCheck {
  channel: string;
  committed: number;
  duplicates: number;
  /** True when the committed rows' `seq` run 0, 1, 2, … with no gap, repeat or reordering. */
  inOrder: boolean;
  committedOffsetToken: string | null;
}

/** Reads the ledger of `<topic>-<p>` for each partition (rows carry `seq` = their Kafka offset). */
export function checkChannels(
  emulator: Emulator,
  table: string,
  topic: string,
  partitions: number,
): ChannelCheck[] {
  const out: ChannelCheck[] = [];
  for (let p = 0; p < partitions; p++) {
    const channel = `${topic}-${p}`;
    const l = emulator.ledger.channel('DB', 'PUBLIC', `${table}-STREAMING`, channel);
    const rows = (l?.rows ?? []) as { seq: number }[];
    out.push({
      channel,
      committed: l?.rowsCommitted ?? 0,
      duplicates: l?.duplicateKeys ?? 0,
      inOrder: rows.every((r, i) => r.seq === i) && rows.length === (l?.rowsCommitted ?? 0),
      committedOffsetToken: l?.committedOffsetToken ?? null,
    });
  }
  return out;
}

/** Polls `check` every 200 ms until it returns true or `timeoutMs` passes (then returns false). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = systemClock.now() + timeoutMs;
  while (systemClock.now() < deadline) {
    if (await check()) return true;
    await systemClock.sleep(200);
  }
  return check();
}
