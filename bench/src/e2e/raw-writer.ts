import { Pool } from 'undici';
import type { Row } from '@snowpipe/streaming-client';
import { benchKeys, mintKeyPairJwt } from '../lib/bench-keys.js';
import { encodeBodies } from '../lib/rows.js';

/** Hand-written undici sender: opens channels and posts pre-encoded NDJSON bodies. */
export interface RawWriter {
  /**
   * Posts `bodies` in order on every channel (one request in flight per channel), chaining
   * continuation tokens; a function gives every channel its own bodies (distinct buffers).
   */
  writeRound(bodies: Bodies | ((channel: number) => Bodies)): Promise<void>;
  /** Like `writeRound`, but every channel encodes `rows` itself (JSON.stringify + join) first. */
  writeRows(rows: readonly Row[], maxBodyBytes: number): Promise<void>;
  requests(): number;
  close(): Promise<void>;
}

type Bodies = ReadonlyArray<{ body: Buffer; rows: number }>;

const PIPE = '/v2/streaming/databases/BENCH/schemas/PUBLIC/pipes/EVENTS-STREAMING';
const DATA_PIPE = '/v2/streaming/data/databases/BENCH/schemas/PUBLIC/pipes/EVENTS-STREAMING';

/**
 * The peer of the end-to-end benchmark: `undici` `Pool` with `connections` sockets, a key-pair
 * JWT minted with jose and exchanged for a scoped token, channels opened by `PUT`, appends
 * posted with `continuationToken` chained per channel. No retries, no telemetry, no buffering.
 */
export async function openRawWriter(options: {
  url: string;
  channels: number;
  prefix: string;
  connections: number;
}): Promise<RawWriter> {
  const { url, channels: count, prefix, connections } = options;
  const pool = new Pool(url, { connections });
  const jwt = await mintKeyPairJwt(benchKeys());
  const exchanged = await pool.request({
    path: '/oauth/token',
    method: 'POST',
    headers: {
      authorization: `Bearer ${jwt}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      scope: new URL(url).host,
    }).toString(),
  });
  const scoped = (await exchanged.body.text()).trim();
  if (exchanged.statusCode !== 200) throw new Error(`token exchange: ${exchanged.statusCode}`);
  const headers = {
    authorization: `Bearer ${scoped}`,
    accept: 'application/json',
    'content-type': 'application/x-ndjson',
  };
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const tokens: string[] = [];
  for (const name of names) {
    const res = await pool.request({
      path: `${PIPE}/channels/${name}`,
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{}',
    });
    const json = (await res.body.json()) as { next_continuation_token: string };
    if (res.statusCode !== 200) throw new Error(`open ${name}: ${res.statusCode}`);
    tokens.push(json.next_continuation_token);
  }
  const offsets = names.map(() => 0);
  let requests = 0;
  const post = async (
    i: number,
    bodies: ReadonlyArray<{ body: Buffer; rows: number }>,
  ): Promise<void> => {
    const name = names[i]!;
    for (const { body, rows } of bodies) {
      const from = offsets[i]! + 1;
      offsets[i] = offsets[i]! + rows;
      const res = await pool.request({
        path: `${DATA_PIPE}/channels/${name}/rows?startOffsetToken=${from}&endOffsetToken=${offsets[i]}&continuationToken=${encodeURIComponent(tokens[i]!)}`,
        method: 'POST',
        headers,
        body,
      });
      const json = (await res.body.json()) as { next_continuation_token: string };
      if (res.statusCode !== 200)
        throw new Error(`append ${name}: ${res.statusCode} ${JSON.stringify(json)}`);
      tokens[i] = json.next_continuation_token;
      requests++;
    }
  };
  return {
    async writeRound(bodies) {
      await Promise.all(
        names.map((_, i) => post(i, typeof bodies === 'function' ? bodies(i) : bodies)),
      );
    },
    async writeRows(rows, maxBodyBytes) {
      await Promise.all(names.map((_, i) => post(i, encodeBodies(rows, maxBodyBytes))));
    },
    requests: () => requests,
    close: () => pool.close(),
  };
}
