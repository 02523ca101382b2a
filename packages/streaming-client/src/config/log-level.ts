import { ConfigurationError } from '../errors/configuration-error.js';
import type { Logger } from './logger.js';

/** Lowest level a logger passes on; `'off'` drops everything. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'off';

const RANK: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  off: 99,
};
// Spellings other loggers use for the same levels (the official SDK documents info, warn, error).
const ALIASES: Readonly<Record<string, LogLevel>> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  fatal: 'error',
  off: 'off',
  none: 'off',
  silent: 'off',
};

/** The four logging methods, lowest level first. */
export const LOG_METHODS = Object.freeze(['debug', 'info', 'warn', 'error'] as const);

/**
 * Parses a level name case-insensitively (`trace` counts as `debug`, `silent`/`none` as `off`).
 * @param value - The text, e.g. `"WARN"`.
 * @param source - Where it came from, for the error (e.g. `env SS_LOG_LEVEL`).
 * @throws ConfigurationError naming `source` when the text is no level.
 */
export function parseLogLevel(value: string, source: string): LogLevel {
  const level = ALIASES[value.trim().toLowerCase()];
  if (level === undefined) {
    throw new ConfigurationError(
      `logLevel: must be one of debug, info, warn, error, off (got ${JSON.stringify(value)} from ${source})`,
      { field: 'logLevel', source },
    );
  }
  return level;
}

/**
 * The level from `SS_LOG_LEVEL` (the official SDK's variable), or `'info'` (its default) when it
 * is unset or empty.
 * @param env - Environment to read. @default process.env
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = env.SS_LOG_LEVEL;
  return raw === undefined || raw.trim() === '' ? 'info' : parseLogLevel(raw, 'env SS_LOG_LEVEL');
}

/**
 * Wraps `logger` so that calls below `level` are dropped before they reach it.
 * @param logger - Any {@link Logger}, e.g. one from `pinoLogger`.
 * @param level - Lowest level passed on.
 * @example
 * const logger = withLogLevel({ warn: (m) => process.stderr.write(`${m}\n`) }, logLevelFromEnv());
 */
export function withLogLevel(logger: Logger, level: LogLevel): Logger {
  const min = RANK[level];
  const out: Logger = {};
  for (const method of LOG_METHODS) {
    if (logger[method] === undefined || RANK[method] < min) continue;
    // Called through `logger` so class-based loggers keep their `this`.
    out[method] = (message, attributes) => {
      logger[method]?.(message, attributes);
    };
  }
  return Object.freeze(out);
}
