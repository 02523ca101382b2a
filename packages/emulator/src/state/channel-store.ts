import { setMaxListeners } from 'node:events';
import { isDefaultPipeName, pipeKey, resolveIdentifier } from '../identifiers.js';
import type { LedgerStore } from '../ledger/ledger.js';
import type { EmulatorClock, PipeDefinition } from '../options.js';
import type { ChannelState, PendingBatch } from './channel-state.js';

/** How commits are currently constrained by fault rules. */
export interface CommitPolicy {
  /** True while a `withholdCommit` rule matches this channel. */
  withheld(ch: ChannelState): boolean;
  /** Extra delay for a batch appended now (`slowCommit`), consuming a counted rule. */
  extraDelayMs(ch: ChannelState): number;
}

/** Pipes and channels with their commit pipeline. */
export interface ChannelStore {
  pipeExists(database: string, schema: string, pipe: string): boolean;
  /** Creates the pipe when `autoCreatePipes` allows; returns whether it exists afterwards. */
  ensurePipe(database: string, schema: string, pipe: string): boolean;
  get(database: string, schema: string, pipe: string, channel: string): ChannelState | undefined;
  /** Opens or reopens a channel (reopen: new client sequencer, pending data discarded). */
  open(
    database: string,
    schema: string,
    pipe: string,
    channel: string,
    offsetToken: string | undefined,
  ): ChannelState;
  drop(ch: ChannelState): void;
  /**
   * Forgets every channel (offset tokens, sequencers, pending data), as a service restart without
   * persistence would; pipes and the ledger (the table's rows) stay.
   */
  forgetChannels(): void;
  /** Queues a batch and commits it now when no delay applies. */
  enqueue(ch: ChannelState, batch: Omit<PendingBatch, 'dueAtMs'>): void;
  /** As if another client reopened the channel: bump the sequencer, discard pending data. */
  bumpSequencer(ch: ChannelState): void;
  /** Commits every due batch on every channel (after a withhold rule is cleared). */
  commitAllDue(): void;
  all(): ChannelState[];
  stop(): void;
}

/** Creates the store. */
export function createChannelStore(deps: {
  clock: EmulatorClock;
  ledger: LedgerStore;
  autoCreatePipes: boolean;
  pipes: PipeDefinition[];
  commitDelayMs: number;
  policy: CommitPolicy;
}): ChannelStore {
  const pipes = new Set<string>();
  const channels = new Map<string, Map<string, ChannelState>>();
  const stopper = new AbortController();
  // Every pending commit, stall and timer listens on this one signal: no listener limit.
  setMaxListeners(0, stopper.signal);
  for (const p of deps.pipes)
    pipes.add(
      pipeKey(
        resolveIdentifier(p.database),
        resolveIdentifier(p.schema),
        resolveIdentifier(p.pipe),
      ),
    );

  // Per channel key: the sequencer and creation time of its last incarnation, so a channel that
  // is dropped and created again invalidates every continuation token issued before (they come
  // back stale) and reports a new `created_on_ms`, as a recreated channel does.
  const retired = new Map<string, { clientSeq: number; createdOnMs: number }>();
  const channelKey = (pk: string, channel: string): string => `${pk}\u0000${channel}`;

  /** Commits the batches due at `now`: the one clock reading of this decision. */
  const commitDue = (ch: ChannelState, now: number): void => {
    if (ch.dropped || deps.policy.withheld(ch)) return;
    while (ch.pending.length > 0 && ch.pending[0]!.dueAtMs <= now) {
      const b = ch.pending.shift()!;
      ch.rowsParsed += b.validRows + b.errorRows;
      ch.rowsInserted += b.validRows;
      ch.rowsErrorCount += b.errorRows;
      if (b.errorRows > 0) {
        ch.lastErrorOffsetUpperBound = b.endOffset;
        ch.lastErrorMessage =
          b.errorMessage ??
          `${b.errorRows} row(s) of the rowset could not be parsed as JSON objects (first at line ${String(b.firstErrorLine)})`;
        ch.lastErrorTimestamp = now;
      }
      if (b.endOffset !== null) ch.committedOffset = b.endOffset;
      deps.ledger.commit(ch.ledger, {
        validRows: b.validRows,
        errorRows: b.errorRows,
        keys: b.keys,
        retained: b.retained,
        offsetToken: b.endOffset,
      });
    }
  };
  const schedule = (ch: ChannelState, delayMs: number): void => {
    deps.clock.sleep(delayMs, stopper.signal).then(
      () => {
        // One clock reading decides both what commits and whether to re-arm: with two, a due time
        // passing between them left the batch neither committed nor re-armed (stranded for good).
        const now = deps.clock.now();
        commitDue(ch, now);
        // A timer may fire while the wall clock still reads a little before the batch's due time
        // (timers run on the monotonic loop clock; the wall clock can also step back): re-arm for
        // what is left, or the channel's last batch would wait for an append that never comes.
        const head = ch.pending[0];
        if (head && !ch.dropped && !deps.policy.withheld(ch) && head.dueAtMs > now) {
          schedule(ch, head.dueAtMs - now);
        }
      },
      () => undefined,
    );
  };

  const store: ChannelStore = {
    pipeExists: (db, schema, pipe) =>
      isDefaultPipeName(pipe) || pipes.has(pipeKey(db, schema, pipe)),
    ensurePipe(db, schema, pipe) {
      if (store.pipeExists(db, schema, pipe)) return true;
      if (!deps.autoCreatePipes) return false;
      pipes.add(pipeKey(db, schema, pipe));
      return true;
    },
    get: (db, schema, pipe, channel) => channels.get(pipeKey(db, schema, pipe))?.get(channel),
    open(db, schema, pipe, channel, offsetToken) {
      const pk = pipeKey(db, schema, pipe);
      pipes.add(pk);
      let map = channels.get(pk);
      if (!map) {
        map = new Map<string, ChannelState>();
        channels.set(pk, map);
      }
      let ch = map.get(channel);
      if (ch) {
        ch.clientSeq += 1;
        ch.rowSeq = 0;
        ch.pending = [];
        ch.statusCode = 'SUCCESS';
      } else {
        const before = retired.get(channelKey(pk, channel));
        const now = deps.clock.now();
        ch = {
          database: db,
          schema,
          pipe,
          channel,
          clientSeq: before ? before.clientSeq + 1 : 0,
          rowSeq: 0,
          createdOnMs: before ? Math.max(now, before.createdOnMs + 1) : now,
          committedOffset: null,
          pending: [],
          rowsInserted: 0,
          rowsParsed: 0,
          rowsErrorCount: 0,
          lastErrorOffsetUpperBound: null,
          lastErrorMessage: null,
          lastErrorTimestamp: null,
          statusCode: 'SUCCESS',
          dropped: false,
          ledger: deps.ledger.entry(db, schema, pipe, channel),
        };
        map.set(channel, ch);
      }
      if (offsetToken !== undefined) ch.committedOffset = offsetToken;
      return ch;
    },
    drop(ch) {
      ch.dropped = true;
      ch.pending = [];
      const pk = pipeKey(ch.database, ch.schema, ch.pipe);
      retired.set(channelKey(pk, ch.channel), {
        clientSeq: ch.clientSeq,
        createdOnMs: ch.createdOnMs,
      });
      channels.get(pk)?.delete(ch.channel);
    },
    forgetChannels() {
      for (const map of channels.values()) {
        for (const ch of map.values()) {
          ch.dropped = true;
          ch.pending = [];
        }
      }
      channels.clear();
      // Lost too: a restarted service knows nothing of earlier sequencers.
      retired.clear();
    },
    enqueue(ch, batch) {
      const delay = deps.commitDelayMs + deps.policy.extraDelayMs(ch);
      const now = deps.clock.now();
      ch.pending.push({ ...batch, dueAtMs: now + delay });
      if (delay <= 0) commitDue(ch, now);
      else schedule(ch, delay);
    },
    bumpSequencer(ch) {
      ch.clientSeq += 1;
      ch.rowSeq = 0;
      ch.pending = [];
    },
    commitAllDue() {
      const now = deps.clock.now();
      for (const map of channels.values()) for (const ch of map.values()) commitDue(ch, now);
    },
    all: () => [...channels.values()].flatMap((m) => [...m.values()]),
    stop: () => stopper.abort(new Error('emulator stopped')),
  };
  return store;
}
