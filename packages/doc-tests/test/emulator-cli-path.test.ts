// The emulator README's command-line path, exactly as written: make a key pair with its openssl
// commands, start its emulator command, export its SNOWFLAKE_* lines and run its client snippet.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { CodeBlock } from '../src/markdown-document.js';
import { readMarkdownDocument } from '../src/markdown-document.js';
import { runShellBlock, runSnippet } from '../src/run-snippet.js';
import { splitShellCommands } from '../src/shell-words.js';
import { PACKAGE_DIR, REPO_ROOT } from './repo-root.js';

const doc = await readMarkdownDocument(REPO_ROOT, join(REPO_ROOT, 'packages/emulator/README.md'));
const find = (what: string, test: (b: CodeBlock) => boolean): CodeBlock => {
  const block = doc.blocks.find(test);
  if (block === undefined) throw new Error(`packages/emulator/README.md has no ${what} block`);
  return block;
};
const keyBlock = find('openssl', (b) => b.lang === 'sh' && b.code.includes('openssl'));
const startBlock = find(
  'emulator start',
  (b) => b.lang === 'sh' && b.code.includes('snowpipe-emulator.js'),
);
const envBlock = find('export', (b) => b.lang === 'sh' && b.code.includes('export SNOWFLAKE_URL'));
const clientBlock = find('client', (b) => b.lang === 'ts' && b.code.includes('loadConfigFromEnv'));

let emulator: ChildProcess | undefined;
let dir = '';
afterAll(async () => {
  emulator?.kill('SIGTERM');
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

it('openssl key pair -> snowpipe-emulator --public-key -> SNOWFLAKE_* -> a client streams rows', async () => {
  dir = await mkdtemp(join(tmpdir(), 'doctest-cli-'));
  expect((await runShellBlock(keyBlock, dir)).exitCode).toBe(0);

  // The documented command, on a free port instead of 8080.
  const command = splitShellCommands(startBlock.code).find((c) => c.words[0] === 'node');
  const args = [...(command?.words.slice(1) ?? [])];
  const documentedPort = args[args.indexOf('--port') + 1];
  args[args.indexOf('--port') + 1] = '0';
  args[0] = join(REPO_ROOT, args[0] ?? '');
  const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  emulator = child;
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const check = (): void => {
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (found !== undefined) resolve(found);
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${output}`)));
  });

  // The documented variables, with the port the emulator really got.
  const env: Record<string, string> = {};
  for (const c of splitShellCommands(envBlock.code).filter((c) => c.words[0] === 'export')) {
    for (const pair of c.words.slice(1)) {
      const at = pair.indexOf('=');
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
  }
  expect(env.SNOWFLAKE_URL).toBe(`http://127.0.0.1:${documentedPort}`);
  env.SNOWFLAKE_URL = url;

  const moduleDir = join(PACKAGE_DIR, 'node_modules', '.doctest-run');
  const run = await runSnippet(clientBlock, { moduleDir, cwd: dir, env });
  expect(run.exitCode, run.stderr).toBe(0);

  // A key the emulator does not know: the client gets 401, the emulator's log says why.
  expect(
    (
      await runShellBlock(
        { ...keyBlock, code: 'openssl genrsa 2048 | openssl pkcs8 -topk8 -nocrypt -out other.p8' },
        dir,
      )
    ).exitCode,
  ).toBe(0);
  const refused = await runSnippet(clientBlock, {
    moduleDir,
    cwd: dir,
    env: { ...env, SNOWFLAKE_PRIVATE_KEY_FILE: 'other.p8' },
  });
  expect(refused.exitCode).not.toBe(0);
  expect(refused.stderr).toContain('390144');
  expect(output).toMatch(
    /refused a JWT: unknown key fingerprint SHA256:\S+ \(for MYACCT\.ALICE\): register its public key/,
  );
  expect(output).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT in the emulator's output
});
