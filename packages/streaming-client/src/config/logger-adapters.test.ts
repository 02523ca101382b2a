import { Writable } from 'node:stream';
import { pino } from 'pino';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { logLevelFromEnv, parseLogLevel, withLogLevel } from './log-level.js';
import { consoleLogger, pinoLogger, winstonLogger } from './logger-adapters.js';

type Call = [string, ...unknown[]];

function fakePino(calls: Call[]) {
  const m =
    (level: string) =>
    (attributes: Record<string, unknown>, message: string): void => {
      calls.push([level, attributes, message]);
    };
  return { debug: m('debug'), info: m('info'), warn: m('warn'), error: m('error') };
}

describe('logger adapters with fake targets', () => {
  it('pinoLogger passes (attributes, message) and drops levels below the chosen one', () => {
    const calls: Call[] = [];
    const logger = pinoLogger(fakePino(calls), { level: 'info' });
    logger.debug?.('hidden', { a: 1 });
    logger.info?.('channel opened', { channel: 'C1' });
    logger.error?.('failed');
    expect(calls).toEqual([
      ['info', { channel: 'C1' }, 'channel opened'],
      ['error', {}, 'failed'],
    ]);
  });

  it('winstonLogger passes (level, message, meta)', () => {
    const calls: Call[] = [];
    const logger = winstonLogger(
      { log: (level, message, meta) => calls.push([level, message, meta]) },
      { level: 'warn' },
    );
    logger.info?.('hidden');
    logger.warn?.('reopening', { channel: 'C1', attempt: 2 });
    expect(calls).toEqual([['warn', 'reopening', { channel: 'C1', attempt: 2 }]]);
  });

  it('consoleLogger keeps attributes and defaults its level from SS_LOG_LEVEL', () => {
    const calls: Call[] = [];
    const fake = {
      debug: (...d: unknown[]) => calls.push(['debug', ...d]),
      info: (...d: unknown[]) => calls.push(['info', ...d]),
      warn: (...d: unknown[]) => calls.push(['warn', ...d]),
      error: (...d: unknown[]) => calls.push(['error', ...d]),
    };
    const logger = consoleLogger({ console: fake, env: { SS_LOG_LEVEL: 'ERROR' } });
    logger.warn?.('hidden');
    logger.error?.('boom', { channel: 'C' });
    logger.error?.('plain', {});
    expect(calls).toEqual([
      ['error', 'boom', { channel: 'C' }],
      ['error', 'plain'],
    ]);
    const debug = consoleLogger({ console: fake, env: {}, level: 'debug' });
    debug.debug?.('shown');
    expect(calls.at(-1)).toEqual(['debug', 'shown']);
  });
});

describe('log levels', () => {
  it('parses the official names and common aliases; rejects others naming the source', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ SS_LOG_LEVEL: ' Warn ' })).toBe('warn');
    expect(parseLogLevel('trace', 'x')).toBe('debug');
    expect(parseLogLevel('silent', 'x')).toBe('off');
    expect(() => logLevelFromEnv({ SS_LOG_LEVEL: 'loud' })).toThrow(ConfigurationError);
    expect(() => logLevelFromEnv({ SS_LOG_LEVEL: 'loud' })).toThrow(
      'logLevel: must be one of debug, info, warn, error, off (got "loud" from env SS_LOG_LEVEL)',
    );
  });

  it('withLogLevel off drops every method; missing methods stay missing', () => {
    const seen: string[] = [];
    const base = { warn: (m: string) => seen.push(m) };
    expect(Object.keys(withLogLevel(base, 'off'))).toEqual([]);
    const kept = withLogLevel(base, 'debug');
    expect(kept.info).toBeUndefined();
    kept.warn?.('w');
    expect(seen).toEqual(['w']);
  });
});

describe('logger adapters with the real packages', () => {
  it('pino writes the attributes as JSON fields', () => {
    const lines: string[] = [];
    const target = pino(
      { level: 'debug', base: null, timestamp: false },
      {
        write: (s: string) => lines.push(s),
      },
    );
    pinoLogger(target, { level: 'debug' }).warn?.('channel reopening', {
      channel: 'C1',
      attempt: 2,
    });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 40, msg: 'channel reopening', channel: 'C1', attempt: 2 },
    ]);
  });

  it('winston writes the attributes as fields of the entry', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const target = winston.createLogger({
      level: 'debug',
      format: winston.format.json(),
      transports: [new winston.transports.Stream({ stream })],
    });
    winstonLogger(target, { level: 'debug' }).info?.('channel opened', { channel: 'C1' });
    await new Promise<void>((resolve) => {
      target.on('finish', resolve);
      target.end();
    });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { level: 'info', message: 'channel opened', channel: 'C1' },
    ]);
  });
});
