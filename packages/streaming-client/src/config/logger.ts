/**
 * Where the client writes its log lines. Every method is optional; a missing one drops that
 * level. Messages and attributes never carry secrets.
 */
export interface Logger {
  debug?(message: string, attributes?: Record<string, unknown>): void;
  info?(message: string, attributes?: Record<string, unknown>): void;
  warn?(message: string, attributes?: Record<string, unknown>): void;
  error?(message: string, attributes?: Record<string, unknown>): void;
}

/** A logger that drops everything: the default. */
export const silentLogger: Logger = Object.freeze({});
