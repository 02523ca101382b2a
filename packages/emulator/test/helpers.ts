// Shared test helpers: RSA keys, key-pair JWTs (reference §4) and a tiny fetch wrapper.
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { createFakeClock } from '@snowpipe/test-utils';
import type { FakeClock } from '@snowpipe/test-utils';
import { startEmulator } from '../src/index.js';
import type { Emulator, EmulatorOptions } from '../src/index.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  publicPem: string;
  fingerprint: string;
}

export function makeKeyPair(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fingerprint = `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')}`;
  return {
    publicKey,
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    fingerprint,
  };
}

export interface JwtClaimsOverride {
  iss?: string;
  sub?: string;
  iat?: number;
  exp?: number;
  alg?: string;
}

/** Signs a key-pair JWT like a Snowflake client; times in seconds from `nowMs`. */
export async function keyPairJwt(
  keys: KeyPair,
  nowMs: number,
  override: JwtClaimsOverride = {},
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  const claims = {
    iss: `MYACCT.ALICE.${keys.fingerprint}`,
    sub: 'MYACCT.ALICE',
    iat,
    exp: iat + 3540,
    ...override,
  };
  delete (claims as { alg?: string }).alg;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: override.alg ?? 'RS256', typ: 'JWT' })
    .sign(keys.privateKey);
}

export interface Harness {
  emulator: Emulator;
  clock: FakeClock;
  keys: KeyPair;
  /** A fresh key-pair JWT at the fake clock's time. */
  jwt(override?: JwtClaimsOverride): Promise<string>;
  /** Exchanges a key-pair JWT for a scoped token. */
  scoped(): Promise<string>;
  /** fetch against the emulator with JSON Accept and the given bearer token. */
  call(
    method: string,
    path: string,
    init?: { token?: string; body?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Opens a channel and returns the continuation token. */
  open(channel: string, body?: unknown, pipe?: string): Promise<string>;
  append(
    channel: string,
    token: string,
    ndjson: string,
    query?: Record<string, string>,
    pipe?: string,
  ): Promise<Response>;
  status(names: string[], pipe?: string): Promise<Response>;
  channelPath(channel: string, pipe?: string): string;
  rowsPath(channel: string, pipe?: string): string;
}

export const DEFAULT_PIPE = 'MY_TABLE-STREAMING';

export async function startHarness(
  options: EmulatorOptions = {},
  keys: KeyPair = makeKeyPair(),
): Promise<Harness> {
  const clock = createFakeClock();
  const emulator = await startEmulator({
    clock,
    publicKeys: [keys.publicPem],
    logger: { info: () => undefined, warn: () => undefined },
    ...options,
  });
  let scopedToken: string | undefined;
  const h: Harness = {
    emulator,
    clock,
    keys,
    jwt: (override) => keyPairJwt(keys, clock.now(), override),
    async scoped() {
      const res = await fetch(`${emulator.url}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await h.jwt()}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: JWT_BEARER,
          scope: emulator.ingestHost.replaceAll('_', '-').toLowerCase(),
        }).toString(),
      });
      if (res.status !== 200)
        throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
      scopedToken = await res.text();
      return scopedToken;
    },
    async call(method, path, init = {}) {
      const token = init.token ?? scopedToken ?? (await h.scoped());
      return fetch(`${emulator.url}${path}`, {
        method,
        headers: { accept: 'application/json', authorization: `Bearer ${token}`, ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
    },
    channelPath: (channel, pipe = DEFAULT_PIPE) =>
      `/v2/streaming/databases/MY_DB/schemas/MY_SCHEMA/pipes/${encodeURIComponent(pipe)}/channels/${encodeURIComponent(channel)}`,
    rowsPath: (channel, pipe = DEFAULT_PIPE) =>
      `/v2/streaming/data/databases/MY_DB/schemas/MY_SCHEMA/pipes/${encodeURIComponent(pipe)}/channels/${encodeURIComponent(channel)}/rows`,
    async open(channel, body = {}, pipe) {
      const res = await h.call('PUT', h.channelPath(channel, pipe), {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      if (res.status !== 200) throw new Error(`open failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { next_continuation_token: string }).next_continuation_token;
    },
    append(channel, token, ndjson, query = {}, pipe) {
      const qs = new URLSearchParams({ continuationToken: token, ...query }).toString();
      return h.call('POST', `${h.rowsPath(channel, pipe)}?${qs}`, {
        body: ndjson,
        headers: { 'content-type': 'application/x-ndjson' },
      });
    },
    status(names, pipe = DEFAULT_PIPE) {
      return h.call(
        'POST',
        `/v2/streaming/databases/MY_DB/schemas/MY_SCHEMA/pipes/${encodeURIComponent(pipe)}:bulk-channel-status`,
        {
          body: JSON.stringify({ channel_names: names }),
          headers: { 'content-type': 'application/json' },
        },
      );
    },
  };
  return h;
}

/** NDJSON for rows with ids from..to-1. */
export function rows(from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += `${JSON.stringify({ id: i, name: `row-${i}` })}\n`;
  return s;
}
