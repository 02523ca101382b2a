import type { ClientOptions, Logger } from '@snowpipe/streaming-client';
import { loadConfigFromConnectionsToml, loadConfigFromEnv } from '@snowpipe/streaming-client';
import { CliError } from '../cli-error.js';
import { compareCliTokens } from '../ingest/position-token.js';
import { parseObjectName } from '../object-name.js';

/** The connection flags every command takes. */
export interface ConnectionFlags {
  /** `--profile`: an official-SDK profile.json. */
  profile?: string | undefined;
  /** `--connection NAME`: a connection of Snowflake's `connections.toml` (found as the library finds it). */
  connection?: string | undefined;
  /** `--table DB.SCHEMA.TABLE`. */
  table?: string | undefined;
  /** `--pipe DB.SCHEMA.PIPE`. */
  pipe?: string | undefined;
}

/** Writes the library's warnings and errors to stderr (it never logs secrets). */
export const stderrLogger: Logger = Object.freeze({
  warn: (message: string) => void process.stderr.write(`snowpipe: ${message}\n`),
  error: (message: string) => void process.stderr.write(`snowpipe: ${message}\n`),
});

/**
 * Client options the way the library resolves them: `--connection` through
 * `loadConfigFromConnectionsToml`, then `SNOWFLAKE_*` variables through `loadConfigFromEnv` (they
 * become `properties`, which win over the connection and the profile), `--profile` over
 * `SNOWFLAKE_PROFILE_PATH`, `--table`/`--pipe` over `SNOWFLAKE_TABLE`/`SNOWFLAKE_PIPE`. What is
 * missing or wrong is reported by `createClient` with the library's own messages.
 */
export async function clientOptionsFromFlags(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClientOptions> {
  const fromToml =
    flags.connection === undefined
      ? {}
      : await loadConfigFromConnectionsToml({ connectionName: flags.connection, env });
  const fromEnv = withoutUndefined(loadConfigFromEnv(env));
  const merged: Partial<ClientOptions> = {
    ...fromToml,
    ...fromEnv,
    properties: { ...fromToml.properties, ...fromEnv.properties },
  };
  if (flags.table !== undefined && flags.pipe !== undefined) {
    throw new CliError('USAGE', 'give --table or --pipe, not both');
  }
  const { tableName: envTable, pipeName: envPipe, ...rest } = merged;
  const options: ClientOptions = {
    clientName: 'snowpipe-cli',
    ...rest,
    dbName: rest.dbName as string,
    schemaName: rest.schemaName as string,
    offsetTokenComparator: compareCliTokens,
    logger: stderrLogger,
  };
  const fallback = { database: rest.dbName, schema: rest.schemaName };
  if (flags.table !== undefined) {
    const t = parseObjectName(flags.table, '--table', fallback);
    Object.assign(options, { dbName: t.database, schemaName: t.schema, tableName: t.name });
  } else if (flags.pipe !== undefined) {
    const p = parseObjectName(flags.pipe, '--pipe', fallback);
    Object.assign(options, { dbName: p.database, schemaName: p.schema, pipeName: p.name });
  } else if (envTable !== undefined || envPipe !== undefined) {
    Object.assign(options, envTable !== undefined ? { tableName: envTable } : {});
    Object.assign(options, envPipe !== undefined ? { pipeName: envPipe } : {});
  } else {
    throw new CliError(
      'USAGE',
      'say where the rows go: --table DB.SCHEMA.TABLE or --pipe DB.SCHEMA.PIPE (or SNOWFLAKE_TABLE / SNOWFLAKE_PIPE)',
    );
  }
  if (flags.profile !== undefined) options.profilePath = flags.profile;
  return options;
}

/** `DB.SCHEMA.PIPE` of the options, for messages. */
export function targetLabel(options: ClientOptions): string {
  return `${options.dbName}.${options.schemaName}.${options.pipeName ?? `${options.tableName} (pipe ${options.tableName}-STREAMING)`}`;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
