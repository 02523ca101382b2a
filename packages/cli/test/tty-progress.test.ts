import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, committedRows, firstGap, ndjsonLines, startHarness } from './harness.js';
import type { CliHarness } from './harness.js';

const N = 300_000;

/** Runs a shell command in a real pseudo-terminal (util-linux `script`) and returns what the terminal got. */
function inPty(command: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 90_000,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('progress on a terminal (real pseudo-terminal)', { timeout: 120_000 }, () => {
  let h: CliHarness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.stop();
  });

  it('redraws one progress line with rows, MB, rows/s, committed and ETA, then prints the summary', async () => {
    const file = join(h.dir, 'tty.ndjson');
    writeFileSync(file, ndjsonLines(1, N));
    const cmd = `stty cols 160 rows 40; exec ${process.execPath} ${BIN} ingest ${file} --profile ${h.profile} --table DB.PUBLIC.EVENTS --channel TTY`;
    const { code, output } = await inPty(cmd);
    expect(code).toBe(0);
    // cli-progress redraws in place: carriage return / cursor moves, never a new line per frame.
    const frames = output
      // eslint-disable-next-line no-control-regex -- terminal escape sequences are the subject here
      .split(/\r|\x1b\[\d*G/)
      .map((f) =>
        /([\d,]+) rows \| ([\d.]+) MB \| ([\d,]+) rows\/s \| ([\d,]+) committed \| ETA (\S+)/.exec(
          f,
        ),
      )
      .filter((m): m is RegExpExecArray => m !== null);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    const rows = frames.map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(rows[0]).toBe(0);
    expect(rows.at(-1)).toBe(N);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(output).toMatch(/100%/);
    expect(output).toMatch(
      /done: 300,000 rows sent, 300,000 committed, 0 not committed, 0 rejected/,
    );
    expect(output).toMatch(
      /channel TTY: started from the start; committed through offset token 300000/,
    );
    expect(firstGap(committedRows(h, 'TTY'), N)).toBeUndefined();
  });
});
