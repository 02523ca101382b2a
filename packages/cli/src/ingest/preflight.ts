import type { StreamingIngestClient } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import { MAX_CHANNELS, parallelChannelName } from './ingest-plan.js';
import type { PlannedChannel } from './ingest-plan.js';

/** Options of {@link preflight}. */
export interface PreflightOptions {
  /** The `--channel` name the plan's channels derive from. */
  base: string;
  /** `--channels`. */
  count: number;
  /** `--from-start`. */
  fromStart: boolean;
  /** `--force`. */
  force: boolean;
}

/**
 * Checks, before anything is read, that resuming is exact: no channel of an earlier run with a
 * different `--channels` holds committed rows (its ranges would overlap ours), and `--from-start`
 * meets only empty channels unless `--force`, which drops them (their committed tokens go; rows
 * already in the table stay and will be loaded again). One bulk status request.
 */
export async function preflight(
  client: StreamingIngestClient,
  plans: readonly PlannedChannel[],
  options: PreflightOptions,
): Promise<void> {
  const ours = new Set(plans.map((p) => p.name));
  const others = new Map<string, number>();
  for (let m = 1; m <= MAX_CHANNELS; m++) {
    const name = parallelChannelName(options.base, 0, m);
    if (m !== options.count && !ours.has(name)) others.set(name, m);
  }
  const statuses = await client.getChannelStatuses([...ours, ...others.keys()]);
  const holds = (name: string): boolean => {
    const s = statuses.get(name);
    return s !== undefined && (s.latestCommittedOffsetToken !== null || s.rowsInsertedCount > 0);
  };
  const drop: string[] = [];
  for (const [name, m] of others) {
    if (!holds(name)) continue;
    if (options.fromStart && options.force) {
      // Every channel of that run goes, so a later run does not meet them again.
      for (let k = 0; k < m; k++) drop.push(parallelChannelName(options.base, k, m));
      continue;
    }
    throw new CliError(
      'CHANNELS_MISMATCH',
      `channel ${name} holds committed rows from a run with --channels ${m}; resume with --channels ${m} (its line ranges), or start over with --from-start --force`,
    );
  }
  if (options.fromStart) {
    const used = [...ours].filter(holds);
    if (used.length > 0 && !options.force) {
      throw new CliError(
        'FROM_START_REFUSED',
        `--from-start: channel ${used.join(', ')} already holds committed rows (offset token ${JSON.stringify(statuses.get(used[0]!)?.latestCommittedOffsetToken ?? null)}); loading again would double them. Add --force to drop the channel and load everything again anyway`,
      );
    }
    drop.push(...used);
  }
  for (const name of drop) await client.dropChannel(name);
}
