import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';
import { makeKeyPair, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});

/** Sends raw bytes and resolves with whatever the server answered before closing. */
function raw(port: number, data: string, endAfterWrite = true): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(data);
      if (endAfterWrite) socket.end();
    });
    let out = '';
    socket.on('data', (d: Buffer) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', () => resolve(out));
  });
}

async function stillServes(emulator: Emulator): Promise<void> {
  const res = await fetch(`${emulator.url}/_emulator/health`);
  expect(res.status).toBe(200);
}

describe('bad input never crashes the emulator', () => {
  it('unknown paths get 404 with {code, message}', async () => {
    h = await startHarness({}, keys);
    for (const path of [
      '/',
      '/nope',
      '/v2/streaming',
      '/v2/streaming/databases/d/schemas/s/pipes/p:no-such-verb',
      '/v2/streaming/data/databases/d/schemas/s/pipes/p/channels/c/filebuffer',
    ]) {
      const res = await fetch(`${h.emulator.url}${path}`, { method: 'POST' });
      expect(res.status).toBe(404);
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('ERR_NOT_FOUND');
      expect(typeof body.message).toBe('string');
    }
  });

  it('wrong methods get 405 with Allow', async () => {
    h = await startHarness({}, keys);
    const cases: Array<[string, string, string]> = [
      ['POST', '/v2/streaming/hostname', 'GET'],
      ['GET', '/oauth/token', 'POST'],
      ['POST', '/v2/streaming/databases/d/schemas/s/pipes/p/channels/c', 'PUT, DELETE'],
      ['GET', '/v2/streaming/data/databases/d/schemas/s/pipes/p/channels/c/rows', 'POST'],
      ['PUT', '/_emulator/ledger', 'GET'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await fetch(`${h.emulator.url}${path}`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      expect(((await res.json()) as { code: string }).code).toBe('ERR_METHOD_NOT_ALLOWED');
    }
  });

  it('a bad percent-encoding gets 400', async () => {
    h = await startHarness({}, keys);
    const res = await fetch(
      `${h.emulator.url}/v2/streaming/databases/%E0%A4%A/schemas/s/pipes/p/channels/c`,
      { method: 'PUT' },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('ERR_INVALID_PATH');
  });

  it('huge headers get 431 and the server keeps serving', async () => {
    h = await startHarness({}, keys);
    const res = await fetch(`${h.emulator.url}/v2/streaming/hostname`, {
      headers: { 'x-big': 'a'.repeat(40_000) },
    });
    expect(res.status).toBe(431);
    await stillServes(h.emulator);
  });

  it('garbage bytes and aborted bodies do not hurt it', async () => {
    h = await startHarness({}, keys);
    const answer = await raw(h.emulator.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    await raw(
      h.emulator.port,
      'POST /v2/streaming/data/databases/d/schemas/s/pipes/p/channels/c/rows HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{"id":1}\n',
    );
    await raw(
      h.emulator.port,
      'PUT /v2/streaming/databases/d/schemas/s/pipes/p/channels/c HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{',
    );
    await stillServes(h.emulator);
  });

  it('malformed JSON bodies, wrong content types and invalid tokens get error bodies', async () => {
    h = await startHarness({}, keys);
    const status = `/v2/streaming/databases/d/schemas/s/pipes/T-STREAMING:bulk-channel-status`;
    const bad = await h.call('POST', status, {
      body: '{"channel_names":[',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('ERR_INVALID_REQUEST_BODY');
    const invalidToken = await h.call('POST', status, {
      token: 'x.y.z',
      body: '{"channel_names":[]}',
      headers: { 'content-type': 'application/json' },
    });
    expect(invalidToken.status).toBe(401);
    await stillServes(h.emulator);
  });

  it('stop() is idempotent and works as asyncDispose', async () => {
    const emulator = await startEmulator();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    await emulator[Symbol.asyncDispose]();
    await emulator.stop();
    await expect(fetch(`${emulator.url}/_emulator/health`)).rejects.toThrow();
  });

  it('validates options eagerly, naming the option', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toThrow(/port/);
    await expect(startEmulator({ hostnameMode: 'fancy' as never })).rejects.toThrow(/hostnameMode/);
    await expect(startEmulator({ commitDelayMs: Number.NaN })).rejects.toThrow(/commitDelayMs/);
    await expect(startEmulator({ publicKeys: ['nope'] })).rejects.toThrow(/public key/);
  });
});
