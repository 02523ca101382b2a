import type { StreamingIngestClient } from '@snowpipe/streaming-client';
import type { CliClock } from '../system-clock.js';
import type { ProgressDisplay } from '../progress/progress-display.js';
import { takeSnapshot } from '../progress/progress-snapshot.js';
import { createChannelProgress } from './channel-progress.js';
import type { ChannelProgress } from './channel-progress.js';
import { ingestChannel } from './ingest-channel.js';
import type { IngestChannelOptions } from './ingest-channel.js';
import type { PlannedChannel } from './ingest-plan.js';
import { preflight } from './preflight.js';
import type { PreflightOptions } from './preflight.js';
import { summarize } from './ingest-summary.js';
import type { IngestSummary } from './ingest-summary.js';

/** Options of {@link runIngest}. */
export interface RunIngestOptions extends IngestChannelOptions, PreflightOptions {
  /** The channels to ingest. */
  plans: readonly PlannedChannel[];
  /** Creates the progress output once the input size (when known) is. */
  createDisplay(totalBytes: number | undefined): ProgressDisplay;
  /** Milliseconds between display updates. */
  updateEveryMs: number;
  /** Poll committed tokens every this many updates. */
  pollEvery: number;
  /** Time source. */
  clock: CliClock;
  /** Which signal stopped the run, if one did. */
  stoppedBy(): 'SIGINT' | 'SIGTERM' | undefined;
}

/**
 * Runs an ingest: checks resumption is exact, ingests every channel at once, shows progress,
 * and returns the summary (with its exit code). Refusals before anything is sent throw.
 */
export async function runIngest(
  client: StreamingIngestClient,
  options: RunIngestOptions,
): Promise<IngestSummary> {
  const plans = options.plans.filter((p) =>
    p.inputs.some((i) => i.lastPosition === undefined || i.lastPosition >= i.firstPosition),
  );
  await preflight(client, plans, options);
  const channels: ChannelProgress[] = plans.map((p) => createChannelProgress(p.name));
  const sizes = plans.flatMap((p) => p.inputs.map((i) => i.sizeBytes));
  const totalBytes = sizes.every((s) => s !== undefined)
    ? sizes.reduce<number>((a, b) => a + (b ?? 0), 0)
    : undefined;
  const display = options.createDisplay(totalBytes);
  const started = options.clock.monotonicNow();
  const snapshot = () => takeSnapshot(channels, totalBytes, options.clock.monotonicNow() - started);
  let ticks = 0;
  let polling = false;
  const names = plans.map((p) => p.name);
  const stopTicker = options.clock.every(options.updateEveryMs, () => {
    if (++ticks % options.pollEvery === 0 && !polling) {
      polling = true;
      client
        .getLatestCommittedOffsetTokens(names)
        .then((tokens) => channels.forEach((c) => c.noteCommitted(tokens.get(c.name) ?? null)))
        // A failed poll only leaves the committed figure behind; the run itself reports failures.
        .catch(() => undefined)
        .finally(() => (polling = false));
    }
    display.update(snapshot());
  });
  try {
    await Promise.all(
      plans.map(async (plan, k) => {
        const progress = channels[k]!;
        try {
          await ingestChannel(client, plan, progress, options);
        } catch (error) {
          progress.phase = 'failed';
          progress.error = error as Error;
        }
      }),
    );
  } finally {
    stopTicker();
  }
  const last = snapshot();
  display.stop(last);
  return summarize(channels, last, options.stoppedBy());
}
