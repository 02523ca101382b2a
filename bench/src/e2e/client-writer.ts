import { createClient } from '@snowpipe/streaming-client';
import type {
  AppendEncodedOptions,
  Channel,
  ClientOptions,
  Row,
  StreamingIngestClient,
} from '@snowpipe/streaming-client';
import { createUndiciTransport } from '@snowpipe/transport-undici';
import { benchKeys, clientProperties } from '../lib/bench-keys.js';

/** One append call's rows, pre-encoded as NDJSON. */
export interface EncodedChunk {
  readonly ndjson: Buffer;
  readonly rows: number;
}

/** A client with open channels that writes the same rows on every channel per round. */
export interface ClientWriter {
  readonly client: StreamingIngestClient;
  readonly channels: readonly Channel[];
  /**
   * Appends `chunks` (in order) on every channel with increasing offset tokens, then flushes and
   * waits until every channel's rows are acknowledged (not necessarily committed).
   */
  writeRound(chunks: readonly (readonly Row[])[]): Promise<void>;
  /**
   * As {@link ClientWriter.writeRound}, with each chunk already encoded as NDJSON
   * (`appendEncodedRows`); a function gives every channel its own chunks (distinct buffers).
   */
  writeEncodedRound(
    chunks: readonly EncodedChunk[] | ((channel: number) => readonly EncodedChunk[]),
    options?: EncodedRoundOptions,
  ): Promise<void>;
  /** Waits until every channel's last token is committed (keeps the buffer budget free). */
  waitForCommits(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** How {@link ClientWriter.writeEncodedRound} appends: `copy`, and whether it gives `rowCount`. */
export interface EncodedRoundOptions extends Pick<AppendEncodedOptions, 'copy'> {
  /** Give each call its chunk's row count (`AppendEncodedOptions.rowCount`). @default false */
  withRowCount?: boolean;
}

/** Options of {@link openClientWriter}: client options plus the channel layout. */
export interface ClientWriterOptions extends Partial<ClientOptions> {
  url: string;
  channels: number;
  /** Channel name prefix (unique per writer). */
  prefix: string;
  /** Pool size of the undici transport. @default 32 */
  connections?: number;
}

/** Creates a client (undici transport, key-pair auth against the emulator) and opens its channels. */
export async function openClientWriter(options: ClientWriterOptions): Promise<ClientWriter> {
  const { url, channels: count, prefix, connections = 32, ...rest } = options;
  const client = await createClient({
    clientName: `bench-${prefix}`,
    dbName: 'BENCH',
    schemaName: 'PUBLIC',
    pipeName: 'EVENTS-STREAMING',
    properties: clientProperties(url, benchKeys()),
    transport: createUndiciTransport({ connections }),
    commitPollIntervalMs: 100,
    ...rest,
  });
  const channels: Channel[] = [];
  for (let i = 0; i < count; i++) {
    channels.push((await client.openChannel({ name: `${prefix}-${i}` })).channel);
  }
  const offsets = channels.map(() => 0);
  /** Appends `chunks` in order on every channel with increasing offset tokens, then flushes. */
  const round = async <C>(
    chunksOf: readonly C[] | ((channel: number) => readonly C[]),
    rowsOf: (c: C) => number,
    append: (channel: Channel, c: C, from: string, to: string) => Promise<void>,
  ): Promise<void> => {
    await Promise.all(
      channels.map(async (channel, i) => {
        const chunks = typeof chunksOf === 'function' ? chunksOf(i) : chunksOf;
        for (const c of chunks) {
          const from = offsets[i]! + 1;
          offsets[i] = offsets[i]! + rowsOf(c);
          await append(channel, c, String(from), String(offsets[i]));
        }
        channel.initiateFlush();
        await channel.waitForFlush();
      }),
    );
  };
  return {
    client,
    channels,
    writeRound: (chunks) =>
      round(
        chunks,
        (c) => c.length,
        (channel, c, from, to) => channel.appendRows(c, from, to),
      ),
    writeEncodedRound: (chunks, { withRowCount = false, ...appendOptions } = {}) =>
      round(
        chunks,
        (c) => c.rows,
        (channel, c, from, to) =>
          channel.appendEncodedRows(
            c.ndjson,
            from,
            to,
            withRowCount ? { ...appendOptions, rowCount: c.rows } : appendOptions,
          ),
      ),
    async waitForCommits(timeoutMs = 30_000) {
      await Promise.all(
        channels.map((channel, i) => channel.waitForCommit(String(offsets[i]), { timeoutMs })),
      );
    },
    close: () => client.close({ waitForCommit: false }),
  };
}
