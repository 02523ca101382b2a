import { parseArgs } from 'node:util';
import type {
  EmulatorOptions,
  HostnameMode,
  IngestServerMode,
  ValidationMode,
} from '../options.js';

/** What the command line asked for: emulator options plus the key files to read. */
export interface CliConfig {
  options: EmulatorOptions;
  publicKeyFiles: string[];
  /** `--schema FILE`: JSON with the `tables` option. */
  schemaFile?: string;
  /** `--write-profile`: where to write an official-SDK `profile.json` for a generated key pair. */
  writeProfile?: string;
  /** `--write-env`: where to write the same credentials as `SNOWFLAKE_*` lines. */
  writeEnv?: string;
  help: boolean;
}

/** Usage text for `snowpipe-emulator --help`. */
export const CLI_USAGE = `Usage: snowpipe-emulator [options]

  --port <n>               port to listen on (default 0 = any free port)
  --host <addr>            interface to listen on (default 127.0.0.1)
  --public-key <file>      RSA public key PEM to accept (repeatable)
  --accept-any-key         DEVELOPMENT ONLY: accept any RS256 JWT without checking its signature
  --commit-delay-ms <n>    delay between accepting an append and committing it (default 0)
  --scoped-token-ttl-s <n> scoped token lifetime (default 3600)
  --row-key-field <name>   row field used to count distinct/duplicate keys in the ledger
  --retain-rows <n>        keep up to n committed rows per channel in the ledger
  --require-accept         answer 391902 when Accept: application/json is missing
  --hostname-mode <mode>   plain | json | underscore (default plain)
  --validation <mode>      full | fast (default full)
  --ingest-server <mode>   shared | separate (default shared: one port for everything)
  --seed <n>               fault-injection seed (default 1)
  --schema <file>          JSON file of tables and column types to convert and check rows against
  --write-profile <file>   generate a key pair, register it, write a profile.json for clients
  --write-env <file>       same credentials as SNOWFLAKE_* lines (node --env-file, set -a; . file)
  --help                   show this text
`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Parses `snowpipe-emulator` arguments with `node:util` `parseArgs`; throws on unknown or bad flags. */
export function parseCliArgs(argv: string[]): CliConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      'accept-any-key': { type: 'boolean' },
      'commit-delay-ms': { type: 'string' },
      'scoped-token-ttl-s': { type: 'string' },
      'row-key-field': { type: 'string' },
      'retain-rows': { type: 'string' },
      'require-accept': { type: 'boolean' },
      'hostname-mode': { type: 'string' },
      validation: { type: 'string' },
      'ingest-server': { type: 'string' },
      seed: { type: 'string' },
      schema: { type: 'string' },
      'write-profile': { type: 'string' },
      'write-env': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const options: EmulatorOptions = {};
  const set = <K extends keyof EmulatorOptions>(
    key: K,
    value: EmulatorOptions[K] | undefined,
  ): void => {
    if (value !== undefined) options[key] = value;
  };
  set('port', int('port', values.port));
  set('host', values.host);
  set('acceptAnyKey', values['accept-any-key']);
  set('commitDelayMs', int('commit-delay-ms', values['commit-delay-ms']));
  set('scopedTokenTtlS', int('scoped-token-ttl-s', values['scoped-token-ttl-s']));
  set('rowKeyField', values['row-key-field']);
  set('retainRows', int('retain-rows', values['retain-rows']));
  set('requireAccept', values['require-accept']);
  set('hostnameMode', values['hostname-mode'] as HostnameMode | undefined);
  set('validation', values.validation as ValidationMode | undefined);
  set('ingestServer', values['ingest-server'] as IngestServerMode | undefined);
  set('seed', int('seed', values.seed));
  return {
    options,
    publicKeyFiles: values['public-key'] ?? [],
    ...(values['write-profile'] !== undefined ? { writeProfile: values['write-profile'] } : {}),
    ...(values['write-env'] !== undefined ? { writeEnv: values['write-env'] } : {}),
    help: values.help ?? false,
    ...(values.schema !== undefined ? { schemaFile: values.schema } : {}),
  };
}
