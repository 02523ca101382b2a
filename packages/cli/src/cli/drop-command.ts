import { createInterface } from 'node:readline/promises';
import { createClient } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { clientOptionsFromFlags, targetLabel } from './client-options.js';
import type { ConnectionFlags } from './client-options.js';

/** Parsed flags of `snowpipe channels drop`. */
export interface DropFlags extends ConnectionFlags {
  /** Channels to drop. */
  channel: string[];
  /** `--yes`: do not ask. */
  yes: boolean;
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/**
 * Runs `snowpipe channels drop`: asks first on a terminal (or needs `--yes`), then drops each
 * channel. Dropping forgets the committed offset token: the next ingest into that channel starts
 * from the beginning of its input.
 */
export async function dropCommand(flags: DropFlags): Promise<ExitCode> {
  const options = await clientOptionsFromFlags(flags);
  if (!flags.yes) {
    if (process.stdin.isTTY !== true) {
      throw new CliError(
        'NOT_CONFIRMED',
        'channels drop: not a terminal, so nobody can confirm; add --yes',
      );
    }
    const ok = await confirm(
      `Drop channel(s) ${flags.channel.join(', ')} of ${targetLabel(options)}? Their committed offset tokens are lost. [y/N] `,
    );
    if (!ok) throw new CliError('NOT_CONFIRMED', 'channels drop: not confirmed; nothing dropped');
  }
  const client = await createClient(options);
  try {
    for (const name of flags.channel) {
      await client.dropChannel(name);
      process.stderr.write(`dropped channel ${name}\n`);
    }
    return EXIT_CODES.ok;
  } finally {
    await client.close({ waitForCommit: false }).catch(() => undefined);
  }
}
