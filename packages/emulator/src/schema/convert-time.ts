import type { Converted } from './convert-number.js';

type TimeKind = 'DATE' | 'TIME' | 'TIMESTAMP_NTZ' | 'TIMESTAMP_LTZ' | 'TIMESTAMP_TZ';

/** Wall-clock fields plus the offset written with them (minutes east of UTC), if any. */
interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offsetMinutes: number | undefined;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const INTEGER = /^-?\d+$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function offsetOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function parseTimestamp(text: string): Fields | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const f: Fields = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    nanos: Number((m[7] ?? '').padEnd(9, '0')),
    offsetMinutes: offsetOf(m[8]),
  };
  if (!validDate(f.year, f.month, f.day) || f.hour > 23 || f.minute > 59 || f.second > 59) {
    return undefined;
  }
  return f;
}

/**
 * Snowflake's rule for integer-stored dates and times: below 31,536,000,000 the value counts
 * seconds since the epoch, below 31,536,000,000,000 milliseconds, below 31,536,000,000,000,000
 * microseconds, else nanoseconds.
 */
function fromEpochInteger(text: string): Fields | undefined {
  const v = BigInt(text);
  const abs = v < 0n ? -v : v;
  const perSecond =
    abs < 31_536_000_000n
      ? 1n
      : abs < 31_536_000_000_000n
        ? 1000n
        : abs < 31_536_000_000_000_000n
          ? 1_000_000n
          : 1_000_000_000n;
  let seconds = v / perSecond;
  let rest = v % perSecond;
  if (rest < 0n) {
    seconds -= 1n;
    rest += perSecond;
  }
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    nanos: Number((rest * 1_000_000_000n) / perSecond),
    offsetMinutes: 0,
  };
}

function shift(f: Fields, minutes: number): Fields {
  const ms = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) + minutes * 60_000;
  const d = new Date(ms);
  return {
    ...f,
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

const datePart = (f: Fields): string => `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
const timePart = (f: Fields): string =>
  `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}.${pad(f.nanos, 9)}`;

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * DATE, TIME and TIMESTAMP_NTZ/LTZ/TZ from a JSON string or number, in the forms the Snowpipe
 * Streaming docs list: `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH24:MI[:SS[.FF]]` with an optional `Z` or
 * `±HH:MM` offset, `HH24:MI[:SS[.FF]][offset]` for TIME, and integer-stored values. The session
 * time zone is UTC (the official SDK fixes it). Stored as text: `2026-01-02`, `03:04:05.000000000`,
 * `2026-01-02 03:04:05.000000000` (NTZ: wall clock, any offset dropped), `... +00:00` (LTZ: the
 * instant in UTC), `... +05:30` (TZ: the offset kept).
 */
export function toTime(kind: TimeKind, text: string, fromNumber: boolean): Converted {
  const bad: Converted = {
    ok: false,
    reason: `${kind === 'DATE' ? 'date' : kind === 'TIME' ? 'time' : 'timestamp'} is not recognized`,
  };
  if (kind === 'TIME') {
    const m = TIME.exec(text.trim());
    if (!m) return bad;
    const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return bad;
    return { ok: true, value: `${pad(h)}:${pad(mi)}:${pad(s)}.${(m[4] ?? '').padEnd(9, '0')}` };
  }
  const f =
    fromNumber || INTEGER.test(text.trim())
      ? INTEGER.test(text.trim())
        ? fromEpochInteger(text.trim())
        : undefined
      : parseTimestamp(text);
  if (!f || f.year < 1 || f.year > 9999) return bad;
  switch (kind) {
    case 'DATE':
      return { ok: true, value: datePart(f) };
    case 'TIMESTAMP_NTZ':
      return { ok: true, value: `${datePart(f)} ${timePart(f)}` };
    case 'TIMESTAMP_LTZ': {
      const utc = shift(f, -(f.offsetMinutes ?? 0));
      return { ok: true, value: `${datePart(utc)} ${timePart(utc)} +00:00` };
    }
    case 'TIMESTAMP_TZ':
      return {
        ok: true,
        value: `${datePart(f)} ${timePart(f)} ${formatOffset(f.offsetMinutes ?? 0)}`,
      };
  }
}
