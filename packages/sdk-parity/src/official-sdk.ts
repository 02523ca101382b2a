import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The variable `.ci/install-official-sdk.sh` exports: a Python with `snowpipe-streaming` installed. */
export const OFFICIAL_SDK_PYTHON_ENV = 'SNOWPIPE_OFFICIAL_SDK_PYTHON';

/**
 * The Python to drive the official SDK with: `$SNOWPIPE_OFFICIAL_SDK_PYTHON`, else the venv the
 * CI script makes under the cache directory, else `undefined`.
 */
export function findOfficialSdkPython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[OFFICIAL_SDK_PYTHON_ENV];
  if (fromEnv) return fromEnv;
  const cache = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const venv = join(cache, 'snowpipe-ts', 'py-sdk', 'venv', 'bin', 'python');
  return existsSync(venv) ? venv : undefined;
}

/** What the driver is asked to do (see `driver/official_sdk_driver.py`). */
export interface DriverScenario {
  clientName: string;
  database: string;
  schema: string;
  pipe: string;
  channel: string;
  /** Rows; the first `singleRows` go through `append_row`, the rest in one `append_rows`. */
  rows: Array<Record<string, unknown>>;
  singleRows: number;
  /** Appended alone once the rows before it committed, with offset token `rows.length + 1`. */
  lateRow: Record<string, unknown>;
  commitTimeoutS: number;
  /** Properties written to the profile.json the SDK reads. */
  profile: Record<string, string>;
}

/** One step the driver reported (`step` is `client`, `open`, …, or `error`). */
export interface DriverStep {
  step: string;
  [field: string]: unknown;
}

/** The driver's steps and the tail of the SDK's own log (it logs to stdout). */
export interface DriverRun {
  exitCode: number | null;
  steps: DriverStep[];
  logTail: string;
}

const DRIVER = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'driver',
  'official_sdk_driver.py',
);

/**
 * Runs the official SDK's driver in a child process bounded by `timeoutMs`, trusting `caFile`
 * for TLS through the SDK's own setting (`SSL_CERT_FILE`, read by its rustls native roots).
 */
export async function runOfficialSdk(
  python: string,
  scenario: DriverScenario,
  options: { caFile: string; timeoutMs: number },
): Promise<DriverRun> {
  const dir = mkdtempSync(join(tmpdir(), 'snowpipe-official-sdk-'));
  try {
    const profilePath = join(dir, 'profile.json');
    const resultPath = join(dir, 'result.json');
    writeFileSync(profilePath, JSON.stringify(scenario.profile), { mode: 0o600 });
    const { profile: _profile, ...rest } = scenario;
    writeFileSync(join(dir, 'scenario.json'), JSON.stringify({ ...rest, profilePath, resultPath }));
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve) => {
        execFile(
          python,
          [DRIVER, join(dir, 'scenario.json')],
          {
            timeout: options.timeoutMs,
            killSignal: 'SIGKILL',
            maxBuffer: 32 * 1024 * 1024,
            env: { PATH: process.env.PATH ?? '', HOME: dir, SSL_CERT_FILE: options.caFile },
          },
          (error, stdout, stderr) =>
            resolve({
              code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
              output: `${stdout}${stderr}`,
            }),
        );
      },
    );
    const steps = existsSync(resultPath)
      ? (JSON.parse(readFileSync(resultPath, 'utf8')) as DriverStep[])
      : [];
    return { exitCode: code, steps, logTail: output.slice(-8000) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
