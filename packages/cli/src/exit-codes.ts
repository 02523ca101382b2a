/**
 * Exit codes of the `snowpipe` command. Scripts can rely on them: they never change meaning.
 */
export const EXIT_CODES = Object.freeze({
  /** Everything asked for is done (for `ingest`: every input row committed). */
  ok: 0,
  /** A runtime failure: the service refused, a commit did not arrive in time, a channel failed. */
  failure: 1,
  /** Bad arguments or configuration (the message names the flag, variable or property). */
  usage: 2,
  /** `--on-error stop` met a bad row: rows before it are committed, the rest was not read. */
  badInput: 3,
  /** Refused to act: `--from-start` on a channel with committed rows, a different `--channels`, no confirmation. */
  refused: 4,
  /** Stopped by SIGINT before the input was fully committed (128 + 2). */
  interrupted: 130,
  /** Stopped by SIGTERM before the input was fully committed (128 + 15). */
  terminated: 143,
});

/** One of the {@link EXIT_CODES} values. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
