// A client that gets `401 390144` learns nothing more from the answer (as with the real
// service), so the emulator's log must say why it refused the JWT, without the token itself.
import { afterEach, describe, expect, it } from 'vitest';
import { keyPairJwt, makeKeyPair } from './helpers.js';
import { createFakeClock } from '@snowpipe/test-utils';
import { startEmulator } from '../src/index.js';
import type { Emulator } from '../src/index.js';

const registered = makeKeyPair();
const stranger = makeKeyPair();
let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(): Promise<{ lines: string[]; clock: ReturnType<typeof createFakeClock> }> {
  const lines: string[] = [];
  const clock = createFakeClock();
  emulator = await startEmulator({
    clock,
    publicKeys: [registered.publicPem],
    logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m) },
  });
  lines.length = 0; // the listening line
  return { lines, clock };
}

async function hostname(token: string): Promise<number> {
  const res = await fetch(`${emulator?.url ?? ''}/v2/streaming/hostname`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.text();
  return res.status;
}

describe('the emulator logs why it refused a JWT, never the token', () => {
  it.each([
    [
      'unknown key fingerprint',
      (now: number) => keyPairJwt(stranger, now, { iss: `MYACCT.ALICE.${stranger.fingerprint}` }),
      `refused a JWT: unknown key fingerprint ${stranger.fingerprint} (for MYACCT.ALICE): register its public key`,
    ],
    [
      'bad signature',
      // Claims name the registered key, but another key signed it.
      (now: number) => keyPairJwt(stranger, now, { iss: `MYACCT.ALICE.${registered.fingerprint}` }),
      `refused a JWT: bad signature: not signed by the private key of registered fingerprint ${registered.fingerprint}`,
    ],
    [
      'expired',
      (now: number) =>
        keyPairJwt(registered, now, {
          iat: Math.floor(now / 1000) - 3000,
          exp: Math.floor(now / 1000) - 600,
        }),
      'refused a JWT: expired at ',
    ],
    [
      'wrong claims',
      (now: number) => keyPairJwt(registered, now, { sub: 'OTHER.BOB' }),
      'refused a JWT: wrong claims: sub "OTHER.BOB" does not match iss "MYACCT.ALICE"',
    ],
  ] as const)('%s', async (_name, makeToken, expected) => {
    const { lines, clock } = await start();
    const token = await makeToken(clock.now());
    expect(await hostname(token)).toBe(401);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(expected);
    const [header, payload, signature] = token.split('.');
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain(signature);
      expect(line).not.toContain(payload);
      expect(line).not.toContain(header);
    }
  });

  it('logs refusals on the token exchange and the channel endpoints too, and nothing for a valid JWT', async () => {
    const { lines, clock } = await start();
    expect(await hostname(await keyPairJwt(registered, clock.now()))).toBe(200);
    expect(lines).toEqual([]);
    const bad = await keyPairJwt(stranger, clock.now());
    const res = await fetch(`${emulator?.url ?? ''}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Bearer ${bad}`,
      },
      body: `grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&scope=x`,
    });
    expect(res.status).toBe(401);
    const open = await fetch(
      `${emulator?.url ?? ''}/v2/streaming/databases/DB/schemas/S/pipes/P/channels/c`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${bad}`, 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(open.status).toBe(401);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/^refused a JWT: unknown key fingerprint /);
      expect(line).not.toContain(bad);
    }
  });
});
