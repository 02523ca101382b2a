import { pipeKey, resolveIdentifier } from '../identifiers.js';
import { createKeySet } from './key-set.js';
import type { KeySet } from './key-set.js';

/** One Elastic request as recorded (the last 1,000 per pipe). */
export interface ElasticRequestRecord {
  /** The request's `requestId` query value; `null` when it sent none. */
  requestId: string | null;
  /** The request's `retryCount` query value; `null` when it sent none. */
  retryCount: number | null;
  /** Rows in the request. */
  rows: number;
}

/** What the emulator saw and committed on one channel (Elastic rows use channel `ELASTIC`). */
export interface ChannelLedger {
  /** The database, resolved like the service does (unquoted names upper-cased). */
  database: string;
  /** The schema, resolved the same way. */
  schema: string;
  /** The pipe, resolved the same way. */
  pipe: string;
  /** The channel name. */
  channel: string;
  /** Rows in accepted appends (valid and invalid; discarded ones included). */
  rowsReceived: number;
  /** Valid rows committed. */
  rowsCommitted: number;
  /** Invalid rows counted at commit (as `rows_error_count`). */
  rowsErrored: number;
  /** Distinct committed keys (0 unless `rowKeyField` is set). */
  distinctKeys: number;
  /** Committed rows whose key had been committed before. */
  duplicateKeys: number;
  /** The first 100 duplicate keys. */
  duplicates: string[];
  /** The channel's committed offset token; `null` before its first commit. */
  committedOffsetToken: string | null;
  /** Committed rows, when `retainRows` is on (the first N). */
  rows?: unknown[];
  /** Elastic requests (`requestId`, `retryCount`), for channel `ELASTIC` only. */
  elasticRequests?: ElasticRequestRecord[];
}

/** Totals over every channel, plus request counts. */
export interface LedgerTotals {
  /** Rows in accepted appends, over every channel. */
  rowsReceived: number;
  /** Valid rows committed, over every channel. */
  rowsCommitted: number;
  /** Invalid rows counted at commit, over every channel. */
  rowsErrored: number;
  /** Distinct committed keys, summed over channels (0 unless `rowKeyField` is set). */
  distinctKeys: number;
  /** Committed rows whose key had been committed before, over every channel. */
  duplicateKeys: number;
  /** HTTP requests received (every endpoint). */
  requests: number;
  /** HTTP requests received, by endpoint name (`open`, `append`, `status`, …). */
  requestsByEndpoint: Record<string, number>;
}

/** The emulator's record of what it received and committed; read it in tests to prove exactly-once. */
export interface Ledger {
  /** Every channel seen so far. */
  channels(): ChannelLedger[];
  /** One channel; names resolve like the service (unquoted → upper-case). */
  channel(
    database: string,
    schema: string,
    pipe: string,
    channel: string,
  ): ChannelLedger | undefined;
  /** Totals over every channel, plus request counts. */
  totals(): LedgerTotals;
  /** Forgets everything recorded (channel state is untouched). */
  reset(): void;
}

/** Mutable per-channel ledger record. */
export interface LedgerEntry {
  readonly view: ChannelLedger;
  keys: KeySet | undefined;
}

/** A commit as the ledger records it. */
export interface CommitRecord {
  validRows: number;
  errorRows: number;
  keys: Array<string | number> | undefined;
  retained: unknown[] | undefined;
  offsetToken: string | null;
}

const MAX_DUPLICATES = 100;
const MAX_ELASTIC_REQUESTS = 1000;

/** The writable side used by handlers, plus the public {@link Ledger}. */
export interface LedgerStore {
  readonly ledger: Ledger;
  entry(database: string, schema: string, pipe: string, channel: string): LedgerEntry;
  received(entry: LedgerEntry, rows: number): void;
  commit(entry: LedgerEntry, record: CommitRecord): void;
  elasticRequest(entry: LedgerEntry, record: ElasticRequestRecord): void;
  countRequest(endpoint: string): void;
}

/** Creates the ledger. */
export function createLedgerStore(options: {
  keyField: string | undefined;
  retainCap: number;
}): LedgerStore {
  const entries = new Map<string, LedgerEntry>();
  let requests = 0;
  let byEndpoint: Record<string, number> = {};
  const snapshot = (e: LedgerEntry): ChannelLedger => {
    const v = e.view;
    return {
      ...v,
      distinctKeys: e.keys?.size ?? 0,
      duplicates: [...v.duplicates],
      ...(v.rows ? { rows: [...v.rows] } : {}),
      ...(v.elasticRequests ? { elasticRequests: v.elasticRequests.map((r) => ({ ...r })) } : {}),
    };
  };
  const ledger: Ledger = {
    channels: () => [...entries.values()].map(snapshot),
    channel(db, schema, pipe, channel) {
      const key = `${pipeKey(resolveIdentifier(db), resolveIdentifier(schema), resolveIdentifier(pipe))}\u0000${resolveIdentifier(channel)}`;
      const e = entries.get(key);
      return e ? snapshot(e) : undefined;
    },
    totals() {
      const t: LedgerTotals = {
        rowsReceived: 0,
        rowsCommitted: 0,
        rowsErrored: 0,
        distinctKeys: 0,
        duplicateKeys: 0,
        requests,
        requestsByEndpoint: { ...byEndpoint },
      };
      for (const e of entries.values()) {
        t.rowsReceived += e.view.rowsReceived;
        t.rowsCommitted += e.view.rowsCommitted;
        t.rowsErrored += e.view.rowsErrored;
        t.distinctKeys += e.keys?.size ?? 0;
        t.duplicateKeys += e.view.duplicateKeys;
      }
      return t;
    },
    reset() {
      entries.clear();
      requests = 0;
      byEndpoint = {};
    },
  };
  return {
    ledger,
    entry(database, schema, pipe, channel) {
      const key = `${pipeKey(database, schema, pipe)}\u0000${channel}`;
      let e = entries.get(key);
      if (!e) {
        const view: ChannelLedger = {
          database,
          schema,
          pipe,
          channel,
          rowsReceived: 0,
          rowsCommitted: 0,
          rowsErrored: 0,
          distinctKeys: 0,
          duplicateKeys: 0,
          duplicates: [],
          committedOffsetToken: null,
        };
        if (options.retainCap > 0) view.rows = [];
        if (channel === 'ELASTIC') view.elasticRequests = [];
        e = { view, keys: options.keyField !== undefined ? createKeySet() : undefined };
        entries.set(key, e);
      }
      return e;
    },
    received(entry, rows) {
      entry.view.rowsReceived += rows;
    },
    commit(entry, record) {
      const v = entry.view;
      v.rowsCommitted += record.validRows;
      v.rowsErrored += record.errorRows;
      if (record.offsetToken !== null) v.committedOffsetToken = record.offsetToken;
      if (entry.keys && record.keys) {
        for (const k of record.keys) {
          if (!entry.keys.add(k)) {
            v.duplicateKeys++;
            if (v.duplicates.length < MAX_DUPLICATES) v.duplicates.push(String(k));
          }
        }
      }
      if (v.rows && record.retained) {
        for (const row of record.retained) {
          if (v.rows.length >= options.retainCap) break;
          v.rows.push(row);
        }
      }
    },
    elasticRequest(entry, record) {
      const list = entry.view.elasticRequests;
      if (!list) return;
      if (list.length >= MAX_ELASTIC_REQUESTS) list.shift();
      list.push(record);
    },
    countRequest(endpoint) {
      requests++;
      byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
    },
  };
}
