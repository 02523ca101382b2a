import { EXIT_CODES } from './exit-codes.js';
import type { ExitCode } from './exit-codes.js';

/** Stable codes of {@link CliError}. */
export type CliErrorCode =
  | 'USAGE'
  | 'UNSUPPORTED_INPUT'
  | 'BAD_INPUT'
  | 'FROM_START_REFUSED'
  | 'CHANNELS_MISMATCH'
  | 'FOREIGN_OFFSET_TOKEN'
  | 'NOT_CONFIRMED'
  | 'COMMIT_TIMEOUT';

const EXIT_BY_CODE: Record<CliErrorCode, ExitCode> = {
  USAGE: EXIT_CODES.usage,
  UNSUPPORTED_INPUT: EXIT_CODES.usage,
  BAD_INPUT: EXIT_CODES.badInput,
  FROM_START_REFUSED: EXIT_CODES.refused,
  CHANNELS_MISMATCH: EXIT_CODES.refused,
  FOREIGN_OFFSET_TOKEN: EXIT_CODES.refused,
  NOT_CONFIRMED: EXIT_CODES.refused,
  COMMIT_TIMEOUT: EXIT_CODES.failure,
};

/** An error the command reports as one line and maps to an exit code. */
export class CliError extends Error {
  /** Always `'CliError'`. */
  override readonly name = 'CliError';
  /** Stable machine-readable code. */
  readonly code: CliErrorCode;
  /** The process exit code this error leads to. */
  readonly exitCode: ExitCode;

  /** Creates an error with a stable `code`; `cause` is kept for debugging. */
  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.exitCode = EXIT_BY_CODE[code];
  }
}
