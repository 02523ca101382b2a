#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { CLI_USAGE, parseCliArgs } from '../cli/parse-cli-args.js';
import { startEmulator } from '../emulator.js';
import { loadSchemaFile } from '../schema/load-schema-file.js';

async function main(): Promise<void> {
  let config;
  try {
    config = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\n\n${CLI_USAGE}`,
    );
    process.exit(2);
  }
  if (config.help) {
    process.stdout.write(CLI_USAGE);
    return;
  }
  const publicKeys = config.publicKeyFiles.map((file) => readFileSync(file, 'utf8'));
  const emulator = await startEmulator({
    ...config.options,
    ...(config.schemaFile !== undefined ? { tables: loadSchemaFile(config.schemaFile) } : {}),
    publicKeys,
    logger: {
      info: (msg) => process.stdout.write(`${msg}\n`),
      warn: (msg) => process.stderr.write(`\n!!! ${msg} !!!\n\n`),
    },
  });
  if (config.writeProfile !== undefined || config.writeEnv !== undefined) {
    const credentials = emulator.createCredentials();
    if (config.writeProfile !== undefined) {
      await credentials.writeProfile(config.writeProfile);
      process.stdout.write(`Profile written to ${config.writeProfile}\n`);
    }
    if (config.writeEnv !== undefined) {
      await credentials.writeEnvFile(config.writeEnv);
      process.stdout.write(`SNOWFLAKE_* variables written to ${config.writeEnv}\n`);
    }
  }
  const keyCount = publicKeys.length + ((config.writeProfile ?? config.writeEnv) ? 1 : 0);
  process.stdout.write(
    `Ingest host: ${emulator.ingestHost}; ${keyCount} public key(s) registered\n`,
  );
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Received ${signal}, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `snowpipe-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
