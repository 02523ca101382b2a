import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built demo as a user would, killed after `timeoutMs`. */
function demo(args: readonly string[], timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', env: withoutSnowflakeEnv() },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : (error as { code?: unknown }).code;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

// The demo targets a real account when SNOWFLAKE_URL is set; these tests mean the emulator.
function withoutSnowflakeEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('SNOWFLAKE_')),
  );
}

describe('the demo as a command-line tool', () => {
  it('--help prints the usage and every option, exit code 0', async () => {
    const run = await demo(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^usage: snowpipe-demo /);
    for (const flag of ['--rows', '--channels', '--batch-rows', '--profile', '--help']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--rows', '-5'], /--rows/],
    [['--rows=-5'], /--rows must be a positive integer \(got "-5"\)/],
    [['--rows'], /--rows <value>' argument missing/],
    [['--channels', 'many'], /--channels must be a positive integer \(got "many"\)/],
    [['--rows', '0'], /--rows must be a positive integer \(got "0"\)/],
    [['extra'], /positional argument/],
  ])('%j: one line saying why, the usage line, exit code 2, no stack trace', async (args, why) => {
    const run = await demo(args);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^snowpipe-demo: /);
    expect(lines[0]).toMatch(why);
    expect(lines[1]).toMatch(/^usage: snowpipe-demo /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe('');
  });

  it('--profile naming a missing file: one line naming the file, the usage line, exit code 2', async () => {
    const run = await demo(['--profile', 'no-such-profile.json']);
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^snowpipe-demo: profilePath: cannot read profile file no-such-profile\.json/,
    );
    expect(lines[1]).toMatch(/^usage: snowpipe-demo /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('--rows 3 --channels 4: fewer rows than channels completes, every row once', async () => {
    const run = await demo(['--rows', '3', '--channels', '4'], 60_000);
    expect(run.stderr).not.toContain('COMMIT_TIMEOUT');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rows committed\s+3 \(ledger\)/);
    expect(run.stdout).toMatch(/rows duplicated\s+0 \(ledger\)/);
  }, 90_000);
});
