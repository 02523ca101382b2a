import { createClient } from '@snowpipe/streaming-client';
import { DEFAULT_CLIENT_OPTIONS } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import type { ExitCode } from '../exit-codes.js';
import { planChannels, defaultChannelName } from '../ingest/ingest-plan.js';
import { runIngest } from '../ingest/run-ingest.js';
import { readHead } from '../input/open-input.js';
import { resolveFormat } from '../input/input-format.js';
import { createProgressDisplay } from '../progress/progress-display.js';
import type { DisplayMode } from '../progress/progress-display.js';
import { systemClock } from '../system-clock.js';
import { clientOptionsFromFlags } from './client-options.js';
import type { ConnectionFlags } from './client-options.js';
import { formatSummary } from './print-summary.js';
import { createRejectReporter } from './report-rejects.js';
import { onStopSignals } from './stop-signals.js';

/** Parsed flags of `snowpipe ingest`. */
export interface IngestFlags extends ConnectionFlags {
  /** Inputs; empty or `-` is stdin. */
  files: string[];
  /** `--channel`. */
  channel?: string | undefined;
  /** `--format`. */
  format?: string | undefined;
  /** `--channels`. */
  channels: number;
  /** `--from-start`. */
  fromStart: boolean;
  /** `--force`. */
  force: boolean;
  /** `--on-error`. */
  onError: 'skip' | 'stop';
  /** `--rejects`. */
  rejects?: string | undefined;
  /** `--delimiter` (CSV). */
  delimiter?: string | undefined;
  /** `--quote` (CSV). */
  quote?: string | undefined;
  /** `--escape` (CSV). */
  escape?: string | undefined;
  /** `--commit-timeout`, seconds. */
  commitTimeout: number;
  /** `--progress-interval`, seconds. */
  progressInterval: number;
  /** `--quiet`. */
  quiet: boolean;
  /** `--json`. */
  json: boolean;
}

/** Runs `snowpipe ingest` and returns its exit code. */
export async function ingestCommand(flags: IngestFlags): Promise<ExitCode> {
  const paths = flags.files.length > 0 ? flags.files : ['-'];
  if (paths.filter((p) => p === '-').length > 1)
    throw new CliError('USAGE', 'stdin (-) can be read once');
  const clientOptions = await clientOptionsFromFlags(flags);
  const format = resolveFormat(flags.format, paths[0]!);
  const channel = flags.channel ?? defaultChannelName(paths);
  const plans = await planChannels({
    paths,
    channel,
    count: flags.channels,
    format,
    head: readHead,
  });
  const rejects = createRejectReporter({
    path: flags.onError === 'skip' ? (flags.rejects ?? `${channel}.rejected`) : undefined,
    unit: format === 'json' ? 'element' : 'line',
  });
  const client = await createClient(clientOptions);
  const stopper = new AbortController();
  const commitTimeoutMs = Math.round(flags.commitTimeout * 1000);
  const signals = onStopSignals((signal) => {
    process.stderr.write(
      `\nsnowpipe: ${signal}: stopped reading; waiting up to ${flags.commitTimeout}s for sent rows to commit (press Ctrl-C again to quit now)\n`,
    );
    stopper.abort();
  });
  const tty = process.stderr.isTTY === true;
  const mode: DisplayMode = flags.quiet ? 'none' : tty && !flags.json ? 'tty' : 'lines';
  try {
    const summary = await runIngest(client, {
      plans,
      base: channel,
      count: flags.channels,
      fromStart: flags.fromStart,
      force: flags.force,
      format,
      csv: {
        ...(flags.delimiter !== undefined ? { delimiter: flags.delimiter } : {}),
        ...(flags.quote !== undefined ? { quote: flags.quote } : {}),
        ...(flags.escape !== undefined ? { escape: flags.escape } : {}),
      },
      onError: flags.onError,
      onReject: rejects.report,
      stop: stopper.signal,
      commitTimeoutMs,
      maxBatchBytes: DEFAULT_CLIENT_OPTIONS.maxBatchBytes,
      createDisplay: (totalBytes) => createProgressDisplay(mode, process.stderr, totalBytes),
      updateEveryMs: mode === 'tty' ? 250 : Math.max(50, Math.round(flags.progressInterval * 1000)),
      pollEvery: mode === 'tty' ? 4 : 1,
      clock: systemClock,
      stoppedBy: signals.received,
    });
    await rejects.close();
    if (!flags.quiet || summary.exitCode !== 0) process.stderr.write(formatSummary(summary));
    if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.exitCode;
  } finally {
    signals.dispose();
    await client.close({ waitForCommit: false, timeoutMs: 5000 }).catch(() => undefined);
  }
}
