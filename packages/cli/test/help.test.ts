import { describe, expect, it } from 'vitest';
import { runSnowpipe } from './harness.js';

describe('snowpipe --help and completion (real process)', { timeout: 60_000 }, () => {
  it.each([
    [['--help'], /snowpipe ingest \[files\.\.\]/],
    [['ingest', '--help'], /--on-error.*\n(.|\n)*Exit codes: 0 done/],
    [['status', '--help'], /--channel(.|\n)*Exit codes:/],
    [['channels', '--help'], /snowpipe channels drop <channel\.\.>/],
    [['channels', 'drop', '--help'], /--yes(.|\n)*Exit codes:/],
    [['emulator', '--help'], /--write-profile(.|\n)*Exit codes:/],
  ])('%j exits 0 and describes the command', async (args, pattern) => {
    const run = runSnowpipe(args);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toMatch(pattern);
  });

  it('prints a shell completion script, and rejects an unknown command with exit 2', async () => {
    const completion = runSnowpipe(['completion']);
    expect(await completion.exited).toBe(0);
    expect(completion.stdout()).toMatch(/snowpipe.*completion/i);
    const unknown = runSnowpipe(['ingets']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toMatch(/Unknown argument: ingets/);
  });
});
