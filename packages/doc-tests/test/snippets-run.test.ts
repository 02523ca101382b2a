import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '@snowpipe/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDocuments } from '../src/load-documents.js';
import { SHELL_LANGS } from '../src/check-shell-block.js';
import { splitShellCommands } from '../src/shell-words.js';
import { runShellBlock, runSnippet } from '../src/run-snippet.js';
import { isCheckedCode } from '../src/typecheck-blocks.js';
import { PACKAGE_DIR, REPO_ROOT } from './repo-root.js';

// Blocks marked `<!-- doctest: run -->` run against a fresh emulator: their environment carries
// the `SNOWFLAKE_*` variables of `emulator.createCredentials()`, and their working directory a
// `profile.json` with the same properties (the official SDK's format).
const documents = await loadDocuments(REPO_ROOT);
const runnable = documents.flatMap((doc) =>
  doc.blocks.filter((b) => isCheckedCode(b) && b.markers.has('run')),
);

// Under node_modules: imports resolve through this package's dependencies, and neither lint nor
// prettier looks at the transpiled files.
const MODULE_DIR = join(PACKAGE_DIR, 'node_modules', '.doctest-run');

let emulator: Emulator;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ logger: { info: () => {}, warn: () => {} } });
  const credentials = emulator.createCredentials();
  env = { ...credentials.env };
  cwd = await mkdtemp(join(tmpdir(), 'doctest-run-'));
  await writeFile(join(cwd, 'profile.json'), JSON.stringify(credentials.properties));
});
afterAll(async () => {
  await emulator.stop();
  await rm(cwd, { recursive: true, force: true });
});

it('the root README and the streaming-client README have runnable examples', () => {
  const files = new Set(runnable.map((b) => b.file));
  expect(files).toContain('README.md');
  expect(files).toContain('packages/streaming-client/README.md');
});

describe.each(runnable.map((b) => [`${b.file}:${b.line}`, b] as const))('%s', (_where, block) => {
  it('runs to exit code 0 against the emulator', async () => {
    const run = await runSnippet(block, {
      moduleDir: MODULE_DIR,
      cwd,
      env,
    });
    const why = `${run.timedOut ? 'timed out\n' : ''}stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    expect(run.exitCode, why).toBe(0);
  });
});

const runnableShell = documents.flatMap((doc) =>
  doc.blocks.filter((b) => SHELL_LANGS.has(b.lang) && b.markers.has('run')),
);

it('a run marker sits only on ts, js or sh blocks', () => {
  const misplaced = documents.flatMap((doc) =>
    doc.blocks
      .filter((b) => b.markers.has('run') && !isCheckedCode(b) && !SHELL_LANGS.has(b.lang))
      .map((b) => `${b.file}:${b.line} (${b.lang || 'no language'})`),
  );
  expect(misplaced).toEqual([]);
});

describe.each(runnableShell.map((b) => [`${b.file}:${b.line}`, b] as const))(
  'sh %s',
  (_where, block) => {
    it('runs with bash to exit code 0', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'doctest-sh-'));
      // A block that starts by changing into a repository folder runs from the repository
      // root, as its README says; any other runs in an empty folder, so what it writes goes
      // nowhere.
      const first = splitShellCommands(block.code)[0]?.words;
      const cwd = first?.[0] === 'cd' ? REPO_ROOT : dir;
      try {
        const run = await runShellBlock(block, cwd);
        const why = `${run.timedOut ? 'timed out\n' : ''}stdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
        expect(run.exitCode, why).toBe(0);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
