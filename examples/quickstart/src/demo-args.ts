import { parseArgs } from 'node:util';

/** What the demo was asked to do. */
export interface DemoArgs {
  readonly rows: number;
  readonly channels: number;
  readonly batchRows: number;
  readonly profile: string | undefined;
}

/** The outcome of reading the command line: run, print help, or refuse with a reason. */
export type ParsedDemoArgs =
  | { readonly kind: 'run'; readonly args: DemoArgs }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** One line of usage, printed under every error and at the top of `--help`. */
export const USAGE =
  'usage: snowpipe-demo [--rows <n>] [--channels <n>] [--batch-rows <n>] [--profile <file>] [--help]';

/** The `--help` text. */
export const HELP = `${USAGE}

Streams rows over several channels into a Snowpipe Streaming service, waits until every row is
committed and prints what landed. Without a Snowflake account configured it starts a local
emulator in-process and checks its ledger: the demo exits 1 unless every row landed exactly once.

  --rows <n>        rows to stream in total (default 200000)
  --channels <n>    channels to spread them over (default 4)
  --batch-rows <n>  rows per appendRows call (default 1000)
  --profile <file>  stream into the account of this profile.json (the official SDK's format)
  -h, --help        print this help

With SNOWFLAKE_URL, SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, SNOWFLAKE_PRIVATE_KEY (or _FILE),
SNOWFLAKE_DATABASE, SNOWFLAKE_SCHEMA and SNOWFLAKE_TABLE (or SNOWFLAKE_PIPE) set, it streams into
that account instead of the emulator.

Exit codes: 0 every row committed, 1 a mismatch or a failure, 2 a bad command line.`;

const POSITIVE = /^[1-9][0-9]*$/;

/** Reads the demo's command line (`node:util` parseArgs, strict: unknown options are refused). */
export function parseDemoArgs(argv: readonly string[]): ParsedDemoArgs {
  // `pnpm demo -- --rows 10` passes a leading `--` through: accept it.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        rows: { type: 'string', default: '200000' },
        channels: { type: 'string', default: '4' },
        'batch-rows': { type: 'string', default: '1000' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: firstLine(error) };
  }
  if (values.help) return { kind: 'help' };
  const numbers: Record<string, number> = {};
  for (const flag of ['rows', 'channels', 'batch-rows'] as const) {
    const raw = values[flag];
    if (!POSITIVE.test(raw) || !Number.isSafeInteger(Number(raw))) {
      return {
        kind: 'error',
        message: `--${flag} must be a positive integer (got ${JSON.stringify(raw)})`,
      };
    }
    numbers[flag] = Number(raw);
  }
  if (values.profile === '') return { kind: 'error', message: '--profile needs a file name' };
  return {
    kind: 'run',
    args: {
      rows: numbers.rows ?? 0,
      channels: numbers.channels ?? 0,
      batchRows: numbers['batch-rows'] ?? 0,
      profile: values.profile,
    },
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
