import type { Clock } from '@snowpipe/retry';
import type { Logger } from '../config/logger.js';
import { isStreamingIngestError } from '../errors/streaming-ingest-error.js';
import type { ChannelStatus } from '../status/channel-status.js';
import type { OperationScope, Telemetry } from '../telemetry/telemetry.js';
import { channelError } from './channel-error.js';
import { CUT_SHORT } from './cut-short.js';
import type { RequestBound } from './fetch-channel-statuses.js';
import { createStallWatch } from './stall-watch.js';
import { withDeadline } from './with-deadline.js';

/** A channel as the poller sees it. */
export interface PolledChannel {
  readonly name: string;
  /** True while someone waits for a commit or batches are sent but not known committed. */
  needsPolling(): boolean;
  /** The channel's open generation (statuses requested under an older one are ignored). */
  generation(): number;
  /** Returns whether anything changed. */
  applyStatus(status: ChannelStatus | undefined, generation: number): boolean;
  /**
   * Polls kept failing in a way waiting will not fix (authentication, bad request):
   * {@link PERMANENT_POLL_FAILURES_BEFORE_GIVING_UP} in a row.
   */
  pollFailed(error: unknown): void;
  /**
   * What the channel's progress looks like now: a mark that changes whenever an append is
   * acknowledged or a commit advances, or `undefined` while it holds no rows.
   */
  progressMark(): string | undefined;
  /** The mark has not moved for `stuckMs` (at least `stallTimeoutMs`): the channel fails. */
  stalled(stuckMs: number): void;
}

/** The one bulk-status poller of a client. */
export interface CommitPoller {
  add(channel: PolledChannel): void;
  remove(channel: PolledChannel): void;
  /** Something new to watch: poll soon (resets the idle backoff). */
  kick(): void;
  /** Stops polling (pending sleep interrupted). */
  close(): void;
}

/** Options for {@link createCommitPoller}. */
export interface CommitPollerOptions {
  clock: Clock;
  telemetry: Telemetry;
  logger: Logger;
  pipe: string;
  intervalMs: number;
  maxIntervalMs: number;
  /**
   * Longest one poll may take: past it the poll's request is aborted and the next cycle polls
   * again, so one hung request never holds up the commit waits of every channel.
   * @default undefined (unbounded; the client passes its status request timeout)
   */
  pollTimeoutMs?: number | undefined;
  /**
   * A polled channel whose progress mark has not moved for this long is told it stalled. `0`
   * turns the check off. @default 0
   */
  stallTimeoutMs?: number | undefined;
  /** One bulk-status request; `bound` aborts it (on close) and carries the poll's deadline. */
  fetchStatuses(
    names: string[],
    scope: OperationScope,
    bound: RequestBound,
  ): Promise<Map<string, ChannelStatus>>;
}

/**
 * Polls that must fail "for good" in a row before waiters are rejected: one failed poll may be a
 * blip (two token revocations within milliseconds end a single request in an
 * AuthenticationError), and rejecting every commit waiter of the client for it would turn a blip
 * into an outage. Three in a row (about 1.75 s at the default intervals) is not a blip.
 */
export const PERMANENT_POLL_FAILURES_BEFORE_GIVING_UP = 3;

/**
 * Channels named in one bulk-status request: a cycle over more (a client may hold the service's
 * 10,000 channels per table) sends several requests, one after another, so no request or answer
 * grows with the channel count (1,000 statuses are about 0.5 MB of JSON).
 */
export const MAX_CHANNELS_PER_POLL = 1000;

function isPermanent(error: unknown): boolean {
  if (!isStreamingIngestError(error))
    return error instanceof Error && error.name === 'TokenRefreshError';
  if (error.name === 'AuthenticationError') return true;
  const s = error.httpStatus;
  return s !== undefined && s >= 400 && s < 500 && s !== 408 && s !== 429;
}

/**
 * Creates the shared commit poller: while any channel needs it, one bulk-status request per cycle
 * covers every such channel of the pipe. The interval starts at `intervalMs`, doubles while
 * nothing changes (up to `maxIntervalMs`), resets when something changes or on {@link CommitPoller.kick},
 * and the loop stops when nothing needs polling.
 */
export function createCommitPoller(options: CommitPollerOptions): CommitPoller {
  const { clock, intervalMs, maxIntervalMs } = options;
  const channels = new Set<PolledChannel>();
  let running = false;
  let closed = false;
  let interval = intervalMs;
  let permanentFailures = 0;
  let sleeping: { controller: AbortController; ms: number } | undefined;
  let polling: AbortController | undefined;
  const { pollTimeoutMs } = options;
  const stalls = createStallWatch<PolledChannel>(options.stallTimeoutMs ?? 0);

  /** After each cycle, whatever the poll's outcome: fail the channels stuck too long. */
  const checkStalls = (): void => {
    const now = clock.now();
    for (const c of [...channels]) {
      const stuckMs = stalls.observe(c, c.progressMark(), now);
      if (stuckMs !== undefined) c.stalled(stuckMs);
    }
  };

  const wanted = (): PolledChannel[] => [...channels].filter((c) => c.needsPolling());

  /** Resolves true when the full interval passed, false when kicked or closed. */
  const sleep = async (ms: number): Promise<boolean> => {
    const controller = new AbortController();
    sleeping = { controller, ms };
    try {
      await clock.sleep(ms, controller.signal);
      return true;
    } catch {
      return false;
    } finally {
      sleeping = undefined;
    }
  };

  const pollOnce = async (targets: PolledChannel[]): Promise<boolean> => {
    const generations = targets.map((c) => c.generation());
    const names = targets.map((c) => c.name);
    const scope = options.telemetry.startOperation('snowpipe.status_poll', {
      pipe: options.pipe,
      channels: names.length,
    });
    const controller = new AbortController();
    polling = controller;
    const deadlineMs = pollTimeoutMs === undefined ? undefined : clock.now() + pollTimeoutMs;
    try {
      const request = scope.run(() =>
        options.fetchStatuses(names, scope, { signal: controller.signal, deadlineMs }),
      );
      // Bounded here too, so a status source that ignores its deadline cannot stall the loop.
      const statuses = await withDeadline(
        clock,
        request,
        pollTimeoutMs,
        () =>
          channelError(
            'REQUEST_TIMEOUT',
            `status poll of pipe ${options.pipe} got no answer within ${pollTimeoutMs} ms`,
            { timeoutMs: pollTimeoutMs },
          ),
        controller.signal,
      );
      scope.end();
      permanentFailures = 0;
      let changed = false;
      targets.forEach((c, i) => {
        if (channels.has(c) && c.applyStatus(statuses.get(c.name), generations[i] as number))
          changed = true;
      });
      return changed;
    } catch (error) {
      scope.end(error);
      if (closed) return false;
      options.logger.warn?.(`status poll of pipe ${options.pipe} failed`, {
        code: isStreamingIngestError(error) ? error.code : undefined,
      });
      if (!isPermanent(error)) return false;
      permanentFailures++;
      if (permanentFailures >= PERMANENT_POLL_FAILURES_BEFORE_GIVING_UP) {
        permanentFailures = 0;
        for (const c of targets) c.pollFailed(error);
      }
      return false;
    } finally {
      polling = undefined;
      if (!controller.signal.aborted) controller.abort(CUT_SHORT);
    }
  };

  const loop = async (): Promise<void> => {
    try {
      while (!closed) {
        if (wanted().length === 0) break;
        const slept = await sleep(interval);
        if (closed) break;
        if (!slept) continue; // kicked: sleep again with the reset interval
        const targets = wanted();
        if (targets.length === 0) break;
        let changed = false;
        for (let i = 0; i < targets.length && !closed; i += MAX_CHANNELS_PER_POLL) {
          if (await pollOnce(targets.slice(i, i + MAX_CHANNELS_PER_POLL))) changed = true;
        }
        if (closed) break;
        checkStalls();
        interval = changed ? intervalMs : Math.min(maxIntervalMs, interval * 2);
      }
    } finally {
      running = false;
    }
  };

  const kick = (): void => {
    if (closed) return;
    interval = intervalMs;
    if (!running) {
      running = true;
      void loop();
    } else if (sleeping && sleeping.ms > intervalMs) {
      sleeping.controller.abort(CUT_SHORT);
    }
  };

  return {
    add: (c) => void channels.add(c),
    remove: (c) => {
      channels.delete(c);
      stalls.forget(c);
    },
    kick,
    close() {
      closed = true;
      sleeping?.controller.abort(CUT_SHORT);
      polling?.abort(CUT_SHORT);
    },
  };
}
