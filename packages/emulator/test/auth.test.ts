import { afterEach, describe, expect, it } from 'vitest';
import { JWT_BEARER, keyPairJwt, makeKeyPair, startHarness } from './helpers.js';
import type { Harness } from './helpers.js';
import type { EmulatorOptions } from '../src/index.js';

const keys = makeKeyPair();
let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.stop();
  h = undefined;
});
const start = async (options: EmulatorOptions = {}): Promise<Harness> =>
  (h = await startHarness(options, keys));

function tokenRequest(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
}

async function expect390144(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  const body = (await res.json()) as { code: string; message: string };
  expect(body.code).toBe('390144');
  expect(body.message).toMatch(/^JWT token is invalid\. \[[0-9a-f-]{36}\]$/);
}

describe('GET /v2/streaming/hostname', () => {
  it('answers the bare ingest host as text in plain mode, mapping back to the emulator', async () => {
    const { emulator, jwt } = await start();
    const res = await fetch(`${emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${await jwt()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const host = await res.text();
    expect(host).toBe(`127.0.0.1:${emulator.port}`);
    expect(host).toBe(emulator.ingestHost);
    expect(`http://${host}`).toBe(emulator.url);
  });

  it('answers {"hostname"} in json mode', async () => {
    const { emulator, jwt } = await start({ hostnameMode: 'json' });
    const res = await fetch(`${emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${await jwt()}` },
    });
    expect(await res.json()).toEqual({ hostname: `127.0.0.1:${emulator.port}` });
  });

  it('reports a host with an underscore in underscore mode and requires the normalised scope', async () => {
    const { emulator, jwt } = await start({ hostnameMode: 'underscore' });
    const res = await fetch(`${emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${await jwt()}` },
    });
    expect(await res.text()).toBe('Snowpipe_Emulator-Ingest');
    const raw = await tokenRequest(
      emulator.url,
      { grant_type: JWT_BEARER, scope: 'Snowpipe_Emulator-Ingest' },
      { authorization: `Bearer ${await jwt()}` },
    );
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { code: string }).code).toBe('invalid_scope');
    const ok = await tokenRequest(
      emulator.url,
      { grant_type: JWT_BEARER, scope: 'snowpipe-emulator-ingest' },
      { authorization: `Bearer ${await jwt()}` },
    );
    expect(ok.status).toBe(200);
  });

  it('rejects a missing or bad JWT with 401 390144', async () => {
    const { emulator } = await start();
    await expect390144(await fetch(`${emulator.url}/v2/streaming/hostname`));
    await expect390144(
      await fetch(`${emulator.url}/v2/streaming/hostname`, {
        headers: { authorization: 'Bearer not.a.jwt' },
      }),
    );
  });
});

describe('POST /oauth/token', () => {
  it('exchanges a key-pair JWT for a scoped JWT (text/plain) with exp = now + ttl', async () => {
    const { emulator, jwt, clock } = await start({ scopedTokenTtlS: 1200 });
    const res = await tokenRequest(
      emulator.url,
      { grant_type: JWT_BEARER, scope: emulator.ingestHost },
      { authorization: `Bearer ${await jwt()}` },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const token = await res.text();
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      exp: number;
      iat: number;
      sub: string;
    };
    expect(claims.exp).toBe(Math.floor(clock.now() / 1000) + 1200);
    expect(claims.sub).toBe('MYACCT.ALICE');
  });

  it('accepts the JWT as form field assertion and a scope with a role', async () => {
    const { emulator, jwt } = await start();
    const res = await tokenRequest(emulator.url, {
      grant_type: JWT_BEARER,
      scope: `${emulator.ingestHost} session:role:ACCOUNTADMIN`,
      assertion: await jwt(),
    });
    expect(res.status).toBe(200);
  });

  it('validates the form', async () => {
    const { emulator, jwt } = await start();
    const auth = { authorization: `Bearer ${await jwt()}` };
    const wrongGrant = await tokenRequest(
      emulator.url,
      { grant_type: 'client_credentials', scope: emulator.ingestHost },
      auth,
    );
    expect(wrongGrant.status).toBe(400);
    expect(((await wrongGrant.json()) as { code: string }).code).toBe('unsupported_grant_type');
    const noScope = await tokenRequest(emulator.url, { grant_type: JWT_BEARER }, auth);
    expect(noScope.status).toBe(400);
    expect(((await noScope.json()) as { code: string }).code).toBe('invalid_scope');
    const json = await fetch(`${emulator.url}/oauth/token`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(400);
    await expect390144(
      await tokenRequest(emulator.url, { grant_type: JWT_BEARER, scope: emulator.ingestHost }),
    );
  });

  it.each([
    ['an unregistered key', async (h: Harness) => keyPairJwt(makeKeyPair(), h.clock.now())],
    ['a sub that does not match iss', (h: Harness) => h.jwt({ sub: 'MYACCT.BOB' })],
    ['an iss without fingerprint', (h: Harness) => h.jwt({ iss: 'MYACCT.ALICE' })],
    [
      'exp - iat over 3600 s',
      (h: Harness) => h.jwt({ exp: Math.floor(h.clock.now() / 1000) + 3601 }),
    ],
    [
      'an expired JWT',
      (h: Harness) =>
        h.jwt({
          iat: Math.floor(h.clock.now() / 1000) - 4000,
          exp: Math.floor(h.clock.now() / 1000) - 500,
        }),
    ],
    [
      'an iat far in the future',
      (h: Harness) =>
        h.jwt({
          iat: Math.floor(h.clock.now() / 1000) + 600,
          exp: Math.floor(h.clock.now() / 1000) + 1200,
        }),
    ],
    [
      'a fingerprint of another key',
      (h: Harness) => h.jwt({ iss: `MYACCT.ALICE.${makeKeyPair().fingerprint}` }),
    ],
  ])('rejects %s with 401 390144', async (_name, makeJwt) => {
    const harness = await start();
    const res = await tokenRequest(
      harness.emulator.url,
      { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
      { authorization: `Bearer ${await makeJwt(harness)}` },
    );
    await expect390144(res);
  });

  it('accepts iat/exp in milliseconds and tolerates the configured clock skew', async () => {
    const harness = await start({ clockSkewS: 30 });
    const nowMs = harness.clock.now();
    const ms = await harness.jwt({ iat: nowMs, exp: nowMs + 3_000_000 });
    expect(
      (
        await tokenRequest(
          harness.emulator.url,
          { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
          { authorization: `Bearer ${ms}` },
        )
      ).status,
    ).toBe(200);
    const s = Math.floor(nowMs / 1000);
    const skewed = await harness.jwt({ iat: s + 20, exp: s + 600 });
    expect(
      (
        await tokenRequest(
          harness.emulator.url,
          { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
          { authorization: `Bearer ${skewed}` },
        )
      ).status,
    ).toBe(200);
    const tooSkewed = await harness.jwt({ iat: s + 40, exp: s + 600 });
    await expect390144(
      await tokenRequest(
        harness.emulator.url,
        { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
        { authorization: `Bearer ${tooSkewed}` },
      ),
    );
  });

  it('rejects a JWT once it expires on the (fake) clock', async () => {
    const harness = await start({ clockSkewS: 0 });
    const s = Math.floor(harness.clock.now() / 1000);
    const jwt = await harness.jwt({ iat: s, exp: s + 60 });
    const req = (): Promise<Response> =>
      tokenRequest(
        harness.emulator.url,
        { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
        { authorization: `Bearer ${jwt}` },
      );
    expect((await req()).status).toBe(200);
    await harness.clock.tick(61_000);
    await expect390144(await req());
  });

  it('rejects non-RS256 JWTs even with acceptAnyKey, and accepts any RS256 key with it', async () => {
    const harness = await start({ acceptAnyKey: true });
    const other = await keyPairJwt(makeKeyPair(), harness.clock.now());
    expect(
      (
        await tokenRequest(
          harness.emulator.url,
          { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
          { authorization: `Bearer ${other}` },
        )
      ).status,
    ).toBe(200);
    await expect390144(
      await tokenRequest(
        harness.emulator.url,
        { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
        { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
      ),
    );
  });

  it('logs a loud warning when acceptAnyKey is on', async () => {
    const warnings: string[] = [];
    h = await startHarness(
      { acceptAnyKey: true, logger: { info: () => undefined, warn: (m) => warnings.push(m) } },
      keys,
    );
    expect(warnings.join('\n')).toMatch(/acceptAnyKey is ON/);
  });
});

describe('ingest authentication', () => {
  it('accepts the scoped token and a valid key-pair JWT; rejects a scoped token after it expires', async () => {
    const harness = await start({ scopedTokenTtlS: 60 });
    const scoped = await harness.scoped();
    const path = harness.channelPath('auth-ch');
    expect((await harness.call('PUT', path, { token: scoped })).status).toBe(200);
    expect((await harness.call('PUT', path, { token: await harness.jwt() })).status).toBe(200);
    await harness.clock.tick(60_000);
    await expect390144(await harness.call('PUT', path, { token: scoped }));
    await expect390144(await harness.call('PUT', path, { token: 'garbage' }));
    await expect390144(await fetch(`${harness.emulator.url}${path}`, { method: 'PUT' }));
  });

  it('registers keys programmatically and through POST /_emulator/keys', async () => {
    const harness = await start();
    const extra = makeKeyPair();
    const extra2 = makeKeyPair();
    expect(harness.emulator.registerPublicKey(extra.publicKey)).toBe(extra.fingerprint);
    const res = await fetch(`${harness.emulator.url}/_emulator/keys`, {
      method: 'POST',
      body: extra2.publicPem,
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ fingerprint: extra2.fingerprint });
    for (const k of [extra, extra2]) {
      const jwt = await keyPairJwt(k, harness.clock.now());
      expect(
        (
          await tokenRequest(
            harness.emulator.url,
            { grant_type: JWT_BEARER, scope: harness.emulator.ingestHost },
            { authorization: `Bearer ${jwt}` },
          )
        ).status,
      ).toBe(200);
    }
    const bad = await fetch(`${harness.emulator.url}/_emulator/keys`, {
      method: 'POST',
      body: 'not a key',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('INVALID_KEY');
  });

  it('requires Accept: application/json when requireAccept is on (391902)', async () => {
    const harness = await start({ requireAccept: true });
    const jwt = await harness.jwt();
    const res = await fetch(`${harness.emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${jwt}`, accept: '' },
    });
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({
      code: '391902',
      message: 'Unsupported Accept header null is specified',
    });
    const ok = await fetch(`${harness.emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${jwt}`, accept: 'application/json' },
    });
    expect(ok.status).toBe(200);
  });
});

describe("ingestServer: 'separate'", () => {
  it('serves hostname/token on the control port and channel endpoints only on the reported ingest host', async () => {
    const harness = await start({ ingestServer: 'separate' });
    const { emulator } = harness;
    expect(emulator.ingestUrl).not.toBe(emulator.url);
    const res = await fetch(`${emulator.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${await harness.jwt()}` },
    });
    const host = await res.text();
    expect(`http://${host}`).toBe(emulator.ingestUrl);
    const scoped = await harness.scoped();
    const path = harness.channelPath('sep');
    const onControl = await fetch(`${emulator.url}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${scoped}` },
    });
    expect(onControl.status).toBe(404);
    const onIngest = await fetch(`${emulator.ingestUrl}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${scoped}` },
    });
    expect(onIngest.status).toBe(200);
    expect((await fetch(`${emulator.ingestUrl}/v2/streaming/hostname`)).status).toBe(404);
    expect((await fetch(`${emulator.ingestUrl}/_emulator/ledger`)).status).toBe(200);
    await emulator.stop();
    await expect(fetch(`${emulator.ingestUrl}/_emulator/health`)).rejects.toThrow();
  });
});
