import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { ChannelContext, ChannelState } from './channel-context.js';
import { channelError } from './channel-error.js';
import type { CommitTracker } from './commit-tracker.js';
import { sendOpenChannel } from './open-channel-request.js';
import type { OpenedChannel } from './open-channel-request.js';
import { classifyChannelFailure } from './classify-channel-failure.js';
import { recreatedReason } from './commit-tracker.js';
import { stateLostError, takenOverError } from './channel-fence.js';
import { matchCommittedToken, offsetRange } from './retained-batches.js';

/** What recovery needs from the flusher that runs it. */
export interface RecoveryHost {
  fail(error: Error): void;
  readonly tracker: CommitTracker;
  /** Sleeps (interruptible by close). */
  sleep(ms: number): Promise<void>;
  /** Asks for another recovery round (the reopen itself failed in a recoverable way). */
  setCause(cause: Error): void;
}

const BACKOFF_BASE_MS = 200;
const BACKOFF_MAX_MS = 5000;

function describeCause(cause: unknown): string {
  return isStreamingIngestError(cause) ? cause.code : cause instanceof Error ? cause.name : 'error';
}

/** Everything sent or queued but not known committed: what recovery must replay. */
function undelivered(state: ChannelState): ReturnType<typeof offsetRange> {
  return offsetRange([...state.retained.map((r) => r.batch), ...state.sendQueue]);
}

/** Fails the channel with `REPLAY_IMPOSSIBLE`, naming the offset range that was not delivered. */
export function failReplayImpossible(
  state: ChannelState,
  host: RecoveryHost,
  reason: string,
  cause: unknown,
): void {
  const range = undelivered(state);
  if (range.rows === 0 && cause instanceof Error) {
    host.fail(cause);
    return;
  }
  host.fail(
    channelError(
      'REPLAY_IMPOSSIBLE',
      `channel "${state.name}" cannot replay ${range.rows} rows (offset tokens ${range.fromOffsetToken ?? 'none'} to ${range.toOffsetToken ?? 'none'}): ${reason}`,
      { channelName: state.name, ...range, pendingRows: state.pending.rows },
      cause,
    ),
  );
}

/**
 * One recovery round: reopen the channel (discarding the server's uncommitted data), read its
 * committed offset token, release the batches at or before it and queue the rest for replay in
 * their original order. Bounded by `maxRecoveryAttempts` consecutive rounds per incident.
 */
export async function runRecovery(
  ctx: ChannelContext,
  state: ChannelState,
  host: RecoveryHost,
  cause: Error,
): Promise<void> {
  const { settings } = ctx;
  if (!settings.recovery) {
    failReplayImpossible(state, host, `recovery is disabled (${describeCause(cause)})`, cause);
    return;
  }
  state.recoveryAttempts += 1;
  if (state.recoveryAttempts > settings.maxRecoveryAttempts) {
    const range = undelivered(state);
    host.fail(
      channelError(
        'RECOVERY_EXHAUSTED',
        `channel "${state.name}" could not be recovered after ${settings.maxRecoveryAttempts} attempts (last: ${describeCause(cause)}); ${range.rows} rows not delivered`,
        { channelName: state.name, ...range, pendingRows: state.pending.rows },
        cause,
      ),
    );
    return;
  }
  if (state.recoveryAttempts > 1) {
    await host.sleep(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (state.recoveryAttempts - 2)));
    if (state.failure || state.closed) return;
  }
  ctx.counters.recoveries += 1;
  ctx.logger.warn?.(`channel "${state.name}": reopening after ${describeCause(cause)}`, {
    channel: state.name,
    attempt: state.recoveryAttempts,
  });
  const scope = ctx.telemetry.startOperation('snowpipe.open_channel', {
    channel: state.name,
    pipe: ctx.pipe,
    recovery: true,
  });
  scope.event('snowpipe.recovery', {
    reason: describeCause(cause),
    attempt: state.recoveryAttempts,
  });
  let opened: OpenedChannel;
  try {
    opened = await scope.run(() =>
      sendOpenChannel(ctx, state.name, { failOnUncommittedRows: false }, scope),
    );
    scope.end();
  } catch (error) {
    scope.end(error);
    if (state.failure || state.closed) return;
    const action = classifyChannelFailure(error, 'open_channel', settings.reclaimOnTakeover);
    if (action === 'reopen') host.setCause(error as Error);
    else if (action === 'fence') host.fail(takenOverError(state, 'reopen refused', error));
    else host.fail(error as Error);
    return;
  }
  if (state.failure || state.closed) return;
  applyReopen(ctx, state, host, opened);
}

function applyReopen(
  ctx: ChannelContext,
  state: ChannelState,
  host: RecoveryHost,
  opened: OpenedChannel,
): void {
  const committed = opened.status.latestCommittedOffsetToken;
  // A reopen proves only what this writer's own tokens prove: a channel that came back recreated
  // or with an older token lost rows this writer may have seen committed (replaying could double
  // them); a token this writer never sent is another writer's (replaying would interleave).
  const recreated = recreatedReason(state, opened.status);
  if (recreated !== undefined) {
    host.fail(stateLostError(state, recreated));
    return;
  }
  let match: ReturnType<typeof matchCommittedToken>;
  try {
    match = matchCommittedToken(
      state.retained,
      committed,
      state.latestCommittedOffsetToken,
      undefined,
      ctx.settings.offsetTokenComparator,
    );
  } catch (error) {
    failReplayImpossible(
      state,
      host,
      `committed offset token "${committed}" is not comparable`,
      error,
    );
    return;
  }
  if (match.kind === 'regressed') {
    host.fail(
      stateLostError(
        state,
        `reopened with committed offset token ${committed ?? 'null'}, before ${state.latestCommittedOffsetToken ?? 'null'}`,
      ),
    );
    return;
  }
  if (match.kind === 'foreign') {
    host.fail(
      takenOverError(
        state,
        `reopened with committed offset token ${committed ?? 'null'}, which this writer never sent`,
      ),
    );
    return;
  }
  const done = match.count;
  host.tracker.release(done);
  state.latestCommittedOffsetToken = committed;
  state.createdOnMs ??= opened.status.createdOn?.getTime();
  const replay = state.retained.splice(0).map((r) => r.batch);
  state.sendQueue = [...replay, ...state.sendQueue];
  state.generation += 1;
  state.continuationToken = opened.continuationToken;
  state.rowsSentSinceOpen = 0;
  state.rowsParsedBaseline = opened.status.rowsParsedCount;
  let rows = 0;
  for (const b of replay) rows += b.rows;
  ctx.counters.rowsReplayed += rows;
  if (replay.length === 0) state.recoveryAttempts = 0;
  state.recovering = false;
  host.tracker.applyStatus(opened.status, state.generation);
  ctx.logger.info?.(
    `channel "${state.name}" reopened: committed offset token ${committed ?? 'null'}, replaying ${replay.length} batches (${rows} rows)`,
    {
      channel: state.name,
      committedOffsetToken: committed,
      replayBatches: replay.length,
      replayRows: rows,
    },
  );
}
