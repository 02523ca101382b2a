// Every call that waits on the service takes an AbortSignal: with its request black-holed by a
// TCP proxy, an abort rejects the call at once with the signal's reason, and nothing buffered is
// lost (the rows stay in the channel and commit afterwards).
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient } from '../src/index.js';
import type { ClientOptions, StreamingIngestClient } from '../src/index.js';
import { startBlackHoleProxy } from './support/black-hole-proxy.js';
import type { BlackHoleProxy } from './support/black-hole-proxy.js';
import { ioTurns } from './support/drive.js';
import { clientOptions, idRows, PUBLIC_KEY_PEM } from './support/emulator-fixture.js';

const APPEND = /^POST \/v2\/streaming\/data\/.*\/rows/;
const STATUS = /^POST .*:bulk-channel-status/;
const TOKEN = /^POST \/oauth\/token/;
const OPEN = /^PUT \/v2\/streaming\/databases\/.*\/channels\//;
const DROP = /^DELETE \/v2\/streaming\/databases\/.*\/channels\//;

let emulator: Emulator | undefined;
let proxy: BlackHoleProxy | undefined;
let client: StreamingIngestClient | undefined;
afterEach(async () => {
  await client?.close({ waitForCommit: false, timeoutMs: 200 }).catch(() => undefined);
  await proxy?.close();
  await emulator?.stop();
  client = proxy = emulator = undefined;
});

async function setup(): Promise<{
  options: ClientOptions;
  proxy: BlackHoleProxy;
  emulator: Emulator;
}> {
  emulator = await startEmulator({
    publicKeys: [PUBLIC_KEY_PEM],
    rowKeyField: 'id',
    commitDelayMs: 0,
    logger: { info: () => undefined, warn: () => undefined },
  });
  proxy = await startBlackHoleProxy(emulator.url);
  const base = clientOptions(emulator, []);
  return {
    options: { ...base, properties: { ...base.properties, url: proxy.url, ingest_url: proxy.url } },
    proxy,
    emulator,
  };
}

/** Waits (real I/O) until the proxy has swallowed `n` requests, then aborts with a fresh reason. */
async function abortOnceSwallowed(controller: AbortController, n = 1): Promise<Error> {
  for (let i = 0; i < 2_000 && proxy!.swallowed.length < n; i++) await ioTurns(1);
  expect(proxy!.swallowed).toHaveLength(n);
  const reason = new Error('caller gave up');
  controller.abort(reason);
  return reason;
}

describe('AbortSignal on every call that waits on the service', () => {
  it('createClient: a hung token exchange, aborted', async () => {
    const { options, proxy } = await setup();
    proxy.holeNext(TOKEN);
    const controller = new AbortController();
    const pending = createClient({ ...options, signal: controller.signal });
    const reason = await abortOnceSwallowed(controller);
    await expect(pending).rejects.toBe(reason);
  });

  it('openChannel: a hung open, aborted; opening again works', async () => {
    const { options, proxy } = await setup();
    client = await createClient(options);
    proxy.holeNext(OPEN);
    const controller = new AbortController();
    const pending = client.openChannel({ name: 'o', signal: controller.signal });
    const reason = await abortOnceSwallowed(controller);
    await expect(pending).rejects.toBe(reason);
    await expect(client.openChannel({ name: 'o' })).resolves.toMatchObject({
      status: { statusCode: 'SUCCESS' },
    });
  });

  it('getChannelStatus, getChannelStatuses and dropChannel: hung requests, aborted', async () => {
    const { options, proxy } = await setup();
    client = await createClient(options);
    const { channel } = await client.openChannel({ name: 's' });
    for (const [pattern, call] of [
      [STATUS, (signal: AbortSignal) => channel.getChannelStatus({ signal })],
      [STATUS, (signal: AbortSignal) => client!.getChannelStatuses(['s'], { signal })],
      [DROP, (signal: AbortSignal) => client!.dropChannel('s', { signal })],
    ] as const) {
      proxy.holeNext(pattern);
      const controller = new AbortController();
      const pending = call(controller.signal);
      const reason = await abortOnceSwallowed(controller, proxy.swallowed.length + 1);
      await expect(pending).rejects.toBe(reason);
    }
  });

  it('waitForFlush: aborted while the append hangs; the rows stay and commit later', async () => {
    const { options, proxy, emulator } = await setup();
    // Short attempt timeouts: the hung append is retried after the wait was aborted.
    client = await createClient({ ...options, requestTimeoutMs: { append: 300 } });
    const { channel } = await client.openChannel({ name: 'f' });
    proxy.holeNext(APPEND);
    await channel.appendRows(idRows('f', 0, 10), '0', '9');
    const controller = new AbortController();
    const pending = channel.waitForFlush({ signal: controller.signal });
    const reason = await abortOnceSwallowed(controller);
    await expect(pending).rejects.toBe(reason);
    await expect(channel.waitForCommit('9', { timeoutMs: 3_000 })).resolves.toBe('9');
    expect(emulator.ledger.channel('DB', 'SC', 'P', 'f')).toMatchObject({
      rowsCommitted: 10,
      duplicateKeys: 0,
    });
  });

  it('an already aborted signal rejects before anything is sent', async () => {
    const { options, proxy } = await setup();
    client = await createClient(options);
    const reason = new Error('too late');
    const seen = proxy.seen.length;
    await expect(client.openChannel({ name: 'x', signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    await expect(
      client.getChannelStatuses(['x'], { signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    expect(proxy.seen.length).toBe(seen);
  });
});
