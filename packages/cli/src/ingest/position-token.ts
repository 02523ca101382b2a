import { compareOffsetTokens } from '@snowpipe/streaming-client';

/**
 * How a channel's offset tokens name input positions. `line`: the token is the position alone
 * (`"1234"`: line 1234 of the one input, or element 1234 of a JSON array). `file-line`: several
 * inputs share the channel and the token is `"<input number>:<position>"` (`"2:17"`: line 17 of
 * the second input on the command line).
 */
export type TokenLayout = 'line' | 'file-line';

/** An input position: which input (1-based) and which line or element in it. */
export interface InputPosition {
  /** 1-based index of the input in the command line. */
  readonly input: number;
  /** Line number or element index; 0 means before the first. */
  readonly position: number;
}

/** The offset token for `position` in `layout`. */
export function formatToken(layout: TokenLayout, at: InputPosition): string {
  return layout === 'line' ? String(at.position) : `${at.input}:${at.position}`;
}

const LINE = /^(0|[1-9]\d{0,15})$/;
const FILE_LINE = /^([1-9]\d{0,5}):(0|[1-9]\d{0,15})$/;

/** Reads a token written by {@link formatToken}; `undefined` when it is not one. */
export function parseToken(layout: TokenLayout, token: string): InputPosition | undefined {
  if (layout === 'line') {
    return LINE.test(token) ? { input: 1, position: Number(token) } : undefined;
  }
  const m = FILE_LINE.exec(token);
  return m ? { input: Number(m[1]), position: Number(m[2]) } : undefined;
}

/** Orders positions; also gives a single number for bookkeeping. */
export function positionKey(at: InputPosition): number {
  return at.input * 2 ** 36 + at.position;
}

/**
 * The client's `offsetTokenComparator`: `input:position` tokens compare as number pairs (so
 * `"1:10"` is after `"1:9"`), anything else as the library does by default.
 */
export function compareCliTokens(a: string, b: string): number {
  const x = FILE_LINE.exec(a);
  const y = FILE_LINE.exec(b);
  if (x && y) return Number(x[1]) - Number(y[1]) || Number(x[2]) - Number(y[2]);
  return compareOffsetTokens(a, b);
}
