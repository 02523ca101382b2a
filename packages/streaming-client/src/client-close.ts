import { setMaxListeners } from 'node:events';
import type { Clock } from '@snowpipe/retry';
import { StreamingIngestError, isStreamingIngestError } from './errors/streaming-ingest-error.js';
import type { ChannelHandle } from './channel/channel.js';
import type { ClientCloseOptions } from './client-types.js';

/** What one channel left behind when the client closed: the rows it cannot vouch for. */
export interface UnclosedChannel {
  /** The channel's name. */
  channelName: string;
  /** Why the channel did not close cleanly (`CLOSE_TIMEOUT`, `CLOSE_ABORTED`, a failure code). */
  code: string;
  /** The channel's latest committed offset token as last seen (resume after it). */
  latestCommittedOffsetToken: string | null;
  /** First and last offset token of the rows not known committed (`null`: none carried one). */
  fromOffsetToken: string | null;
  /** Last offset token of those rows. */
  toOffsetToken: string | null;
  /** Rows not known committed (sent, queued or buffered), when known. */
  rows: number | undefined;
}

/** What {@link closeClient} needs from the client. */
export interface ClientCloseDeps {
  clientName: string;
  clock: Clock;
  closeTimeoutMs: number;
  channels(): ChannelHandle[];
  /** Sends what the Elastic channel holds (its failures go to its own handlers). */
  flushElastic(): Promise<void>;
  /** Stops the poller and the budget's waiters; nothing new starts after this. */
  stopBackground(): void;
  /** Abandons every request still in flight. */
  abortRequests(reason: Error): void;
  /** Closes the connection, waiting at most `waitMs` for its transport. */
  closeConnection(waitMs: number): Promise<void>;
}

/** Extra time `close` may take past its timeout for aborted requests to wind down. */
export const CLOSE_SLACK_MS = 250;

/**
 * Closes every channel under one deadline (`timeoutMs`, or the client's `closeTimeoutMs`) and
 * one abort signal, then abandons whatever is still in flight and closes the connection: it
 * settles within the timeout plus {@link CLOSE_SLACK_MS} whatever the network does. When any
 * channel did not close cleanly it rejects with one error listing every such channel with its
 * uncommitted offset range (`details.channels`); the code is `CLOSE_ABORTED` after an abort,
 * `CLOSE_TIMEOUT` when a channel ran out of time, else the first failure's code.
 */
export async function closeClient(
  deps: ClientCloseDeps,
  options: ClientCloseOptions,
): Promise<void> {
  const { clock } = deps;
  const timeoutMs = options.timeoutMs ?? deps.closeTimeoutMs;
  const deadlineMs = clock.now() + timeoutMs;
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // one listener per channel closing
  const onAbort = (): void => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const handles = deps.channels();
  let results: Array<PromiseSettledResult<void>>;
  try {
    results = await Promise.allSettled(
      handles.map((h) => h.channel.close({ ...options, timeoutMs, signal: stop.signal })),
    );
    await boundedBy(clock, deps.flushElastic(), deadlineMs - clock.now(), stop.signal);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    deps.stopBackground();
    deps.abortRequests(
      new StreamingIngestError(`client "${deps.clientName}" closed with this request in flight`, {
        code: 'CLIENT_CLOSED',
      }),
    );
    await deps.closeConnection(Math.max(deadlineMs - clock.now(), 0) + CLOSE_SLACK_MS);
  }
  const unclosed: UnclosedChannel[] = [];
  const errors: unknown[] = [];
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') return;
    errors.push(r.reason);
    unclosed.push(describe((handles[i] as ChannelHandle).channel.name, r.reason));
  });
  if (unclosed.length === 0) return;
  const code = options.signal?.aborted
    ? 'CLOSE_ABORTED'
    : unclosed.some((u) => u.code === 'CLOSE_TIMEOUT')
      ? 'CLOSE_TIMEOUT'
      : (unclosed[0] as UnclosedChannel).code;
  const list = unclosed
    .map(
      (u) =>
        `"${u.channelName}" (${u.code}: ${u.fromOffsetToken ?? 'none'} to ${u.toOffsetToken ?? 'none'})`,
    )
    .join(', ');
  throw new StreamingIngestError(
    `closing client "${deps.clientName}": ${unclosed.length} of ${handles.length} channel(s) did not close cleanly; rows not known committed: ${list}`,
    {
      code,
      cause: options.signal?.aborted ? options.signal.reason : errors[0],
      details: { channels: unclosed },
    },
  );
}

function describe(channelName: string, error: unknown): UnclosedChannel {
  const d = isStreamingIngestError(error) ? (error.details ?? {}) : {};
  const token = (key: string): string | null => (typeof d[key] === 'string' ? d[key] : null);
  return {
    channelName,
    code: isStreamingIngestError(error) ? error.code : 'UNKNOWN',
    latestCommittedOffsetToken: token('latestCommittedOffsetToken'),
    fromOffsetToken: token('fromOffsetToken'),
    toOffsetToken: token('toOffsetToken'),
    rows: typeof d.rows === 'number' ? d.rows : undefined,
  };
}

/** Waits for `work` until `ms` passes or `signal` aborts (resolving either way). */
async function boundedBy(
  clock: Clock,
  work: Promise<void>,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  const timer = new AbortController();
  const onAbort = (): void => timer.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await Promise.race([
      work.catch(() => undefined),
      clock.sleep(Math.max(0, ms), timer.signal).catch(() => undefined),
    ]);
  } finally {
    signal.removeEventListener('abort', onAbort);
    if (!timer.signal.aborted) timer.abort(new Error('settled'));
  }
}
