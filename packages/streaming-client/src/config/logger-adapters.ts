import type { Logger } from './logger.js';
import { LOG_METHODS, logLevelFromEnv, withLogLevel } from './log-level.js';
import type { LogLevel } from './log-level.js';

/** Options shared by the logger adapters. */
export interface LoggerAdapterOptions {
  /**
   * Lowest level passed on to the target logger (the target may drop more by its own level).
   * @default the level in env `SS_LOG_LEVEL`, else `'info'`
   */
  level?: LogLevel;
  /**
   * Environment read for the default level.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
}

/** One method of a pino-shaped logger: attributes object first, then the message. */
export type PinoLogMethod = (attributes: Record<string, unknown>, message: string) => unknown;

/** What {@link pinoLogger} needs: pino, bunyan and their child loggers have this shape. */
export interface PinoLike {
  /** Debug level. */
  debug: PinoLogMethod;
  /** Info level. */
  info: PinoLogMethod;
  /** Warn level. */
  warn: PinoLogMethod;
  /** Error level. */
  error: PinoLogMethod;
}

/** What {@link winstonLogger} needs: a winston logger's `log(level, message, meta)`. */
export interface WinstonLike {
  /** Writes one entry; `meta` becomes fields of the entry. */
  log(level: string, message: string, meta: Record<string, unknown>): unknown;
}

/** What {@link consoleLogger} needs: the `console` methods it calls. */
export interface ConsoleLike {
  /** Debug output. */
  debug(...data: unknown[]): void;
  /** Info output. */
  info(...data: unknown[]): void;
  /** Warning output. */
  warn(...data: unknown[]): void;
  /** Error output. */
  error(...data: unknown[]): void;
}

/** Options of {@link consoleLogger}. */
export interface ConsoleLoggerOptions extends LoggerAdapterOptions {
  /**
   * Where lines go.
   * @default globalThis.console
   */
  console?: ConsoleLike;
}

function levelOf(options: LoggerAdapterOptions): LogLevel {
  return options.level ?? logLevelFromEnv(options.env ?? process.env);
}

/**
 * Adapts a pino (or bunyan) logger, whose methods take `(attributes, message)`, so the client's
 * attributes become fields of the log entry instead of being lost.
 * @example
 * const logger = pinoLogger(pino({ level: 'debug' }), { level: 'info' });
 */
export function pinoLogger(target: PinoLike, options: LoggerAdapterOptions = {}): Logger {
  const out: Logger = {};
  for (const method of LOG_METHODS) {
    out[method] = (message, attributes) => {
      target[method]({ ...attributes }, message);
    };
  }
  return withLogLevel(out, levelOf(options));
}

/**
 * Adapts a winston logger: each entry is `log(level, message, attributes)`, so attributes become
 * fields of the entry (winston's `warn` level is `warn`).
 * @example
 * const logger = winstonLogger(winston.createLogger({ transports: [new winston.transports.Console()] }));
 */
export function winstonLogger(target: WinstonLike, options: LoggerAdapterOptions = {}): Logger {
  const out: Logger = {};
  for (const method of LOG_METHODS) {
    out[method] = (message, attributes) => {
      target.log(method, message, { ...attributes });
    };
  }
  return withLogLevel(out, levelOf(options));
}

/**
 * Writes to `console` (or another console-shaped object): the message, then the attributes
 * object when there is one, so Node prints them inspected on the same entry.
 * @example
 * const logger = consoleLogger({ level: 'warn' });
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const target = options.console ?? globalThis.console;
  const out: Logger = {};
  for (const method of LOG_METHODS) {
    out[method] = (message, attributes) => {
      if (attributes === undefined || Object.keys(attributes).length === 0) target[method](message);
      else target[method](message, attributes);
    };
  }
  return withLogLevel(out, levelOf(options));
}
