export { runCli } from './cli/run-cli.js';
export { EXIT_CODES } from './exit-codes.js';
export type { ExitCode } from './exit-codes.js';
export { CliError } from './cli-error.js';
export type { CliErrorCode } from './cli-error.js';
export type { IngestSummary, ChannelSummary } from './ingest/ingest-summary.js';
