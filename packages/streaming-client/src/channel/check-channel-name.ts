import { channelError } from './channel-error.js';
import { isWellFormed, shown } from './check-offset-token.js';

/**
 * The longest channel name, in characters: Snowflake identifiers have at most 255 (the service
 * documents no separate channel limit), and the name travels percent-encoded in every URL path.
 */
export const MAX_CHANNEL_NAME_LENGTH = 255;

function invalid(name: string, problem: string): never {
  throw channelError('INVALID_CHANNEL_NAME', `channel name ${shown(name)} ${problem}`, {
    channelName: name.length > 64 ? `${name.slice(0, 64)}…` : name,
  });
}

/**
 * Checks a channel name: a non-blank, well-formed string of at most
 * {@link MAX_CHANNEL_NAME_LENGTH} characters that is not `.` or `..` (URL dot segments: they
 * would address another resource). Throws `INVALID_CHANNEL_NAME` (a `TypeError` for a non-string).
 */
export function checkChannelName(name: unknown): string {
  if (typeof name !== 'string')
    throw new TypeError(`openChannel: name must be a non-empty string, got ${typeof name}`);
  if (name.trim() === '') invalid(name, 'is empty');
  if (name === '.' || name === '..') invalid(name, 'is a URL dot segment');
  if (!isWellFormed(name)) invalid(name, 'is not well-formed Unicode (a lone surrogate)');
  if (name.length > MAX_CHANNEL_NAME_LENGTH) {
    invalid(
      name,
      `is ${name.length} characters long; channel names may have at most ${MAX_CHANNEL_NAME_LENGTH}`,
    );
  }
  return name;
}

/**
 * The key under which the service stores a channel name: Snowflake's identifier rules, as the
 * reference documents for the URL's `{channel}` segment (case-insensitive): an unquoted name is
 * upper-cased, a double-quoted one keeps its case (`""` inside stands for `"`). Two names with
 * one key address one channel, so one client must not hold both (it would take itself over).
 */
export function channelKey(name: string): string {
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"'))
    return name.slice(1, -1).replaceAll('""', '"');
  return name.toUpperCase();
}
