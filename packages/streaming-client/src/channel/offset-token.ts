/**
 * Orders two offset tokens: negative when `a` comes before `b`, zero when equal, positive after.
 * Supply one as `offsetTokenComparator` when your tokens are not plain integers.
 */
export type OffsetTokenComparator = (a: string, b: string) => number;

const INTEGER = /^[+-]?\d+$/;
/** Digit strings up to this length fit a double exactly (2^53 has 16 digits). */
const SAFE_DIGITS = 15;

/** Whether `token` is a decimal integer (optionally signed): such tokens compare numerically. */
export function isIntegerOffsetToken(token: string): boolean {
  return INTEGER.test(token);
}

function compareIntegers(a: string, b: string): number {
  if (a.length <= SAFE_DIGITS && b.length <= SAFE_DIGITS) return Math.sign(Number(a) - Number(b));
  // Long digit strings (Kafka offsets packed with partitions, LSNs, …) lose precision as doubles.
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareLexicographic(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two offset tokens the way the client does everywhere (commit waits, replay after
 * recovery): numerically when both are integers (BigInt for long digit strings), otherwise with
 * `comparator`, or lexicographically (UTF-16 code units) when no comparator is given.
 * Throws a `TypeError` when the comparator throws or returns something that is not a number.
 * @example
 * compareOffsetTokens('9', '10'); // -1 (numeric, not lexicographic)
 */
export function compareOffsetTokens(
  a: string,
  b: string,
  comparator?: OffsetTokenComparator,
): number {
  if (isIntegerOffsetToken(a) && isIntegerOffsetToken(b)) return compareIntegers(a, b);
  if (!comparator) return compareLexicographic(a, b);
  const result = comparator(a, b);
  if (typeof result !== 'number' || Number.isNaN(result)) {
    throw new TypeError(`offsetTokenComparator returned ${String(result)}, expected a number`);
  }
  return Math.sign(result);
}
