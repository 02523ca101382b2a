import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import { request } from 'undici';

/** An emulator running in its own process (so it does not share the client's event loop). */
export interface EmulatorProcess {
  url: string;
  scopedToken: string;
  /** Memory of the emulator process after a forced GC (it runs with --expose-gc). */
  memory(): Promise<{ rssBytes: number; heapUsedBytes: number }>;
  stop(): Promise<void>;
}

const BIN = join(
  dirname(fileURLToPath(import.meta.resolve('@snowpipe/emulator'))),
  'bin',
  'snowpipe-emulator.js',
);

let keys: { privateKey: KeyObject; fingerprint: string; file: string } | undefined;
function benchKeys(): NonNullable<typeof keys> {
  if (keys) return keys;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fingerprint = `SHA256:${createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64')}`;
  const file = join(mkdtempSync(join(tmpdir(), 'snowpipe-bench-')), 'rsa_key.pub');
  writeFileSync(file, publicKey.export({ type: 'spki', format: 'pem' }));
  keys = { privateKey, fingerprint, file };
  return keys;
}

/** Spawns the built `snowpipe-emulator` CLI with extra flags and exchanges a scoped token. */
export async function startEmulatorProcess(flags: string[]): Promise<EmulatorProcess> {
  const k = benchKeys();
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, '--port', '0', '--public-key', k.file, ...flags],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${String(code)}: ${out}`)));
  });
  const now = Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({
    iss: `BENCH.USER.${k.fingerprint}`,
    sub: 'BENCH.USER',
    iat: now,
    exp: now + 3000,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .sign(k.privateKey);
  const host = url.replace('http://', '');
  const res = await request(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${jwt}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      scope: host,
    }).toString(),
  });
  const scopedToken = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`token exchange failed: ${res.statusCode}`);
  return {
    url,
    scopedToken,
    async memory() {
      const r = await request(`${url}/_emulator/health?gc=1`);
      return (await r.body.json()) as { rssBytes: number; heapUsedBytes: number };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
