// `client.close({ timeoutMs })` settles within its timeout whatever the network does, and names
// every channel it could not close with the rows it cannot vouch for. Appends are black-holed by
// a TCP proxy; the client runs on a fake clock, so the deadline is reached exactly.
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient } from '../src/index.js';
import type { Channel, StreamingIngestClient, UnclosedChannel } from '../src/index.js';
import { startBlackHoleProxy } from './support/black-hole-proxy.js';
import type { BlackHoleProxy } from './support/black-hole-proxy.js';
import { ioTurns } from './support/drive.js';
import { clientOptions, idRows, PUBLIC_KEY_PEM } from './support/emulator-fixture.js';

const APPEND = /^POST \/v2\/streaming\/data\/.*\/rows/;
const CHANNELS = 32;

let emulator: Emulator | undefined;
let proxy: BlackHoleProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await emulator?.stop();
  proxy = emulator = undefined;
});

async function start(): Promise<{ client: StreamingIngestClient; clock: FakeClock }> {
  const clock = createFakeClock();
  emulator = await startEmulator({
    clock,
    publicKeys: [PUBLIC_KEY_PEM],
    rowKeyField: 'id',
    commitDelayMs: 0,
    logger: { info: () => undefined, warn: () => undefined },
  });
  proxy = await startBlackHoleProxy(emulator.url);
  const base = clientOptions(emulator, []);
  const client = await createClient({
    ...base,
    clock,
    properties: { ...base.properties, url: proxy.url, ingest_url: proxy.url },
  });
  return { client, clock };
}

/** Real I/O turns until `predicate` holds (bounded). */
async function until(predicate: () => boolean, turns = 2_000): Promise<void> {
  for (let i = 0; i < turns && !predicate(); i++) await ioTurns(1);
  expect(predicate()).toBe(true);
}

/** Opens the channels and leaves one black-holed append in flight on each. */
async function hungAppends(client: StreamingIngestClient): Promise<Channel[]> {
  const channels: Channel[] = [];
  for (let i = 0; i < CHANNELS; i++)
    channels.push((await client.openChannel({ name: `c${i}` })).channel);
  proxy!.holeNext(APPEND, CHANNELS);
  for (const [i, c] of channels.entries()) {
    await c.appendRows(idRows(`c${i}`, 0, 10), String(i * 100), String(i * 100 + 9));
    c.initiateFlush();
  }
  await until(() => proxy!.swallowed.length === CHANNELS);
  return channels;
}

function settledFlag(p: Promise<unknown>): () => boolean {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  return () => done;
}

describe('client.close with requests that are never answered', () => {
  it('settles at its timeout and lists every channel with its uncommitted offset range', async () => {
    const { client, clock } = await start();
    await hungAppends(client);
    const closing = client.close({ timeoutMs: 2_000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const settled = settledFlag(closing);
    await clock.tick(1_999);
    await ioTurns(20);
    expect(settled()).toBe(false);
    await clock.tick(1);
    // No more virtual time: the in-flight requests are aborted and the close ends on real I/O.
    await until(settled);
    const error = (await closing) as { code: string; details: { channels: UnclosedChannel[] } };
    expect(error.code).toBe('CLOSE_TIMEOUT');
    expect(error.details.channels).toHaveLength(CHANNELS);
    for (let i = 0; i < CHANNELS; i++) {
      expect(error.details.channels[i]).toEqual({
        channelName: `c${i}`,
        code: 'CLOSE_TIMEOUT',
        latestCommittedOffsetToken: null,
        fromOffsetToken: String(i * 100),
        toOffsetToken: String(i * 100 + 9),
        rows: 10,
      });
    }
    expect(client.isClosed()).toBe(true);
    expect(client.stats().bufferedBytes).toBe(0);
  });

  it('an aborted close rejects at once with CLOSE_ABORTED, the reason as cause, every channel named', async () => {
    const { client } = await start();
    await hungAppends(client);
    const controller = new AbortController();
    const closing = client.close({ signal: controller.signal }).then(
      () => undefined,
      (e: unknown) => e,
    );
    const settled = settledFlag(closing);
    await ioTurns(20);
    expect(settled()).toBe(false);
    const reason = new Error('shutting down');
    controller.abort(reason);
    await until(settled);
    const error = (await closing) as {
      code: string;
      cause: unknown;
      details: { channels: UnclosedChannel[] };
    };
    expect(error.code).toBe('CLOSE_ABORTED');
    expect(error.cause).toBe(reason);
    expect(
      error.details.channels.map((c) => [c.channelName, c.fromOffsetToken, c.toOffsetToken]),
    ).toEqual(
      Array.from({ length: CHANNELS }, (_, i) => [`c${i}`, String(i * 100), String(i * 100 + 9)]),
    );
  });
});
