import { createClient } from '@snowpipe/streaming-client';
import type { ChannelStatus } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { defaultChannelName, parallelChannelName } from '../ingest/ingest-plan.js';
import { clientOptionsFromFlags } from './client-options.js';
import type { ConnectionFlags } from './client-options.js';

/** Parsed flags of `snowpipe status`. */
export interface StatusFlags extends ConnectionFlags {
  /** Files given to ingest (name its default channel). */
  files: string[];
  /** `--channel`, repeatable. */
  channel: string[];
  /** `--channels` of the ingest. */
  channels: number;
  /** `--json`. */
  json: boolean;
}

/** The channels named by `--channel` (each with its `--channels` parallel names), else the ingest default for FILE…. */
export function statusChannelNames(
  flags: Pick<StatusFlags, 'files' | 'channel' | 'channels'>,
): string[] {
  const bases =
    flags.channel.length > 0
      ? flags.channel
      : flags.files.length > 0
        ? [defaultChannelName(flags.files)]
        : [];
  if (bases.length === 0) {
    throw new CliError(
      'USAGE',
      'name the channels: --channel NAME (repeatable), or the FILE… given to ingest (the service cannot list channels)',
    );
  }
  return bases.flatMap((b) =>
    Array.from({ length: flags.channels }, (_, k) => parallelChannelName(b, k, flags.channels)),
  );
}

function row(name: string, s: ChannelStatus | undefined): string[] {
  if (s === undefined) return [name, '(no such channel)', '', '', '', ''];
  return [
    name,
    s.statusCode,
    s.latestCommittedOffsetToken ?? '(none)',
    String(s.rowsInsertedCount),
    String(s.rowsErrorCount),
    s.lastErrorMessage === null
      ? ''
      : `${s.lastErrorMessage} (up to token ${s.lastErrorOffsetTokenUpperBound ?? '?'})`,
  ];
}

/** Lays out rows as aligned columns. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** Runs `snowpipe status`: one bulk status request, no channel opened (so no writer is fenced). */
export async function statusCommand(flags: StatusFlags): Promise<ExitCode> {
  const names = statusChannelNames(flags);
  const client = await createClient({ ...(await clientOptionsFromFlags(flags)), connect: 'lazy' });
  try {
    const statuses = await client.getChannelStatuses(names);
    if (flags.json) {
      const out = names.map((n) => ({
        channel: n,
        exists: statuses.has(n),
        ...(statuses.get(n) ?? {}),
      }));
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      process.stdout.write(
        formatTable(
          ['CHANNEL', 'STATUS', 'COMMITTED TOKEN', 'ROWS INSERTED', 'ROWS ERRORED', 'LAST ERROR'],
          names.map((n) => row(n, statuses.get(n))),
        ),
      );
    }
    return EXIT_CODES.ok;
  } finally {
    await client.close({ waitForCommit: false }).catch(() => undefined);
  }
}
