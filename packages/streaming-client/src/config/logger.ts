/**
 * Where the client writes its log lines. Every method is optional; a missing one drops that
 * level. Messages and attributes never carry secrets.
 */
export interface Logger {
  /** Detail for troubleshooting (e.g. a token refreshed after a 401). */
  debug?(message: string, attributes?: Record<string, unknown>): void;
  /** Lifecycle events (e.g. a channel recovered or closed). */
  info?(message: string, attributes?: Record<string, unknown>): void;
  /** A problem the client is handling (e.g. a channel reopening, a failed status poll). */
  warn?(message: string, attributes?: Record<string, unknown>): void;
  /** A failure the client could not handle (a channel that failed, an unhandled Elastic error). */
  error?(message: string, attributes?: Record<string, unknown>): void;
}

/** A logger that drops everything: the default. */
export const silentLogger: Logger = Object.freeze({});
