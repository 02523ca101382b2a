import { execFile } from 'node:child_process';
import type { ExecFileException } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown-document.js';

/** What a runnable snippet printed and how it ended. */
export interface SnippetRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Options for {@link runSnippet}. */
export interface RunSnippetOptions {
  /** Folder the transpiled module is written to (its imports resolve from there). */
  readonly moduleDir: string;
  /** Working directory of the child process (where `profile.json` is looked for). */
  readonly cwd: string;
  /** Variables added to the child's environment (the emulator's `SNOWFLAKE_*`). */
  readonly env: Readonly<Record<string, string>>;
  /** Longest the snippet may run. @default 60000 */
  readonly timeoutMs?: number;
}

/**
 * Transpiles a `ts`/`js` block to an ES module beside the doc-tests package and runs it in a
 * child Node process. Asynchronous on purpose: the emulator serving the snippet lives in this
 * process, so its event loop must keep running while the child does.
 */
export async function runSnippet(
  block: CodeBlock,
  options: RunSnippetOptions,
): Promise<SnippetRun> {
  const js = ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: 'snippet.ts',
  }).outputText;
  await mkdir(options.moduleDir, { recursive: true });
  const file = join(
    options.moduleDir,
    `${block.file.replace(/[^A-Za-z0-9]+/g, '_')}_L${block.line}.mjs`,
  );
  await writeFile(file, js);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file],
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve(toRun(error, stdout, stderr)),
    );
  });
}

/**
 * Runs an `sh` block with bash (`-euo pipefail`, so any failing command fails the block) in
 * `cwd`, killed after `timeoutMs` (default 30000). It runs as a newcomer's shell would: without
 * `SNOWFLAKE_*` variables, so a demo targets its own emulator rather than an account.
 */
export function runShellBlock(
  block: CodeBlock,
  cwd: string,
  timeoutMs = 30_000,
): Promise<SnippetRun> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-euo', 'pipefail', '-c', block.code],
      {
        cwd,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        env: Object.fromEntries(
          Object.entries(process.env).filter(([name]) => !name.startsWith('SNOWFLAKE_')),
        ),
      },
      (error, stdout, stderr) => resolve(toRun(error, stdout, stderr)),
    );
  });
}

/** What `execFile` reports, as a {@link SnippetRun} (a kill by the timeout counts as timed out). */
function toRun(failure: ExecFileException | null, stdout: string, stderr: string): SnippetRun {
  return {
    exitCode: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
    signal: failure?.signal ?? null,
    stdout,
    stderr,
    timedOut: failure?.killed === true,
  };
}
