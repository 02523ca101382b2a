import { EmulatorError, loadSchemaFile, startEmulator } from '@snowpipe/emulator';
import type { TableDefinition } from '@snowpipe/emulator';
import { CliError } from '../cli-error.js';
import { EXIT_CODES } from '../exit-codes.js';
import type { ExitCode } from '../exit-codes.js';

/** Parsed flags of `snowpipe emulator`. */
export interface EmulatorFlags {
  /** `--port`. */
  port: number;
  /** `--host`. */
  host: string;
  /** `--write-profile`. */
  writeProfile?: string | undefined;
  /** `--write-env`. */
  writeEnv?: string | undefined;
  /** `--commit-delay-ms`. */
  commitDelayMs: number;
  /** `--row-key-field`. */
  rowKeyField?: string | undefined;
  /** `--retain-rows`. */
  retainRows?: number | undefined;
  /** `--schema`: a JSON file of tables and column types the emulator converts and checks rows against. */
  schema?: string | undefined;
}

/**
 * Runs `snowpipe emulator`: starts `@snowpipe/emulator`, registers a generated key pair and writes
 * it as a profile (and `SNOWFLAKE_*` lines), then serves until SIGINT/SIGTERM.
 */
export async function emulatorCommand(flags: EmulatorFlags): Promise<ExitCode> {
  const tables = flags.schema === undefined ? undefined : readSchema(flags.schema);
  const emulator = await startEmulator({
    ...(tables !== undefined ? { tables } : {}),
    port: flags.port,
    host: flags.host,
    commitDelayMs: flags.commitDelayMs,
    ...(flags.rowKeyField !== undefined ? { rowKeyField: flags.rowKeyField } : {}),
    ...(flags.retainRows !== undefined ? { retainRows: flags.retainRows } : {}),
  });
  const credentials = emulator.createCredentials();
  const profile = flags.writeProfile ?? 'profile.json';
  await credentials.writeProfile(profile);
  if (flags.writeEnv !== undefined) await credentials.writeEnvFile(flags.writeEnv);
  process.stdout.write(
    [
      `Snowpipe Streaming emulator listening on ${emulator.url}`,
      `profile written to ${profile}${flags.writeEnv !== undefined ? `, SNOWFLAKE_* lines to ${flags.writeEnv}` : ''}`,
      `try: snowpipe ingest data.ndjson --profile ${profile} --table DEMO.PUBLIC.EVENTS`,
      `ledger: ${emulator.url}/_emulator/ledger  (Ctrl-C stops)`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.stop();
  return EXIT_CODES.ok;
}

function readSchema(file: string): TableDefinition[] {
  try {
    return loadSchemaFile(file);
  } catch (error) {
    if (error instanceof EmulatorError)
      throw new CliError('USAGE', error.message, { cause: error });
    throw error;
  }
}
