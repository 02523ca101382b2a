import { channelError } from './channel-error.js';
import { compareOffsetTokens } from './offset-token.js';
import type { OffsetTokenComparator } from './offset-token.js';

/**
 * The longest offset token, in UTF-8 bytes. The service documents no limit (reference §10.1,
 * §16.8); tokens travel percent-encoded in the append URL (two per request), and request heads
 * over 16 KiB are refused (HTTP 431) by Node and most proxies. 1,024 bytes keep both tokens
 * under 6 KiB encoded, room for Kafka `topic/partition/offset` strings, LSNs and UUIDs.
 */
export const MAX_OFFSET_TOKEN_BYTES = 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` is well-formed Unicode (no lone surrogate), as `String.prototype.isWellFormed`. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** `value` quoted and cut to 64 characters, safe for an error message. */
export function shown(value: string): string {
  const cut = value.length > 64 ? `${value.slice(0, 64)}…` : value;
  return JSON.stringify(cut);
}

function invalid(argument: string, value: string, problem: string, channelName?: string): never {
  throw channelError('INVALID_OFFSET_TOKEN', `${argument} ${shown(value)} ${problem}`, {
    ...(channelName !== undefined ? { channelName } : {}),
    argument,
    offsetToken: value.length > 64 ? `${value.slice(0, 64)}…` : value,
  });
}

/**
 * Checks one offset token argument: absent (`undefined`/`null`), or a non-empty, well-formed
 * string of at most {@link MAX_OFFSET_TOKEN_BYTES} UTF-8 bytes. Throws `INVALID_OFFSET_TOKEN`
 * (or a `TypeError` for a non-string) naming the argument and the value.
 */
export function checkOffsetToken(
  value: unknown,
  argument: string,
  channelName?: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new TypeError(`${argument} must be a string, got ${typeof value}`);
  if (value === '') invalid(argument, value, 'is empty: give a token or leave it out', channelName);
  if (!isWellFormed(value))
    invalid(argument, value, 'is not well-formed Unicode (a lone surrogate)', channelName);
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > MAX_OFFSET_TOKEN_BYTES) {
    invalid(
      argument,
      value,
      `is ${bytes} bytes long; offset tokens may have at most ${MAX_OFFSET_TOKEN_BYTES} UTF-8 bytes`,
      channelName,
    );
  }
  return value;
}

/**
 * Checks that an append call's tokens do not go backwards: `start` not after `end`, and neither
 * before `previous` (the last token accepted on the channel). Integer tokens compare
 * numerically, others with the channel's comparator (lexicographic by default).
 */
export function checkTokenOrder(
  previous: string | undefined,
  start: string | undefined,
  end: string | undefined,
  channelName: string,
  comparator?: OffsetTokenComparator,
): void {
  const compare = (a: string, b: string, what: string, value: string): number => {
    try {
      return compareOffsetTokens(a, b, comparator);
    } catch (error) {
      throw channelError(
        'INVALID_OFFSET_TOKEN',
        `offset token ${shown(value)} cannot be ordered against ${shown(b)} (${what}): ${error instanceof Error ? error.message : String(error)}`,
        { channelName, offsetToken: value, previousOffsetToken: b },
        error,
      );
    }
  };
  if (
    start !== undefined &&
    end !== undefined &&
    start !== end &&
    compare(end, start, 'its start', end) < 0
  ) {
    throw channelError(
      'INVALID_OFFSET_TOKEN',
      `endOffsetToken ${shown(end)} is before startOffsetToken ${shown(start)}`,
      { channelName, argument: 'endOffsetToken', offsetToken: end },
    );
  }
  const first = start ?? end;
  if (previous === undefined || first === undefined || first === previous) return;
  if (compare(first, previous, 'the previous token', first) < 0) {
    throw channelError(
      'INVALID_OFFSET_TOKEN',
      `offset token ${shown(first)} goes backwards from the previous token ${shown(previous)} on channel "${channelName}": tokens must never decrease (resume from the committed offset token on a fresh channel object instead)`,
      {
        channelName,
        argument: start !== undefined ? 'startOffsetToken' : 'endOffsetToken',
        offsetToken: first,
        previousOffsetToken: previous,
      },
    );
  }
}
