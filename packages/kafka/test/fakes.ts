// Deterministic stand-ins for the sink's two collaborators: a streaming client whose channels
// record what they were given and commit only when the test says so, and a consumer the test
// drives by calling the handlers the sink registered.
import { StreamingIngestError } from '@snowpipe/streaming-client';
import type {
  Channel,
  OpenChannelOptions,
  Row,
  StreamingIngestClient,
} from '@snowpipe/streaming-client';
import type {
  ConsumerHandlers,
  KafkaConsumer,
  KafkaRecord,
  PartitionOffset,
  RecordBatch,
  TopicPartition,
} from '../src/index.js';

export interface FakeChannel {
  name: string;
  /** Every append: the rows (Buffers or objects) and the offset tokens. */
  appends: { rows: unknown[]; start: string | null | undefined; end: string | null | undefined }[];
  /** Makes the next append reject with this error. */
  failNextAppend: Error | undefined;
  /** Rejects pending and later waitForCommit calls with this error. */
  failCommits(error: Error): void;
  /** Commits everything appended so far (resolves waiters). */
  commitAll(): void;
  committed: string | null;
  closed: { waitForCommit: boolean | undefined; timeoutMs: number | undefined } | undefined;
  /** Makes close reject with this error. */
  closeError: Error | undefined;
  /** While true, close waits for the test's commitAll() instead of committing by itself. */
  holdCommits: boolean;
}

export function ingestError(code: string, details?: Record<string, unknown>): StreamingIngestError {
  return new StreamingIngestError(`fake ${code}`, { code, details });
}

export function createFakeClient(tokens: Record<string, string | null> = {}) {
  const channels = new Map<string, FakeChannel>();
  const opened: string[] = [];
  let bufferedBytes = 0;
  const client = {
    clientName: 'fake',
    databaseName: 'DB',
    schemaName: 'S',
    pipeName: 'P',
    async openChannel(options: OpenChannelOptions) {
      opened.push(options.name);
      const state: FakeChannel = {
        name: options.name,
        appends: [],
        failNextAppend: undefined,
        committed: tokens[options.name] ?? null,
        closed: undefined,
        closeError: undefined,
        holdCommits: false,
        failCommits(error) {
          commitFailure = error;
          for (const w of waiters.splice(0)) w.reject(error);
        },
        commitAll() {
          const last = state.appends.at(-1);
          if (last?.end != null) state.committed = last.end;
          for (const w of waiters.splice(0)) {
            if (state.committed !== null && BigInt(state.committed) >= BigInt(w.target))
              w.resolve(state.committed);
            else waiters.push(w);
          }
        },
      };
      let commitFailure: Error | undefined;
      const waiters: {
        target: string;
        resolve: (t: string) => void;
        reject: (e: Error) => void;
      }[] = [];
      channels.set(options.name, state);
      const append = async (rows: unknown[], start?: string | null, end?: string | null) => {
        if (state.failNextAppend) {
          const e = state.failNextAppend;
          state.failNextAppend = undefined;
          throw e;
        }
        state.appends.push({ rows, start, end });
      };
      const channel = {
        name: options.name,
        async appendEncodedRows(
          rows: readonly (string | Uint8Array)[],
          start?: string | null,
          end?: string | null,
        ) {
          // The client's cheap check: one line, `{` ... `}`, refused by index, nothing buffered.
          rows.forEach((r, i) => {
            const b = Buffer.from(r);
            if (b.length === 0 || b[0] !== 0x7b || b[b.length - 1] !== 0x7d || b.includes(0x0a)) {
              throw ingestError('INVALID_ENCODED_ROW', { rowIndex: i });
            }
          });
          await append([...rows], start, end);
        },
        async appendRows(rows: readonly Row[], start?: string | null, end?: string | null) {
          rows.forEach((r, i) => {
            try {
              JSON.stringify(r);
            } catch {
              throw ingestError('ROW_NOT_SERIALIZABLE', { rowIndex: i });
            }
          });
          await append([...rows], start, end);
        },
        waitForCommit(target: string) {
          if (commitFailure) return Promise.reject(commitFailure);
          if (state.committed !== null && BigInt(state.committed) >= BigInt(target)) {
            return Promise.resolve(state.committed);
          }
          return new Promise<string>((resolve, reject) =>
            waiters.push({ target, resolve, reject }),
          );
        },
        async close(o: { waitForCommit?: boolean; timeoutMs?: number } = {}) {
          state.closed = { waitForCommit: o.waitForCommit, timeoutMs: o.timeoutMs };
          if (state.closeError) throw state.closeError;
          if (o.waitForCommit && state.holdCommits) {
            const last = state.appends.at(-1)?.end;
            if (last != null) await channel.waitForCommit(last);
          }
          if (o.waitForCommit) state.commitAll();
          for (const w of waiters.splice(0)) w.reject(ingestError('CHANNEL_CLOSED'));
        },
      } as unknown as Channel;
      return {
        channel,
        status: { latestCommittedOffsetToken: state.committed } as never,
      };
    },
    stats: () => ({ bufferedBytes }) as never,
  } as unknown as StreamingIngestClient;
  return {
    client,
    channels,
    opened,
    setBufferedBytes: (n: number) => void (bufferedBytes = n),
  };
}

export function createFakeConsumer() {
  const calls: string[] = [];
  const commits: PartitionOffset[][] = [];
  let handlers: ConsumerHandlers | undefined;
  let commitError: Error | undefined;
  const key = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;
  const consumer: KafkaConsumer = {
    async run(topics, h) {
      calls.push(`run ${topics.join(',')}`);
      handlers = h;
    },
    pause: (ps) => void calls.push(`pause ${ps.map(key).join(',')}`),
    resume: (ps) => void calls.push(`resume ${ps.map(key).join(',')}`),
    seek: (tp, offset) => void calls.push(`seek ${key(tp)} ${offset}`),
    async commitOffsets(offsets) {
      if (commitError) throw commitError;
      commits.push([...offsets]);
    },
    async stop() {
      calls.push('stop');
    },
  };
  return {
    consumer,
    calls,
    commits,
    failCommits: (e: Error | undefined) => void (commitError = e),
    get handlers(): ConsumerHandlers {
      if (!handlers) throw new Error('sink not started');
      return handlers;
    },
  };
}

export function record(
  offset: number,
  value: string | null,
  extra: Partial<KafkaRecord> = {},
): KafkaRecord {
  return {
    offset: String(offset),
    key: null,
    value: value === null ? null : Buffer.from(value),
    timestamp: '1700000000000',
    headers: {},
    ...extra,
  };
}

export function batch(
  topic: string,
  partition: number,
  records: KafkaRecord[],
  highWatermark?: string,
): RecordBatch {
  return highWatermark === undefined
    ? { topic, partition, records }
    : { topic, partition, records, highWatermark };
}

/** Lets queued promise callbacks run. */
export async function settle(turns = 30): Promise<void> {
  for (let i = 0; i < turns; i++) await Promise.resolve();
}
