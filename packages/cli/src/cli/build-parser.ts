// The `snowpipe` command line: commands, flags, help and completion (yargs). Kept apart from
// runCli so the package's declarations do not reference yargs' types.
import { readFileSync } from 'node:fs';
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { CliError } from '../cli-error.js';
import type { ExitCode } from '../exit-codes.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const EPILOG = `Exit codes: 0 done, 1 failure, 2 usage or configuration, 3 bad row with --on-error stop,
4 refused (--from-start on a channel with rows, another --channels, no confirmation),
130/143 stopped by SIGINT/SIGTERM before everything committed.
Configuration: --profile FILE (official-SDK profile.json), --connection NAME (connections.toml),
SNOWFLAKE_* variables (they win over both).`;

function connection<T>(y: Argv<T>) {
  return y
    .option('profile', {
      type: 'string',
      describe: 'official-SDK profile.json (else SNOWFLAKE_PROFILE_PATH)',
    })
    .option('connection', {
      type: 'string',
      describe: "a connection of Snowflake's connections.toml (SNOWFLAKE_HOME, ~/.snowflake, ...)",
    })
    .option('table', {
      type: 'string',
      describe: 'target table DB.SCHEMA.TABLE (uses its default pipe TABLE-STREAMING)',
    })
    .option('pipe', { type: 'string', describe: 'target pipe DB.SCHEMA.PIPE' });
}

/** Builds the `snowpipe` command line parser; `run` receives each command's exit code. */
export function buildParser(argv: string[], run: (code: Promise<ExitCode>) => Promise<void>): Argv {
  return yargs(argv)
    .scriptName('snowpipe')
    .usage('$0 <command> [options]')
    .command(
      'ingest [files..]',
      'stream NDJSON, CSV or JSON files (or - for stdin) into a table, resumably and exactly once',
      (y) =>
        connection(y)
          .positional('files', {
            type: 'string',
            array: true,
            describe: 'input files; - or none reads stdin',
          })
          .option('channel', {
            type: 'string',
            describe: 'channel name (default CLI_<first file name>, CLI_STDIN for stdin)',
          })
          .option('format', {
            choices: ['ndjson', 'csv', 'json'] as const,
            describe: 'input format (default from the extension, else ndjson)',
          })
          .option('channels', {
            type: 'number',
            default: 1,
            describe: 'parallel channels over line ranges of one NDJSON file',
          })
          .option('from-start', {
            type: 'boolean',
            default: false,
            describe:
              'ignore the committed offset token (refused if the channel holds rows, unless --force)',
          })
          .option('force', {
            type: 'boolean',
            default: false,
            describe: 'with --from-start: drop the channel and load everything again (rows double)',
          })
          .option('on-error', {
            choices: ['skip', 'stop'] as const,
            default: 'stop' as const,
            describe: 'a bad row: stop there, or skip it and write it to --rejects',
          })
          .option('rejects', {
            type: 'string',
            describe: 'file for rows skipped by --on-error skip (default <channel>.rejected)',
          })
          .option('delimiter', { type: 'string', describe: 'CSV field delimiter (default ,)' })
          .option('quote', {
            type: 'string',
            describe: 'CSV quote character (default "; empty turns quoting off)',
          })
          .option('escape', {
            type: 'string',
            describe: 'CSV escape character inside quotes (default the quote)',
          })
          .option('commit-timeout', {
            type: 'number',
            default: 120,
            describe: 'seconds to wait for the last rows to commit (also after Ctrl-C)',
          })
          .option('progress-interval', {
            type: 'number',
            default: 10,
            describe: 'seconds between progress lines when not on a terminal',
          })
          .option('quiet', {
            alias: 'q',
            type: 'boolean',
            default: false,
            describe: 'no progress; summary only on failure',
          })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'print a machine-readable summary on stdout',
          })
          .epilog(EPILOG),
      (a) =>
        run(
          import('./ingest-command.js').then((m) =>
            m.ingestCommand({ ...a, files: a.files ?? [] }),
          ),
        ),
    )
    .command(
      'status [files..]',
      'committed offset tokens, row counts and errors of channels',
      (y) =>
        connection(y)
          .positional('files', {
            type: 'string',
            array: true,
            describe: 'the files given to ingest (names their default channel)',
          })
          .option('channel', {
            type: 'string',
            array: true,
            default: [] as string[],
            describe: 'channel name (repeatable)',
          })
          .option('channels', {
            type: 'number',
            default: 1,
            describe: 'the --channels of the ingest (shows each parallel channel)',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
          .epilog(EPILOG),
      (a) =>
        run(
          import('./status-command.js').then((m) =>
            m.statusCommand({ ...a, files: a.files ?? [], channel: a.channel.map(String) }),
          ),
        ),
    )
    .command('channels', 'manage channels', (y) =>
      y
        .command(
          'drop <channel..>',
          'drop channels and their committed offset tokens (asks first)',
          (d) =>
            connection(d)
              .positional('channel', { type: 'string', array: true, demandOption: true })
              .option('yes', {
                alias: 'y',
                type: 'boolean',
                default: false,
                describe: 'do not ask',
              })
              .epilog(EPILOG),
          (a) =>
            run(
              import('./drop-command.js').then((m) =>
                m.dropCommand({ ...a, channel: (a.channel ?? []).map(String) }),
              ),
            ),
        )
        .demandCommand(1, 'name a subcommand: drop'),
    )
    .command(
      'emulator',
      'start a local Snowpipe Streaming emulator and write a working profile',
      (y) =>
        y
          .option('port', { type: 'number', default: 0, describe: 'port (0 = any free port)' })
          .option('host', {
            type: 'string',
            default: '127.0.0.1',
            describe: 'interface to listen on',
          })
          .option('write-profile', {
            type: 'string',
            describe: 'where to write profile.json (default ./profile.json)',
          })
          .option('write-env', {
            type: 'string',
            describe: 'also write SNOWFLAKE_* lines to this file',
          })
          .option('schema', {
            type: 'string',
            describe: 'JSON file of tables and column types to convert and check rows against',
          })
          .option('commit-delay-ms', {
            type: 'number',
            default: 0,
            describe: 'delay before an append commits',
          })
          .option('row-key-field', {
            type: 'string',
            describe: 'row field the ledger counts duplicates by',
          })
          .option('retain-rows', {
            type: 'number',
            describe: 'keep up to n committed rows per channel in the ledger',
          })
          .epilog(EPILOG),
      (a) => run(import('./emulator-command.js').then((m) => m.emulatorCommand(a))),
    )
    .completion(
      'completion',
      'print a bash/zsh completion script (snowpipe completion >> ~/.bashrc)',
    )
    .demandCommand(1, 'name a command: ingest, status, channels, emulator')
    .strict()
    .help()
    .alias('h', 'help')
    .version(VERSION)
    .wrap(100)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new CliError('USAGE', message);
    });
}
