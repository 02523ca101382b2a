import { gunzipSync } from 'node:zlib';
import { StreamingIngestError } from '../../src/errors/streaming-ingest-error.js';
import type {
  ChannelConnection,
  ChannelRequest,
  ChannelResponse,
} from '../../src/channel/channel-connection.js';

/** One recorded request, body decoded to text. */
export interface Recorded {
  req: ChannelRequest;
  kind: 'open' | 'append' | 'status' | 'drop' | 'other';
  channel?: string;
  text?: string;
}

export interface FakeChannel {
  clientSeq: number;
  rowSeq: number;
  committed: string | null;
  rowsParsed: number;
  status: string;
  pending: Array<{ rows: unknown[]; end: string | null }>;
}

/** A fault for the next matching request: throw `error` instead of answering. */
export interface FakeFault {
  kind: Recorded['kind'];
  channel?: string;
  /** Apply the request first, then throw (an ambiguous failure after send). */
  afterApply?: boolean;
  error: Error;
}

/**
 * A tiny in-memory Snowpipe Streaming service for unit tests: open / append / bulk status / drop,
 * continuation-token sequencers, commit on append (or held until `commit()`), and a committed
 * rows ledger. Not the emulator: just enough to check what the client sends.
 */
export function createFakeService(options: { autoCommit?: boolean } = {}) {
  const channels = new Map<string, FakeChannel>();
  const committedRows = new Map<string, unknown[]>();
  const recorded: Recorded[] = [];
  const faults: FakeFault[] = [];
  const gates: Array<() => void> = [];
  let holding = false;
  let inFlightAppends = 0;
  let maxInFlightAppends = 0;
  let autoCommit = options.autoCommit ?? true;

  const reply = (body: unknown, status = 200): ChannelResponse => {
    const text = body === undefined ? '' : JSON.stringify(body);
    return { status, body: text, json: <T>() => (text ? (JSON.parse(text) as T) : undefined) };
  };
  const statusOf = (name: string, ch: FakeChannel) => ({
    database_name: 'DB',
    schema_name: 'SC',
    pipe_name: 'P',
    channel_name: name,
    channel_status_code: ch.status,
    last_committed_offset_token: ch.committed,
    rows_inserted: ch.rowsParsed,
    rows_parsed: ch.rowsParsed,
    rows_error_count: 0,
  });
  const commitInto = (
    name: string,
    ch: FakeChannel,
    batch: { rows: unknown[]; end: string | null },
  ) => {
    ch.rowsParsed += batch.rows.length;
    if (batch.end !== null) ch.committed = batch.end;
    const list = committedRows.get(name) ?? [];
    list.push(...batch.rows);
    committedRows.set(name, list);
  };
  const decode = (req: ChannelRequest): string => {
    const body = req.body;
    if (body === undefined) return '';
    if (typeof body === 'string') return body;
    return req.contentEncoding === 'gzip'
      ? gunzipSync(body).toString('utf8')
      : Buffer.from(body).toString('utf8');
  };
  const classify = (req: ChannelRequest): { kind: Recorded['kind']; channel?: string } => {
    const m = /\/channels\/([^/]+)(\/rows)?$/.exec(req.path);
    if (req.path.endsWith(':bulk-channel-status')) return { kind: 'status' };
    if (!m) return { kind: 'other' };
    const channel = decodeURIComponent(m[1] as string);
    if (req.method === 'PUT') return { kind: 'open', channel };
    if (req.method === 'DELETE') return { kind: 'drop', channel };
    return { kind: m[2] ? 'append' : 'other', channel };
  };
  const fail = (code: string, httpStatus: number): never => {
    throw new StreamingIngestError(code, { code, httpStatus });
  };

  const handle = (
    req: ChannelRequest,
    kind: Recorded['kind'],
    channel: string | undefined,
    text: string,
  ) => {
    if (kind === 'open') {
      const body = JSON.parse(text || '{}') as { offset_token?: string };
      const ch = channels.get(channel!) ?? {
        clientSeq: -1,
        rowSeq: 0,
        committed: null,
        rowsParsed: 0,
        status: 'SUCCESS',
        pending: [],
      };
      ch.clientSeq += 1;
      ch.rowSeq = 0;
      ch.pending = [];
      ch.status = 'SUCCESS';
      if (body.offset_token !== undefined) ch.committed = body.offset_token;
      channels.set(channel!, ch);
      return reply({
        next_continuation_token: `${ch.clientSeq}_0`,
        channel_status: statusOf(channel!, ch),
      });
    }
    if (kind === 'append') {
      const ch =
        channels.get(channel!) ?? fail('ERR_CHANNEL_DOES_NOT_EXIST_OR_IS_NOT_AUTHORIZED', 404);
      if (ch.status !== 'SUCCESS') fail('ERR_CHANNEL_MUST_BE_REOPENED', 409);
      const [seq, row] = String(req.query?.continuationToken).split('_').map(Number);
      if (seq !== ch.clientSeq) fail('STALE_CONTINUATION_TOKEN_SEQUENCER', 400);
      if (row !== ch.rowSeq) fail('ERR_CHANNEL_MUST_BE_REOPENED_DUE_TO_ROW_SEQ_GAP', 409);
      const rows = text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as unknown);
      ch.rowSeq += 1;
      const batch = { rows, end: req.query?.endOffsetToken ?? null };
      if (autoCommit) commitInto(channel!, ch, batch);
      else ch.pending.push(batch);
      return reply({ next_continuation_token: `${ch.clientSeq}_${ch.rowSeq}` });
    }
    if (kind === 'status') {
      const names = (JSON.parse(text) as { channel_names: string[] }).channel_names;
      const out: Record<string, unknown> = {};
      for (const n of names) {
        const ch = channels.get(n);
        if (ch) out[n] = statusOf(n, ch);
      }
      return reply({ channel_statuses: out });
    }
    if (kind === 'drop') {
      channels.delete(channel!);
      return reply({});
    }
    return fail('NOT_FOUND', 404);
  };

  const connection: ChannelConnection = {
    async send(req) {
      const { kind, channel } = classify(req);
      const text = decode(req);
      recorded.push({ req, kind, ...(channel ? { channel } : {}), text });
      if (kind === 'append') {
        inFlightAppends += 1;
        maxInFlightAppends = Math.max(maxInFlightAppends, inFlightAppends);
      }
      try {
        if (kind === 'append' && holding) await new Promise<void>((r) => gates.push(r));
        else await Promise.resolve();
        const i = faults.findIndex(
          (f) => f.kind === kind && (f.channel === undefined || f.channel === channel),
        );
        const fault = i >= 0 ? faults.splice(i, 1)[0] : undefined;
        if (fault && !fault.afterApply) throw fault.error;
        const response = handle(req, kind, channel, text);
        if (fault) throw fault.error;
        return response;
      } finally {
        if (kind === 'append') inFlightAppends -= 1;
      }
    },
  };

  return {
    connection,
    recorded,
    /** Requests of one kind (and channel). */
    requests: (kind: Recorded['kind'], channel?: string) =>
      recorded.filter((r) => r.kind === kind && (channel === undefined || r.channel === channel)),
    committedRows: (channel: string) => committedRows.get(channel) ?? [],
    channel: (name: string) => channels.get(name),
    inject: (fault: FakeFault) => void faults.push(fault),
    setAutoCommit(value: boolean) {
      autoCommit = value;
    },
    /** Commits the first `count` held batches of `name` (all by default). */
    commit(name: string, count = Number.POSITIVE_INFINITY) {
      const ch = channels.get(name);
      if (!ch) return;
      for (const b of ch.pending.splice(0, count)) commitInto(name, ch, b);
    },
    /** Another writer opens the channel: our continuation tokens become stale. */
    bumpSequencer(name: string) {
      const ch = channels.get(name);
      if (ch) {
        ch.clientSeq += 1;
        ch.rowSeq = 0;
        ch.pending = [];
      }
    },
    setStatus(name: string, status: string) {
      const ch = channels.get(name);
      if (ch) ch.status = status;
    },
    /** Appends wait until {@link release} (to observe ordering). */
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const g of gates.splice(0)) g();
    },
    releaseOne() {
      gates.shift()?.();
    },
    heldCount: () => gates.length,
    maxInFlightAppends: () => maxInFlightAppends,
  };
}

export type FakeService = ReturnType<typeof createFakeService>;
