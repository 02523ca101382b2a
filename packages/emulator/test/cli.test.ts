import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { keyPairJwt, makeKeyPair } from './helpers.js';
import { publicKeyFingerprint } from '../src/index.js';

const BIN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'dist',
  'bin',
  'snowpipe-emulator.js',
);
const URL_LINE = /Snowpipe Streaming emulator listening on (http:\/\/127\.0\.0\.1:\d+)/;

describe('snowpipe-emulator CLI (built dist)', () => {
  it('prints its URL, serves hostname with a registered key, and exits 0 on SIGTERM', async () => {
    const keys = makeKeyPair();
    const dir = mkdtempSync(join(tmpdir(), 'snowpipe-emulator-cli-'));
    const keyFile = join(dir, 'rsa_key.pub');
    writeFileSync(keyFile, keys.publicPem);
    const child = spawn(
      process.execPath,
      [
        BIN,
        '--port',
        '0',
        '--public-key',
        keyFile,
        '--row-key-field',
        'id',
        '--commit-delay-ms',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = URL_LINE.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`CLI exited early: ${out}`)));
    });
    // The CLI runs on the real clock, so the JWT must carry real times.
    // eslint-disable-next-line no-restricted-properties
    const jwt = await keyPairJwt(keys, Date.now());
    const res = await fetch(`${url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(res.status).toBe(200);
    expect(`http://${await res.text()}`).toBe(url);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('--write-profile and --write-env write credentials the emulator accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowpipe-emulator-cli-'));
    const profilePath = join(dir, 'profile.json');
    const envPath = join(dir, 'emulator.env');
    const child = spawn(
      process.execPath,
      [BIN, '--port', '0', '--write-profile', profilePath, '--write-env', envPath],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('public key(s) registered')) resolve();
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('exit', () => reject(new Error(`CLI exited early: ${out} ${err}`)));
    });
    expect(existsSync(envPath)).toBe(true);
    const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
    expect(Object.keys(profile).sort()).toEqual(['account', 'private_key', 'url', 'user']);
    const privateKey = createPrivateKey(profile.private_key);
    const publicKey = createPublicKey(privateKey);
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const fingerprint = publicKeyFingerprint(publicKey);
    const jwt = await keyPairJwt(
      { privateKey, publicKey, publicPem, fingerprint },
      // The CLI runs on the real clock, so the JWT must carry real times.
      // eslint-disable-next-line no-restricted-properties
      Date.now(),
      {
        iss: `${profile.account}.${profile.user}.${fingerprint}`,
        sub: `${profile.account}.${profile.user}`,
      },
    );
    const res = await fetch(`${profile.url}/v2/streaming/hostname`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints usage for --help and exits 2 on an unknown flag', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--public-key <file>/);
    expect(help.stdout).toMatch(/--write-profile <file>/);
    expect(help.stdout).toMatch(/--write-env <file>/);
    const bad = spawnSync(process.execPath, [BIN, '--nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/nope/);
  });
});
