// A request that is never answered must not hang the client: a TCP proxy between the client and
// the emulator black-holes one request of each kind, and the client abandons and retries it
// (real sockets and the real clock, with attempt timeouts of a few hundred milliseconds).
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient } from '../src/index.js';
import type { ClientOptions, StreamingIngestClient } from '../src/index.js';
import { startBlackHoleProxy } from './support/black-hole-proxy.js';
import type { BlackHoleProxy } from './support/black-hole-proxy.js';
import { clientOptions, idRows, PUBLIC_KEY_PEM } from './support/emulator-fixture.js';

const TIMEOUT_MS = 300;
const APPEND = /^POST \/v2\/streaming\/data\/.*\/channels\/[^/]+\/rows/;
const STATUS = /^POST .*:bulk-channel-status/;
const TOKEN = /^POST \/oauth\/token/;
const OPEN = /^PUT \/v2\/streaming\/databases\/.*\/channels\//;

let emulator: Emulator | undefined;
let proxy: BlackHoleProxy | undefined;
let client: StreamingIngestClient | undefined;
afterEach(async () => {
  await client?.close({ waitForCommit: false, timeoutMs: 500 }).catch(() => undefined);
  await proxy?.close();
  await emulator?.stop();
  client = proxy = emulator = undefined;
});

async function start(
  overrides: Partial<ClientOptions> = {},
  before?: (p: BlackHoleProxy) => void,
): Promise<{ client: StreamingIngestClient; proxy: BlackHoleProxy; emulator: Emulator }> {
  emulator = await startEmulator({
    publicKeys: [PUBLIC_KEY_PEM],
    rowKeyField: 'id',
    commitDelayMs: 0,
    logger: { info: () => undefined, warn: () => undefined },
  });
  proxy = await startBlackHoleProxy(emulator.url);
  before?.(proxy);
  const base = clientOptions(emulator, []);
  client = await createClient({
    ...base,
    properties: { ...base.properties, url: proxy.url, ingest_url: proxy.url },
    requestTimeoutMs: TIMEOUT_MS,
    ...overrides,
  });
  return { client, proxy, emulator };
}

describe('a black-holed request is abandoned and retried', () => {
  it('append: the rows commit once, after one swallowed attempt', async () => {
    const { client, proxy, emulator } = await start();
    const { channel } = await client.openChannel({ name: 'a' });
    proxy.holeNext(APPEND);
    await channel.appendRows(idRows('a', 0, 10), '0', '9');
    await expect(channel.waitForCommit('9', { timeoutMs: 3_000 })).resolves.toBe('9');
    expect(proxy.swallowed).toHaveLength(1);
    expect(proxy.swallowed[0]).toMatch(APPEND);
    expect(emulator.ledger.channel('DB', 'SC', 'P', 'a')).toMatchObject({
      rowsCommitted: 10,
      duplicateKeys: 0,
    });
    expect(client.stats().retries).toBeGreaterThanOrEqual(1);
  });

  it('bulk status: one hung poll does not stall the commit waits of other channels', async () => {
    const { client, proxy } = await start();
    const channels = await Promise.all(
      ['s1', 's2', 's3'].map(async (name) => (await client.openChannel({ name })).channel),
    );
    proxy.holeNext(STATUS);
    await Promise.all(channels.map((c, i) => c.appendRows(idRows(`s${i}`, 0, 5), '0', '4')));
    const waits = channels.map((c) => c.waitForCommit('4', { timeoutMs: 3_000 }));
    await expect(Promise.all(waits)).resolves.toEqual(['4', '4', '4']);
    expect(proxy.swallowed).toHaveLength(1);
    expect(proxy.swallowed[0]).toMatch(STATUS);
  });

  it('token exchange: createClient still authenticates', async () => {
    const { client, proxy } = await start({}, (p) => p.holeNext(TOKEN));
    expect(proxy.swallowed).toHaveLength(1);
    expect(proxy.swallowed[0]).toMatch(TOKEN);
    const { channel } = await client.openChannel({ name: 't' });
    await channel.appendRows(idRows('t', 0, 3), '0', '2');
    await expect(channel.waitForCommit('2', { timeoutMs: 3_000 })).resolves.toBe('2');
  });

  it('open: openChannel resolves after one swallowed attempt', async () => {
    const { client, proxy } = await start();
    proxy.holeNext(OPEN);
    const { channel, status } = await client.openChannel({ name: 'o' });
    expect(status.statusCode).toBe('SUCCESS');
    expect(proxy.swallowed).toHaveLength(1);
    expect(proxy.swallowed[0]).toMatch(OPEN);
    await channel.appendRows(idRows('o', 0, 3), '0', '2');
    await expect(channel.waitForCommit('2', { timeoutMs: 3_000 })).resolves.toBe('2');
  });
});
