import { ConfigurationError } from '@snowpipe/streaming-client';
import { hideBin } from 'yargs/helpers';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';
import { buildParser } from './build-parser.js';

/**
 * Runs the `snowpipe` command on `argv` (`process.argv`) and resolves with the exit code; prints
 * one line for an error. Does not call `process.exit` (the bin does).
 */
export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_CODES.ok;
  try {
    // Handlers return their promise, so parseAsync waits for the command and rethrows its error.
    const run = async (code: Promise<ExitCode>): Promise<void> => {
      exitCode = await code;
    };
    await buildParser(hideBin([...argv]), run).parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`snowpipe: ${error.message}\n`);
      if (error.code === 'USAGE') process.stderr.write('see snowpipe <command> --help\n');
      return error.exitCode;
    }
    if (error instanceof ConfigurationError) {
      process.stderr.write(`snowpipe: configuration: ${error.message}\n`);
      return EXIT_CODES.usage;
    }
    process.stderr.write(`snowpipe: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.failure;
  }
}
